//! A minimal automerge-repo peer: connects, joins, and keeps real
//! Automerge replicas of the documents it opens in sync with the server.
//! Used by protocol tests and the load generator — not by the web client,
//! which uses the upstream `@automerge/automerge-repo`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::document_id::DocumentId;
use crate::wire::{PROTOCOL_VERSION, WireMessage};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("websocket: {0}")]
    WebSocket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("the server did not answer the join with a peer message")]
    NoPeer,
    #[error("the connection is closed: {0}")]
    Closed(String),
    #[error("document {0} is not open")]
    NotOpen(DocumentId),
    #[error("automerge: {0}")]
    Automerge(#[from] automerge::AutomergeError),
}

/// One document as this peer holds it.
pub struct Replica {
    pub doc: AutoCommit,
    state: sync::State,
    requested: bool,
    /// Our heads as of the last flush (reading heads needs `&mut`).
    heads: Vec<automerge::ChangeHash>,
}

pub struct Client {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub peer_id: String,
    server_peer_id: String,
    docs: HashMap<DocumentId, Replica>,
    /// Ephemeral messages received: document, sender, data.
    pub ephemeral: Vec<(DocumentId, String, Vec<u8>)>,
    /// Documents the server said it does not have (or we may not open).
    pub unavailable: HashSet<DocumentId>,
    /// The close frame's code and reason, once the server closed.
    pub closed: Option<(u16, String)>,
    /// `error` messages the server sent.
    pub errors: Vec<String>,
}

impl Client {
    /// Connects to `url` (e.g. `ws://127.0.0.1:8080/sync?token=…`) and
    /// completes the join/peer handshake.
    pub async fn connect(url: &str, peer_id: &str) -> Result<Self, ClientError> {
        let (socket, _) = connect_async(url).await?;
        let mut client = Self {
            socket,
            peer_id: peer_id.to_owned(),
            server_peer_id: String::new(),
            docs: HashMap::new(),
            ephemeral: Vec::new(),
            unavailable: HashSet::new(),
            closed: None,
            errors: Vec::new(),
        };
        client
            .send(&WireMessage::Join {
                sender_id: peer_id.to_owned(),
                supported_protocol_versions: vec![PROTOCOL_VERSION.to_owned()],
            })
            .await?;
        let deadline = Instant::now() + Duration::from_secs(5);
        while client.server_peer_id.is_empty() {
            if !client.receive_one(deadline).await? {
                return Err(ClientError::NoPeer);
            }
        }
        Ok(client)
    }

    pub async fn send(&mut self, message: &WireMessage) -> Result<(), ClientError> {
        self.send_raw(message.encode()).await
    }

    /// Sends any bytes as one binary frame (for bad-input tests).
    pub async fn send_raw(&mut self, bytes: Vec<u8>) -> Result<(), ClientError> {
        self.socket.send(Message::Binary(bytes.into())).await?;
        Ok(())
    }

    pub async fn send_text(&mut self, text: &str) -> Result<(), ClientError> {
        self.socket.send(Message::Text(text.into())).await?;
        Ok(())
    }

    /// Starts syncing a document we do not have yet.
    pub async fn open(&mut self, id: DocumentId) -> Result<(), ClientError> {
        self.docs.entry(id).or_insert_with(|| Replica {
            doc: AutoCommit::new(),
            state: sync::State::new(),
            requested: false,
            heads: Vec::new(),
        });
        self.flush(id).await
    }

    /// Starts syncing a document we already hold (e.g. edited offline).
    pub async fn open_with(&mut self, id: DocumentId, doc: AutoCommit) -> Result<(), ClientError> {
        self.docs.insert(
            id,
            Replica {
                doc,
                state: sync::State::new(),
                requested: true,
                heads: Vec::new(),
            },
        );
        self.flush(id).await
    }

    pub fn doc(&self, id: &DocumentId) -> Option<&AutoCommit> {
        self.docs.get(id).map(|r| &r.doc)
    }

    /// Takes the replica out (e.g. to keep it across a reconnect).
    pub fn take(&mut self, id: &DocumentId) -> Option<AutoCommit> {
        self.docs.remove(id).map(|r| r.doc)
    }

    /// Changes our replica and sends the change.
    pub async fn change(
        &mut self,
        id: DocumentId,
        change: impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError>,
    ) -> Result<(), ClientError> {
        let replica = self.docs.get_mut(&id).ok_or(ClientError::NotOpen(id))?;
        change(&mut replica.doc)?;
        self.flush(id).await
    }

    /// Sends whatever sync messages our replica has for the server.
    pub async fn flush(&mut self, id: DocumentId) -> Result<(), ClientError> {
        let mut outgoing = Vec::new();
        {
            let replica = self.docs.get_mut(&id).ok_or(ClientError::NotOpen(id))?;
            replica.heads = replica.doc.get_heads();
            // One message per flush: Automerge puts everything in it, and
            // a reset (it gives one again on every call) looped forever.
            if let Some(message) = replica.doc.sync().generate_sync_message(&mut replica.state) {
                let data = message.encode();
                let wire = if replica.requested {
                    WireMessage::Sync {
                        sender_id: self.peer_id.clone(),
                        target_id: self.server_peer_id.clone(),
                        document_id: id,
                        data,
                    }
                } else {
                    replica.requested = true;
                    WireMessage::Request {
                        sender_id: self.peer_id.clone(),
                        target_id: self.server_peer_id.clone(),
                        document_id: id,
                        data,
                    }
                };
                outgoing.push(wire);
            }
        }
        for message in outgoing {
            self.send(&message).await?;
        }
        Ok(())
    }

    pub async fn send_ephemeral(
        &mut self,
        id: DocumentId,
        data: Vec<u8>,
    ) -> Result<(), ClientError> {
        let message = WireMessage::Ephemeral {
            sender_id: self.peer_id.clone(),
            target_id: self.server_peer_id.clone(),
            count: 1,
            session_id: self.peer_id.clone(),
            document_id: id,
            data,
        };
        self.send(&message).await
    }

    /// Whether the server has acknowledged everything our replica holds.
    pub fn acknowledged(&self, id: &DocumentId) -> bool {
        self.docs.get(id).is_some_and(|replica| {
            let mut ours = replica.heads.clone();
            let mut shared = replica.state.shared_heads.clone();
            ours.sort();
            shared.sort();
            ours == shared
        })
    }

    /// Processes incoming messages until `done` holds or `timeout` passes;
    /// returns whether `done` held.
    pub async fn pump_until(
        &mut self,
        timeout: Duration,
        done: impl Fn(&Self) -> bool,
    ) -> Result<bool, ClientError> {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self) {
                return Ok(true);
            }
            if !self.receive_one(deadline).await? {
                return Ok(done(self));
            }
        }
    }

    /// Waits for the server to close the connection; its close code and
    /// reason, if it did within `timeout`.
    pub async fn closed_within(&mut self, timeout: Duration) -> Option<(u16, String)> {
        let _ = self.pump_until(timeout, |c| c.closed.is_some()).await;
        self.closed.clone()
    }

    /// Reads one message; false on timeout or end of stream.
    async fn receive_one(&mut self, deadline: Instant) -> Result<bool, ClientError> {
        if self.closed.is_some() {
            return Ok(false);
        }
        let frame = match tokio::time::timeout_at(deadline, self.socket.next()).await {
            Err(_) => return Ok(false),
            Ok(None) => {
                self.closed.get_or_insert((1006, "connection ended".into()));
                return Ok(false);
            }
            Ok(Some(Err(error))) => {
                self.closed.get_or_insert((1006, error.to_string()));
                return Ok(false);
            }
            Ok(Some(Ok(frame))) => frame,
        };
        match frame {
            Message::Binary(bytes) => {
                if let Ok(message) = WireMessage::decode(&bytes) {
                    self.handle(message).await?;
                }
            }
            Message::Close(frame) => {
                let (code, reason) = frame
                    .map(|CloseFrame { code, reason }| (u16::from(code), reason.to_string()))
                    .unwrap_or((1005, String::new()));
                self.closed = Some((code, reason));
            }
            _ => {}
        }
        Ok(true)
    }

    async fn handle(&mut self, message: WireMessage) -> Result<(), ClientError> {
        match message {
            WireMessage::Peer { sender_id, .. } => self.server_peer_id = sender_id,
            WireMessage::Sync {
                document_id, data, ..
            }
            | WireMessage::Request {
                document_id, data, ..
            } => {
                let Some(replica) = self.docs.get_mut(&document_id) else {
                    return Ok(());
                };
                if let Ok(message) = sync::Message::decode(&data) {
                    replica
                        .doc
                        .sync()
                        .receive_sync_message(&mut replica.state, message)?;
                }
                self.flush(document_id).await?;
            }
            WireMessage::DocUnavailable { document_id, .. } => {
                self.unavailable.insert(document_id);
            }
            WireMessage::Ephemeral {
                document_id,
                sender_id,
                data,
                ..
            } => self.ephemeral.push((document_id, sender_id, data)),
            WireMessage::Error { message } => self.errors.push(message),
            _ => {}
        }
        Ok(())
    }
}
