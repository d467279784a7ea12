//! Durable storage behind narrow traits (documents, sessions, review,
//! health), so the sync hub and the session registry never see SQL. SQLite is the embedded default; a
//! PostgreSQL backend implements the same trait for several nodes.
//!
//! Every method is blocking and returns its error: callers run them on the
//! blocking pool and surface failures (metric, connection error, health).

mod sqlite;
mod writer;

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
    #[error("unsupported database URL '{0}' (expected sqlite://PATH)")]
    UnsupportedUrl(String),
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
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
}

/// Room and private documents as chunk rows: what the sync hub needs.
pub trait DocumentStore: Send + Sync + 'static {
    /// A stable id for this server's storage, announced to peers.
    fn storage_id(&self) -> Result<String, StorageError>;

    fn insert_document(&self, record: &DocumentRecord, initial: &[u8]) -> Result<(), StorageError>;
    fn documents(&self) -> Result<Vec<DocumentRecord>, StorageError>;
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
    HealthCheck + DocumentStore + SessionStore + ReviewStore + AttachmentStore
{
}

impl<T: HealthCheck + DocumentStore + SessionStore + ReviewStore + AttachmentStore> Storage for T {}

/// Opens the backend a database URL names.
pub fn open(url: &str) -> Result<std::sync::Arc<dyn Storage>, StorageError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return Ok(std::sync::Arc::new(SqliteStorage::open(path)?));
    }
    Err(StorageError::UnsupportedUrl(url.to_owned()))
}
