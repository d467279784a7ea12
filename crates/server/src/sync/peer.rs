//! A connected peer as the document actors see it: where to send its
//! messages (a bounded queue) and how to close it with a reason.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::document_id::DocumentId;
use super::hub::Principal;
use super::wire::WireMessage;
use crate::metrics::{self, Metrics};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionId(u64);

impl ConnectionId {
    pub fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl std::fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "c{}", self.0)
    }
}

/// Why the server closes a connection; sent as the close frame's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseReason {
    Protocol(String),
    TooLarge,
    /// A sync message whose changes would inflate past this many bytes.
    InflatesTooMuch(usize),
    DocumentFull,
    RateLimited,
    /// More bytes than anyone typing sends (a room being filled with junk).
    TooMuchData,
    TooSlow,
    ReadOnly,
    /// A participant wrote what only the leader may (a reveal), or a
    /// name or vote not its own.
    Refused(samenbord_protocol::gate::Refusal),
    StorageUnavailable,
    IdleTimeout,
    SessionDeleted,
    /// The organiser removed this participant from the session.
    Revoked,
    ShuttingDown,
    /// The room's document is reloaded from storage (after a change that
    /// broke Automerge): reconnect and send again what was not
    /// acknowledged.
    Reloading,
    /// The peer left or hung up.
    Done,
}

impl CloseReason {
    /// WebSocket close code: 1000 normal, 1008 policy, 1009 too big, 1011
    /// server error, 1001 going away, 1002 protocol error, 1013 try again
    /// later.
    pub fn code(&self) -> u16 {
        match self {
            Self::Protocol(_) => 1002,
            Self::TooLarge | Self::InflatesTooMuch(_) | Self::DocumentFull => 1009,
            Self::RateLimited
            | Self::TooMuchData
            | Self::ReadOnly
            | Self::Refused(_)
            | Self::SessionDeleted
            | Self::Revoked => 1008,
            Self::TooSlow => 1013,
            Self::StorageUnavailable => 1011,
            Self::IdleTimeout | Self::ShuttingDown => 1001,
            Self::Reloading => 1012,
            Self::Done => 1000,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Protocol(detail) => format!("protocol error: {detail}"),
            Self::TooLarge => "message too large".into(),
            Self::InflatesTooMuch(limit) => {
                format!("sync message would inflate past {limit} bytes")
            }
            Self::DocumentFull => "the document has reached its maximum size".into(),
            Self::RateLimited => "too many messages".into(),
            Self::TooMuchData => "too much data, faster than anyone types".into(),
            Self::TooSlow => "connection too slow; reconnect to resync".into(),
            Self::ReadOnly => "this room is closed: changes are refused".into(),
            Self::Refused(refusal) => format!("{refusal}: changes are refused"),
            Self::StorageUnavailable => "storage unavailable; reconnect later".into(),
            Self::IdleTimeout => "no answer to ping".into(),
            Self::SessionDeleted => "the session was deleted".into(),
            Self::Revoked => "the organiser removed you from this session".into(),
            Self::ShuttingDown => "server shutting down".into(),
            Self::Reloading => "the room is reloading; reconnect".into(),
            Self::Done => "goodbye".into(),
        }
    }
}

/// Closes a connection once, remembering the first reason.
#[derive(Debug, Clone, Default)]
pub struct Closer {
    token: CancellationToken,
    reason: Arc<Mutex<Option<CloseReason>>>,
}

impl Closer {
    pub fn close(&self, reason: CloseReason) {
        if let Ok(mut slot) = self.reason.lock() {
            slot.get_or_insert(reason);
        }
        self.token.cancel();
    }

    pub async fn closed(&self) {
        self.token.cancelled().await;
    }

    pub fn reason(&self) -> Option<CloseReason> {
        self.reason.lock().ok().and_then(|slot| slot.clone())
    }
}

#[derive(Debug, Clone)]
pub struct PeerHandle {
    pub connection: ConnectionId,
    /// The peer id the client announced in its `join`.
    pub peer_id: Arc<str>,
    /// Who the peer's token proves it is.
    pub principal: Principal,
    pub outbound: mpsc::Sender<WireMessage>,
    pub closer: Closer,
}

impl PeerHandle {
    /// Queues a message; false if the queue is full or gone, in which case
    /// the caller must disconnect the peer rather than skip the message.
    pub fn send(&self, message: WireMessage, metrics: &Metrics) -> bool {
        let sent = self.outbound.try_send(message).is_ok();
        if sent {
            metrics::add(&metrics.messages_out, 1);
        }
        sent
    }

    /// Queues a sync message for this peer's copy of `document_id`.
    pub fn send_sync(
        &self,
        server_peer_id: &str,
        document_id: DocumentId,
        data: Vec<u8>,
        metrics: &Metrics,
    ) -> bool {
        let wire = WireMessage::Sync {
            sender_id: server_peer_id.to_owned(),
            target_id: self.peer_id.to_string(),
            document_id,
            data,
        };
        self.send(wire, metrics)
    }

    /// Queues presence only while the queue is at most half full, so
    /// someone else's presence can never crowd out this peer's document
    /// messages (nor get it disconnected); false if skipped.
    pub fn send_presence(&self, message: WireMessage, metrics: &Metrics) -> bool {
        if self.outbound.capacity() * 2 < self.outbound.max_capacity() {
            return false;
        }
        self.send(message, metrics)
    }

    pub fn close(&self, reason: CloseReason) {
        self.closer.close(reason);
    }
}
