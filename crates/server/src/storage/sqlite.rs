//! The embedded SQLite backend. WAL with `synchronous=FULL`, so a commit
//! is on disk when it returns; `secure_delete` so a hard-deleted session's
//! bytes are overwritten, not just unlinked.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    ChunkWrite, DocumentKind, DocumentRecord, DocumentStore, HealthCheck, ReviewStore,
    SessionStore, StorageError, StoredSession, WriteKind,
};
use samenbord_core::ids::SessionId;

use crate::sync::document_id::DocumentId;

pub struct SqliteStorage {
    connection: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    join_code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_session ON documents(session_id);
CREATE TABLE IF NOT EXISTS chunks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id, seq);
CREATE TABLE IF NOT EXISTS closing_snapshots (
    session_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    closed_at INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_session ON closing_snapshots(session_id);
CREATE TABLE IF NOT EXISTS summary_edits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    edit_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS summary_edits_session ON summary_edits(session_id, seq);
CREATE TABLE IF NOT EXISTS summary_overall (
    session_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (session_id, scope)
);
-- A deleted session's documents are never written again: an actor still
-- shutting down, or a write queued before the delete, is dropped here
-- (the document row is gone) instead of leaving note text behind.
CREATE TRIGGER IF NOT EXISTS chunks_need_a_document BEFORE INSERT ON chunks
WHEN NOT EXISTS (SELECT 1 FROM documents WHERE document_id = NEW.document_id)
BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER IF NOT EXISTS snapshots_need_a_session BEFORE INSERT ON closing_snapshots
WHEN NOT EXISTS (SELECT 1 FROM sessions WHERE session_id = NEW.session_id)
BEGIN SELECT RAISE(IGNORE); END;
CREATE TABLE IF NOT EXISTS attachments (
    attachment_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_session ON attachments(session_id, participant_id);
CREATE TRIGGER IF NOT EXISTS attachments_need_a_session BEFORE INSERT ON attachments
WHEN NOT EXISTS (SELECT 1 FROM sessions WHERE session_id = NEW.session_id)
BEGIN SELECT RAISE(IGNORE); END;
-- Chunks written after a delete by servers without the trigger.
DELETE FROM chunks WHERE document_id NOT IN (SELECT document_id FROM documents);
";

impl SqliteStorage {
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StorageError> {
        let connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let mut connection = self
            .connection
            .lock()
            .map_err(|_| StorageError::Unavailable("a storage thread panicked".into()))?;
        f(&mut connection)
    }
}

impl DocumentStore for SqliteStorage {
    fn storage_id(&self) -> Result<String, StorageError> {
        self.with(|c| {
            let existing: Option<String> = c
                .query_row("SELECT value FROM meta WHERE key = 'storage_id'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(id) = existing {
                return Ok(id);
            }
            let id = DocumentId::random().to_string();
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('storage_id', ?1)",
                params![id],
            )?;
            Ok(id)
        })
    }

    fn insert_document(&self, record: &DocumentRecord, initial: &[u8]) -> Result<(), StorageError> {
        let kind = serde_json::to_string(&record.kind)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        self.with(|c| {
            let tx = c.transaction()?;
            let id = record.document_id.to_string();
            tx.execute(
                "INSERT INTO documents (document_id, session_id, kind) VALUES (?1, ?2, ?3)",
                params![id, record.session_id.as_str(), kind],
            )?;
            tx.execute(
                "INSERT INTO chunks (document_id, data) VALUES (?1, ?2)",
                params![id, initial],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn documents(&self) -> Result<Vec<DocumentRecord>, StorageError> {
        self.with(|c| {
            let mut statement = c.prepare("SELECT document_id, session_id, kind FROM documents")?;
            let rows = statement.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            let mut records = Vec::new();
            for row in rows {
                let (id, session_id, kind) = row?;
                let document_id = id
                    .parse()
                    .map_err(|_| StorageError::Corrupt(format!("document id '{id}'")))?;
                let kind: DocumentKind = serde_json::from_str(&kind)
                    .map_err(|e| StorageError::Corrupt(format!("document {id} kind: {e}")))?;
                let session_id = SessionId::new(session_id)
                    .map_err(|e| StorageError::Corrupt(format!("document {id}: {e}")))?;
                records.push(DocumentRecord {
                    document_id,
                    session_id,
                    kind,
                });
            }
            Ok(records)
        })
    }

    fn append_chunk(&self, document_id: &DocumentId, bytes: &[u8]) -> Result<(), StorageError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO chunks (document_id, data) VALUES (?1, ?2)",
                params![document_id.to_string(), bytes],
            )?;
            Ok(())
        })
    }

    fn load_chunks(&self, document_id: &DocumentId) -> Result<Vec<Vec<u8>>, StorageError> {
        self.with(|c| {
            let mut statement =
                c.prepare_cached("SELECT data FROM chunks WHERE document_id = ?1 ORDER BY seq")?;
            let rows = statement.query_map(params![document_id.to_string()], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<Vec<u8>>, _>>()?)
        })
    }

    fn compact(&self, document_id: &DocumentId, full: &[u8]) -> Result<(), StorageError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let id = document_id.to_string();
            tx.execute("DELETE FROM chunks WHERE document_id = ?1", params![id])?;
            tx.execute(
                "INSERT INTO chunks (document_id, data) VALUES (?1, ?2)",
                params![id, full],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn write_chunks(&self, writes: &[ChunkWrite]) -> Result<(), StorageError> {
        self.with(|c| {
            let tx = c.transaction()?;
            for write in writes {
                let id = write.document_id.to_string();
                if write.kind == WriteKind::Compact {
                    tx.execute("DELETE FROM chunks WHERE document_id = ?1", params![id])?;
                }
                tx.execute(
                    "INSERT INTO chunks (document_id, data) VALUES (?1, ?2)",
                    params![id, write.bytes],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }
}

impl SessionStore for SqliteStorage {
    fn save_session(&self, session: &StoredSession) -> Result<(), StorageError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO sessions (session_id, join_code, state, expires_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(session_id) DO UPDATE SET
                   join_code = excluded.join_code, state = excluded.state,
                   expires_at = excluded.expires_at",
                params![
                    session.session_id.as_str(),
                    session.join_code,
                    session.state_json,
                    session.expires_at
                ],
            )?;
            Ok(())
        })
    }

    fn sessions(&self) -> Result<Vec<StoredSession>, StorageError> {
        self.with(|c| {
            let mut statement =
                c.prepare("SELECT session_id, join_code, state, expires_at FROM sessions")?;
            let rows = statement.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            let mut sessions = Vec::new();
            for row in rows {
                let (id, join_code, state_json, expires_at) = row?;
                let session_id = SessionId::new(id.as_str())
                    .map_err(|e| StorageError::Corrupt(format!("session '{id}': {e}")))?;
                sessions.push(StoredSession {
                    session_id,
                    join_code,
                    state_json,
                    expires_at,
                });
            }
            Ok(sessions)
        })
    }

    fn save_closing_snapshot(
        &self,
        session_id: &str,
        room_id: &str,
        at: i64,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO closing_snapshots (session_id, room_id, closed_at, data)
                 VALUES (?1, ?2, ?3, ?4)",
                params![session_id, room_id, at, bytes],
            )?;
            Ok(())
        })
    }

    fn delete_session(&self, session_id: &str) -> Result<(), StorageError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM chunks WHERE document_id IN
                   (SELECT document_id FROM documents WHERE session_id = ?1)",
                params![session_id],
            )?;
            tx.execute(
                "DELETE FROM documents WHERE session_id = ?1",
                params![session_id],
            )?;
            tx.execute(
                "DELETE FROM closing_snapshots WHERE session_id = ?1",
                params![session_id],
            )?;
            for table in ["summary_edits", "summary_overall", "attachments"] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE session_id = ?1"),
                    params![session_id],
                )?;
            }
            tx.execute(
                "DELETE FROM sessions WHERE session_id = ?1",
                params![session_id],
            )?;
            tx.commit()?;
            // Move the WAL's copies into the main file (where secure_delete
            // zeroed them) and truncate the WAL, so no stale copy remains.
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }
}

impl ReviewStore for SqliteStorage {
    fn append_summary_edit(&self, session_id: &str, edit_json: &str) -> Result<(), StorageError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO summary_edits (session_id, edit_json) VALUES (?1, ?2)",
                params![session_id, edit_json],
            )?;
            Ok(())
        })
    }

    fn summary_edits(&self, session_id: &str) -> Result<Vec<String>, StorageError> {
        self.with(|c| {
            let mut statement = c.prepare_cached(
                "SELECT edit_json FROM summary_edits WHERE session_id = ?1 ORDER BY seq",
            )?;
            let rows = statement.query_map(params![session_id], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
    }

    fn save_summary_overall(
        &self,
        session_id: &str,
        scope: &str,
        text: Option<&str>,
    ) -> Result<(), StorageError> {
        self.with(|c| {
            match text {
                Some(text) => c.execute(
                    "INSERT INTO summary_overall (session_id, scope, text) VALUES (?1, ?2, ?3)
                     ON CONFLICT(session_id, scope) DO UPDATE SET text = excluded.text",
                    params![session_id, scope, text],
                )?,
                None => c.execute(
                    "DELETE FROM summary_overall WHERE session_id = ?1 AND scope = ?2",
                    params![session_id, scope],
                )?,
            };
            Ok(())
        })
    }

    fn summary_overall(
        &self,
        session_id: &str,
        scope: &str,
    ) -> Result<Option<String>, StorageError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT text FROM summary_overall WHERE session_id = ?1 AND scope = ?2",
                params![session_id, scope],
                |r| r.get(0),
            )
            .optional()?)
        })
    }
}

impl HealthCheck for SqliteStorage {
    fn check(&self) -> Result<(), StorageError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('health', datetime('now'))
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [],
            )?;
            Ok(())
        })
    }
}

mod attachments;

#[cfg(test)]
mod tests;
