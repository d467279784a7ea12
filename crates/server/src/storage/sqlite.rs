//! The embedded SQLite backend. WAL with `synchronous=FULL`, so a commit
//! is on disk when it returns; `secure_delete` so a hard-deleted session's
//! bytes are overwritten, not just unlinked.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    ChunkWrite, DocumentRecord, DocumentStore, HealthCheck, Lease, ReviewStore, SessionLeases,
    SessionStore, StorageError, StoredSession, WriteKind, migrations,
};
use samenbord_core::ids::SessionId;

use crate::sync::document_id::DocumentId;

pub struct SqliteStorage {
    connection: Mutex<Connection>,
}

/// Run at every open: chunks written after a delete by servers that did
/// not have the trigger yet.
const CLEANUP: &str =
    "DELETE FROM chunks WHERE document_id NOT IN (SELECT document_id FROM documents);";

impl SqliteStorage {
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StorageError> {
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::apply_sqlite(&mut connection)?;
        connection.execute_batch(CLEANUP)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// Every document, or one session's.
    fn document_rows(
        &self,
        session_id: Option<&SessionId>,
    ) -> Result<Vec<DocumentRecord>, StorageError> {
        let filter = session_id.map_or("", SessionId::as_str);
        self.with(|c| {
            let mut statement = c.prepare_cached(
                "SELECT document_id, session_id, kind FROM documents
                 WHERE ?1 = '' OR session_id = ?1",
            )?;
            let rows = statement.query_map(params![filter], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            rows.map(|row| {
                let (id, session_id, kind) = row?;
                super::document_record(id, session_id, kind)
            })
            .collect()
        })
    }

    /// Every session, or those whose `column` ("session_id" or
    /// "join_code", never user input) is `value`.
    fn session_rows(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Vec<StoredSession>, StorageError> {
        let filter = if column.is_empty() {
            String::new()
        } else {
            format!("WHERE {column} = ?1")
        };
        self.with(|c| {
            let mut statement = c.prepare_cached(&format!(
                "SELECT session_id, join_code, state, expires_at FROM sessions {filter}"
            ))?;
            let map = |r: &rusqlite::Row<'_>| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            };
            let rows = if filter.is_empty() {
                statement
                    .query_map([], map)?
                    .collect::<Result<Vec<_>, _>>()?
            } else {
                statement
                    .query_map(params![value], map)?
                    .collect::<Result<Vec<_>, _>>()?
            };
            rows.into_iter()
                .map(|(id, join_code, state_json, expires_at)| {
                    super::stored_session(id, join_code, state_json, expires_at)
                })
                .collect()
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
        self.document_rows(None)
    }

    fn session_documents(
        &self,
        session_id: &SessionId,
    ) -> Result<Vec<DocumentRecord>, StorageError> {
        self.document_rows(Some(session_id))
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
                // Cached: every batch of every room runs these, and
                // parsing them again was ~3 % of the day load's CPU.
                if write.kind == WriteKind::Compact {
                    tx.prepare_cached("DELETE FROM chunks WHERE document_id = ?1")?
                        .execute(params![id])?;
                }
                tx.prepare_cached("INSERT INTO chunks (document_id, data) VALUES (?1, ?2)")?
                    .execute(params![id, write.bytes])?;
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
        self.session_rows("", "")
    }

    fn session(&self, session_id: &SessionId) -> Result<Option<StoredSession>, StorageError> {
        Ok(self.session_rows("session_id", session_id.as_str())?.pop())
    }

    fn session_by_code(&self, join_code: &str) -> Result<Option<StoredSession>, StorageError> {
        Ok(self.session_rows("join_code", join_code)?.pop())
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

/// One process on one file: this node holds every session, always.
impl SessionLeases for SqliteStorage {
    fn acquire(&self, _: &SessionId) -> Result<Lease, StorageError> {
        Ok(Lease::Held { token: 0 })
    }

    fn renew(&self) -> Result<Vec<SessionId>, StorageError> {
        Ok(Vec::new())
    }

    fn release(&self, _: &SessionId) -> Result<(), StorageError> {
        Ok(())
    }

    fn holds(&self, _: &SessionId) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
