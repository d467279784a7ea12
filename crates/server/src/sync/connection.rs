//! One WebSocket connection speaking the automerge-repo protocol: the
//! handshake, then routing each message to its document's actor. Bad input
//! closes only this connection, with a reason; nothing it sent is applied.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::sync;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use samenbord_protocol::payload::{self, PayloadError};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, debug, info_span};

use super::actor::DocCommand;
use super::budget::ByteBudget;
use super::document_id::DocumentId;
use super::hub::{Hub, Principal};
use super::peer::{CloseReason, Closer, ConnectionId, PeerHandle};
use super::presence;
use super::rate::RateLimiter;
use super::wire::{PROTOCOL_VERSION, WireMessage};
use crate::config::SyncLimits;
use crate::metrics::{self, Metrics};

/// Presence a peer may send: the web client beats every 4 s per room.
const PRESENCE_PER_SECOND: u32 = 4;
const PRESENCE_BURST: u32 = 20;

/// Serves one upgraded socket until it closes.
pub async fn serve(
    socket: WebSocket,
    principal: Principal,
    hub: Arc<Hub>,
    limits: SyncLimits,
    metrics: Arc<Metrics>,
    shutdown: CancellationToken,
) {
    let connection = ConnectionId::next();
    let span = info_span!(
        "sync",
        session.id = %principal.session_id(),
        peer.id = tracing::field::Empty,
        connection = %connection,
    );
    metrics::add(&metrics.connections_open, 1);
    metrics::add(&metrics.connections_total, 1);
    run(
        socket,
        connection,
        principal,
        hub,
        limits,
        metrics.clone(),
        shutdown,
    )
    .instrument(span)
    .await;
    metrics::sub(&metrics.connections_open, 1);
}

async fn run(
    socket: WebSocket,
    connection: ConnectionId,
    principal: Principal,
    hub: Arc<Hub>,
    limits: SyncLimits,
    metrics: Arc<Metrics>,
    shutdown: CancellationToken,
) {
    let (mut sink, mut stream) = socket.split();
    let (outbound, mut outbound_queue) = mpsc::channel::<WireMessage>(limits.peer_queue);
    let closer = Closer::default();
    let _registered = hub.sockets.register(&principal, connection, closer.clone());

    let writer_closer = closer.clone();
    let writer_metrics = metrics.clone();
    let ping_every = limits.ping_interval;
    let writer = tokio::spawn(async move {
        let mut ping = tokio::time::interval(ping_every);
        ping.tick().await;
        loop {
            tokio::select! {
                biased;
                () = writer_closer.closed() => break,
                () = shutdown.cancelled() => {
                    writer_closer.close(CloseReason::ShuttingDown);
                    break;
                }
                message = outbound_queue.recv() => {
                    let Some(message) = message else { break };
                    let frame = message.encode();
                    metrics::add(&writer_metrics.bytes_out, frame.len() as u64);
                    if sink.send(Message::Binary(frame.into())).await.is_err() {
                        writer_closer.close(CloseReason::IdleTimeout);
                        break;
                    }
                }
                _ = ping.tick() => {
                    if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                        break;
                    }
                }
            }
        }
        // Whoever is closed is told why: queued `error` messages go out
        // before the close frame (the rest is moot for a closing peer).
        while let Ok(message) = outbound_queue.try_recv() {
            if matches!(message, WireMessage::Error { .. })
                && sink
                    .send(Message::Binary(message.encode().into()))
                    .await
                    .is_err()
            {
                break;
            }
        }
        if let Some(reason) = writer_closer.reason() {
            let frame = CloseFrame {
                code: reason.code(),
                reason: reason.text().into(),
            };
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
        let _ = sink.close().await;
    });

    let bytes = hub
        .byte_budgets
        .of(&principal, limits.bytes_per_second, limits.byte_burst);
    let mut session = ConnectionState {
        connection,
        principal,
        hub,
        metrics,
        closer: closer.clone(),
        outbound,
        peer_id: None,
        attached: HashMap::new(),
        rate: RateLimiter::new(limits.messages_per_second, limits.burst),
        bytes,
        presence_rate: RateLimiter::new(PRESENCE_PER_SECOND, PRESENCE_BURST),
        limits,
    };
    let mut last_heard = Instant::now();
    loop {
        let idle_left = session
            .limits
            .idle_timeout
            .saturating_sub(last_heard.elapsed());
        let frame = tokio::select! {
            () = closer.closed() => break,
            frame = tokio::time::timeout(idle_left, stream.next()) => frame,
        };
        let frame = match frame {
            Err(_) => {
                closer.close(CloseReason::IdleTimeout);
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(error))) => {
                // tungstenite refuses a frame past `max_message_size` with a
                // capacity error; its type is not ours to match, its text is.
                if error.to_string().contains("Space limit exceeded") {
                    metrics::add(&session.metrics.protocol_errors, 1);
                    closer.close(CloseReason::TooLarge);
                }
                break;
            }
            Ok(Some(Ok(frame))) => frame,
        };
        last_heard = Instant::now();
        match frame {
            Message::Binary(bytes) => {
                if let Err(reason) = session.handle_frame(&bytes).await {
                    debug!(reason = %reason.text(), "closing connection");
                    if matches!(
                        reason,
                        CloseReason::Protocol(_)
                            | CloseReason::TooLarge
                            | CloseReason::InflatesTooMuch(_)
                    ) {
                        metrics::add(&session.metrics.protocol_errors, 1);
                        let _ = session.outbound.try_send(WireMessage::Error {
                            message: reason.text(),
                        });
                    }
                    closer.close(reason);
                    break;
                }
            }
            Message::Text(_) => {
                metrics::add(&session.metrics.protocol_errors, 1);
                closer.close(CloseReason::Protocol("expected binary CBOR frames".into()));
                break;
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    session.detach_all().await;
    // Give the writer a moment to flush the error and close frame.
    // The peer hung up or left: a normal close, unless a reason was set.
    closer.close(CloseReason::Done);
    let _ = tokio::time::timeout(Duration::from_secs(2), writer).await;
}

struct ConnectionState {
    connection: ConnectionId,
    principal: Principal,
    hub: Arc<Hub>,
    metrics: Arc<Metrics>,
    closer: Closer,
    outbound: mpsc::Sender<WireMessage>,
    peer_id: Option<Arc<str>>,
    attached: HashMap<DocumentId, mpsc::Sender<DocCommand>>,
    rate: RateLimiter,
    /// Bytes, per principal: a room filled with junk at full message rate
    /// took 10 GB of the server's memory in a hostile participant's test.
    bytes: ByteBudget,
    /// Presence beyond a heartbeat's pace is dropped, not relayed.
    presence_rate: RateLimiter,
    limits: SyncLimits,
}

impl ConnectionState {
    async fn handle_frame(&mut self, bytes: &[u8]) -> Result<(), CloseReason> {
        metrics::add(&self.metrics.messages_in, 1);
        metrics::add(&self.metrics.bytes_in, bytes.len() as u64);
        if bytes.len() > self.limits.max_message_bytes {
            return Err(CloseReason::TooLarge);
        }
        let now = Instant::now();
        if !self.rate.allow(now) {
            return Err(CloseReason::RateLimited);
        }
        if !self.bytes.spend(now, bytes.len()) {
            return Err(CloseReason::TooMuchData);
        }
        let message =
            WireMessage::decode(bytes).map_err(|e| CloseReason::Protocol(e.to_string()))?;
        let Some(peer_id) = self.peer_id.clone() else {
            return self.handshake(message);
        };
        match message {
            WireMessage::Request {
                document_id, data, ..
            }
            | WireMessage::Sync {
                document_id, data, ..
            } => {
                let message = payload::decode_sync_message(&data, self.limits.max_inflated_bytes)
                    .map_err(|error| match error {
                    PayloadError::InflatesTooMuch { limit } => CloseReason::InflatesTooMuch(limit),
                    other => CloseReason::Protocol(other.to_string()),
                })?;
                self.sync(&peer_id, document_id, message).await
            }
            WireMessage::Ephemeral {
                document_id,
                count,
                session_id,
                data,
                ..
            } => {
                if data.len() > self.limits.max_ephemeral_bytes {
                    return Err(CloseReason::TooLarge);
                }
                if !self.presence_rate.allow(Instant::now()) {
                    return Ok(());
                }
                if let Err(dropped) = presence::check(&data, &self.principal) {
                    debug!(%dropped, "presence not relayed");
                    return Ok(());
                }
                if let Some(actor) = self.attached.get(&document_id) {
                    let command = DocCommand::Ephemeral {
                        connection: self.connection,
                        count,
                        session_id,
                        data,
                    };
                    // A full queue drops presence for this peer only:
                    // ephemeral messages are not document state.
                    let _ = actor.try_send(command);
                }
                Ok(())
            }
            WireMessage::Leave { .. } => Err(CloseReason::Done),
            WireMessage::Join { .. } | WireMessage::Peer { .. } => {
                Err(CloseReason::Protocol("handshake already done".into()))
            }
            WireMessage::DocUnavailable { .. } | WireMessage::Gossip => Ok(()),
            WireMessage::Error { message } => {
                debug!(%message, "peer reported an error");
                Ok(())
            }
        }
    }

    fn handshake(&mut self, message: WireMessage) -> Result<(), CloseReason> {
        let WireMessage::Join {
            sender_id,
            supported_protocol_versions,
        } = message
        else {
            return Err(CloseReason::Protocol("expected 'join' first".into()));
        };
        if !supported_protocol_versions
            .iter()
            .any(|v| v == PROTOCOL_VERSION)
        {
            return Err(CloseReason::Protocol(format!(
                "protocol version {PROTOCOL_VERSION} required"
            )));
        }
        if sender_id.is_empty() || sender_id.len() > 128 {
            return Err(CloseReason::Protocol("invalid senderId".into()));
        }
        tracing::Span::current().record("peer.id", sender_id.as_str());
        let reply = WireMessage::Peer {
            sender_id: self.hub.server_peer_id.to_string(),
            target_id: sender_id.clone(),
            storage_id: self.hub.storage_id.clone(),
        };
        self.peer_id = Some(sender_id.into());
        if self.outbound.try_send(reply).is_err() {
            return Err(CloseReason::TooSlow);
        }
        Ok(())
    }

    async fn sync(
        &mut self,
        peer_id: &Arc<str>,
        document_id: DocumentId,
        message: sync::Message,
    ) -> Result<(), CloseReason> {
        if !self.hub.may_open(&self.principal, &document_id) {
            let reply = WireMessage::DocUnavailable {
                sender_id: self.hub.server_peer_id.to_string(),
                target_id: peer_id.to_string(),
                document_id,
            };
            return self
                .outbound
                .try_send(reply)
                .map_err(|_| CloseReason::TooSlow);
        }
        for _ in 0..3 {
            let actor = match self.attached.get(&document_id) {
                Some(actor) if !actor.is_closed() => actor.clone(),
                _ => self.attach(peer_id, document_id).await?,
            };
            let command = DocCommand::Sync {
                connection: self.connection,
                message: message.clone(),
                received: std::time::Instant::now(),
            };
            // Awaiting a full document queue slows this reader down
            // (backpressure) instead of dropping the message.
            if actor.send(command).await.is_ok() {
                return Ok(());
            }
            self.attached.remove(&document_id);
        }
        Err(CloseReason::StorageUnavailable)
    }

    async fn attach(
        &mut self,
        peer_id: &Arc<str>,
        document_id: DocumentId,
    ) -> Result<mpsc::Sender<DocCommand>, CloseReason> {
        if self.attached.len() >= self.limits.max_documents_per_connection {
            return Err(CloseReason::Protocol("too many documents".into()));
        }
        let actor = self
            .hub
            .actor(document_id)
            .await
            .map_err(|_| CloseReason::StorageUnavailable)?;
        let peer = PeerHandle {
            connection: self.connection,
            peer_id: peer_id.clone(),
            principal: self.principal.clone(),
            outbound: self.outbound.clone(),
            closer: self.closer.clone(),
        };
        actor
            .send(DocCommand::Attach { peer })
            .await
            .map_err(|_| CloseReason::StorageUnavailable)?;
        self.attached.insert(document_id, actor.clone());
        Ok(actor)
    }

    async fn detach_all(&mut self) {
        for (_, actor) in self.attached.drain() {
            let _ = actor
                .send(DocCommand::Detach {
                    connection: self.connection,
                })
                .await;
        }
    }
}
