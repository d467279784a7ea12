//! Durable storage behind narrow traits (documents, sessions, review,
//! health, leases), so the sync hub and the session registry never see
//! SQL. SQLite is the embedded default; the PostgreSQL backend implements
//! the same traits for several nodes on one database. Both take their
//! schema from [`migrations`]. A new kind of record is one more narrow
//! trait here, one impl per backend, and one migration step.
//!
//! Every method is blocking and returns its error: callers run them on the
//! blocking pool and surface failures (metric, connection error, health).

pub mod migrations;
mod postgres;
mod sqlite;
mod writer;

pub use postgres::{NodeName, PostgresStorage};
pub use sqlite::SqliteStorage;
pub use writer::ChunkWriter;

use samenbord_core::attachment::{AttachmentLimits, AttachmentRefusal};
use samenbord_core::ids::{AttachmentId, ParticipantId, RoomId, RoundId, SessionId};
use serde::{Deserialize, Serialize};

use crate::sync::document_id::DocumentId;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Postgres(String),
    #[error("unsupported database URL '{0}' (expected sqlite://PATH or postgres://…)")]
    UnsupportedUrl(String),
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
    /// Another node took the session over: this node may not write it.
    #[error("session {0} is served by another node now")]
    LeaseLost(String),
}

/// Whether this node may serve a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// This node holds it; `token` fences its writes.
    Held { token: i64 },
    /// Another node holds a live lease on it.
    Elsewhere { node: String },
}

/// Session ownership between nodes. A node serves a session only while
/// it holds the session's lease, and every write of the session checks it.
pub trait SessionLeases: Send + Sync + 'static {
    /// Takes (or renews) this node's lease on the session.
    fn acquire(&self, session_id: &SessionId) -> Result<Lease, StorageError>;
    /// Renews every lease this node holds; returns those it lost, and
    /// releases (and returns) those another node asked for.
    fn renew(&self) -> Result<Vec<SessionId>, StorageError>;
    /// Gives the lease up at once, so the next node need not wait for it
    /// to expire.
    fn release(&self, session_id: &SessionId) -> Result<(), StorageError>;
    /// Whether this node holds the session's lease, as far as it knows.
    fn holds(&self, session_id: &SessionId) -> bool;
    /// What other nodes ask of this one (see [`NodeEvent`]), as they ask
    /// it; `None` where no other node can ask (one node on SQLite). Call
    /// once: it starts the listener.
    fn listen(&self) -> Option<tokio::sync::mpsc::Receiver<NodeEvent>> {
        None
    }
}

/// Something another node asked of the node serving a session. Carries
/// ids only: the lease row says the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeEvent {
    /// Its place in the database's sequence of events.
    pub seq: i64,
    pub session_id: SessionId,
    pub kind: NodeEventKind,
    pub delivery: Delivery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeEventKind {
    /// Another node gets the session's traffic now and wants its lease.
    Handover,
}

/// How an event reached the listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Notified while the listener was connected.
    Live,
    /// Read back from the database after the listener reconnected.
    Replayed,
}

/// A document row as both backends store it.
pub(crate) fn document_record(
    id: String,
    session_id: String,
    kind: String,
) -> Result<DocumentRecord, StorageError> {
    let document_id = id
        .parse()
        .map_err(|_| StorageError::Corrupt(format!("document id '{id}'")))?;
    let kind: DocumentKind = serde_json::from_str(&kind)
        .map_err(|e| StorageError::Corrupt(format!("document {id} kind: {e}")))?;
    let session_id = SessionId::new(session_id)
        .map_err(|e| StorageError::Corrupt(format!("document {id}: {e}")))?;
    Ok(DocumentRecord {
        document_id,
        session_id,
        kind,
    })
}

/// A session row as both backends store it.
pub(crate) fn stored_session(
    id: String,
    join_code: String,
    state_json: String,
    expires_at: i64,
) -> Result<StoredSession, StorageError> {
    let session_id = SessionId::new(id.as_str())
        .map_err(|e| StorageError::Corrupt(format!("session '{id}': {e}")))?;
    Ok(StoredSession {
        session_id,
        join_code,
        state_json,
        expires_at,
    })
}

/// What a document is, which decides who may open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DocumentKind {
    Room { round_id: RoundId, room_id: RoomId },
    Private { participant_id: ParticipantId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub document_id: DocumentId,
    pub session_id: SessionId,
    pub kind: DocumentKind,
}

/// New changes of one document, for a batched write.
#[derive(Debug, Clone)]
pub struct ChunkWrite {
    pub document_id: DocumentId,
    pub bytes: Vec<u8>,
    pub kind: WriteKind,
}

/// How a write relates to what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// New changes after the stored ones.
    Append,
    /// A full save that replaces every stored chunk of the document.
    Compact,
}

/// A session as stored: its state is the core's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub session_id: SessionId,
    pub join_code: String,
    pub state_json: String,
    /// Unix seconds after which the session is deleted by itself.
    pub expires_at: i64,
}

/// Proves the storage answers and accepts a write (`/healthz`).
pub trait HealthCheck: Send + Sync + 'static {
    fn check(&self) -> Result<(), StorageError>;
    /// Whether a passing check proves document writes work again after
    /// one failed. Not on SQLite, where the check's small row may fit
    /// where a document's changes did not (a full disk); on a database
    /// server whose outage failed the write, yes, and a node must become
    /// healthy again without traffic (the load balancer sends none to an
    /// unhealthy node).
    fn check_proves_writes(&self) -> bool {
        false
    }
}

/// Room and private documents as chunk rows: what the sync hub needs.
pub trait DocumentStore: Send + Sync + 'static {
    /// A stable id for this server's storage, announced to peers.
    fn storage_id(&self) -> Result<String, StorageError>;

    fn insert_document(&self, record: &DocumentRecord, initial: &[u8]) -> Result<(), StorageError>;
    fn documents(&self) -> Result<Vec<DocumentRecord>, StorageError>;
    /// One session's documents (a node taking the session over).
    fn session_documents(
        &self,
        session_id: &SessionId,
    ) -> Result<Vec<DocumentRecord>, StorageError> {
        let mut documents = self.documents()?;
        documents.retain(|d| &d.session_id == session_id);
        Ok(documents)
    }
    /// Appends incremental changes; returns once they are durable.
    fn append_chunk(&self, document_id: &DocumentId, bytes: &[u8]) -> Result<(), StorageError>;
    fn load_chunks(&self, document_id: &DocumentId) -> Result<Vec<Vec<u8>>, StorageError>;
    /// Replaces every chunk of a document by one compacted save.
    fn compact(&self, document_id: &DocumentId, full: &[u8]) -> Result<(), StorageError>;
    /// Several documents' writes, all durable when this returns. Backends
    /// should make it one transaction; this default writes one by one.
    fn write_chunks(&self, writes: &[ChunkWrite]) -> Result<(), StorageError> {
        for write in writes {
            match write.kind {
                WriteKind::Compact => self.compact(&write.document_id, &write.bytes)?,
                WriteKind::Append => self.append_chunk(&write.document_id, &write.bytes)?,
            }
        }
        Ok(())
    }
}

/// Sessions, their closing snapshots, and hard delete: what the registry
/// needs.
pub trait SessionStore: Send + Sync + 'static {
    fn save_session(&self, session: &StoredSession) -> Result<(), StorageError>;
    fn sessions(&self) -> Result<Vec<StoredSession>, StorageError>;
    /// One session, as stored now (a node taking it over).
    fn session(&self, session_id: &SessionId) -> Result<Option<StoredSession>, StorageError>;
    /// The session a join code opens, on whichever node created it.
    fn session_by_code(&self, join_code: &str) -> Result<Option<StoredSession>, StorageError>;
    /// Records a room's document as it was when its round ended.
    fn save_closing_snapshot(
        &self,
        session_id: &str,
        room_id: &str,
        at: i64,
        bytes: &[u8],
    ) -> Result<(), StorageError>;
    /// Hard delete: every row of the session, erased from the file.
    fn delete_session(&self, session_id: &str) -> Result<(), StorageError>;
}

/// The organiser's review of a summary: edits and the own overall text.
pub trait ReviewStore: Send + Sync + 'static {
    /// Appends one summary review edit (JSON), kept in order.
    fn append_summary_edit(&self, session_id: &str, edit_json: &str) -> Result<(), StorageError>;
    /// The session's review edits (JSON), oldest first.
    fn summary_edits(&self, session_id: &str) -> Result<Vec<String>, StorageError>;
    /// Stores (or with `None` clears) the organiser's overall summary text
    /// for `scope` ("" for the whole session, else a round id).
    fn save_summary_overall(
        &self,
        session_id: &str,
        scope: &str,
        text: Option<&str>,
    ) -> Result<(), StorageError>;
    fn summary_overall(
        &self,
        session_id: &str,
        scope: &str,
    ) -> Result<Option<String>, StorageError>;
}

/// A file attached to a room, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: AttachmentId,
    pub session_id: SessionId,
    pub room_id: RoomId,
    pub participant_id: ParticipantId,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// Whether an upload was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Stored,
    Refused(AttachmentRefusal),
}

/// What a backend read of the files already held, as (count, bytes)
/// rows of the database: whether one more file of `size` bytes fits.
/// Shared by both backends, so the rule is applied the same way.
pub fn attachment_fits(
    limits: &samenbord_core::attachment::AttachmentLimits,
    participant: (i64, i64),
    session: (i64, i64),
    size: usize,
) -> Result<(), AttachmentRefusal> {
    let count = |value: i64| u64::try_from(value).unwrap_or(0);
    let usage = samenbord_core::attachment::AttachmentUsage {
        participant_files: count(participant.0),
        participant_bytes: count(participant.1),
        session_files: count(session.0),
        session_bytes: count(session.1),
    };
    limits.check(&usage, u64::try_from(size).unwrap_or(u64::MAX))
}

/// Files attached to rooms. Removed with their session (`delete_session`).
pub trait AttachmentStore: Send + Sync + 'static {
    /// Stores the file if `limits` allow it on top of what the participant
    /// and the session hold already; the check and the write are one
    /// transaction, so two uploads at once cannot both squeeze in.
    fn put_attachment(
        &self,
        record: &AttachmentRecord,
        bytes: &[u8],
        limits: &AttachmentLimits,
    ) -> Result<PutOutcome, StorageError>;
    /// The file and its record, if it belongs to that session.
    fn attachment(
        &self,
        session_id: &SessionId,
        id: &AttachmentId,
    ) -> Result<Option<(AttachmentRecord, Vec<u8>)>, StorageError>;
}

/// Everything a server keeps. A backend implements the narrow traits; a
/// test that fails one of them implements only that one.
pub trait Storage:
    HealthCheck + DocumentStore + SessionStore + ReviewStore + SessionLeases + AttachmentStore
{
}

impl<T: HealthCheck + DocumentStore + SessionStore + ReviewStore + SessionLeases + AttachmentStore>
    Storage for T
{
}

/// How this node takes part when several share a database.
#[derive(Debug, Clone)]
pub struct NodeOptions {
    pub node: NodeName,
    /// How long a lease lasts without renewal: after a node dies, its
    /// sessions wait this long before another node may take them over.
    pub lease_ttl: std::time::Duration,
}

/// Opens the backend a database URL names.
pub fn open(url: &str, node: &NodeOptions) -> Result<std::sync::Arc<dyn Storage>, StorageError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return Ok(std::sync::Arc::new(SqliteStorage::open(path)?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(std::sync::Arc::new(PostgresStorage::open(
            url,
            node.node.clone(),
            node.lease_ttl,
        )?));
    }
    Err(StorageError::UnsupportedUrl(url.to_owned()))
}
