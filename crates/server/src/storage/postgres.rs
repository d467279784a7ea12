//! The PostgreSQL backend, for several nodes on one database. The traits
//! are blocking (callers use the blocking pool), so the backend keeps its
//! own small tokio runtime for tokio-postgres and its connection pool and
//! waits for each query there; a caller never needs a runtime of its own.
//!
//! Documents are content-addressed chunk rows: `(document, sha256)` is
//! unique and a write of a row that is there adds nothing, so a batch
//! retried after a lost COMMIT reply cannot duplicate changes. Every write
//! of a session checks this node's lease on it (see [`super::SessionLeases`])
//! inside its transaction, holding the lease row `FOR SHARE`, so a
//! takeover cannot slip between the check and the COMMIT.

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use sha2::{Digest, Sha256};
use tokio_postgres::NoTls;

use super::{
    ChunkWrite, DocumentRecord, DocumentStore, HealthCheck, Lease, ReviewStore, SessionLeases,
    SessionStore, StorageError, StoredSession, WriteKind, migrations,
};
use samenbord_core::ids::SessionId;

use crate::sync::document_id::DocumentId;

mod attachments;
mod events;

/// Longest any one storage call may take before it fails: a database
/// that stopped answering makes writes fail (never acknowledged), not hang.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long waiting for, or opening, a pooled connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const POOL_SIZE: usize = 16;

/// This node's name in lease rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeName(pub String);

pub struct PostgresStorage {
    pool: Pool,
    /// `Some` until drop, where it is shut down without blocking (the
    /// storage may be dropped inside the server's runtime).
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
    node: NodeName,
    lease_ttl: Duration,
    /// The fencing token of every session this node holds.
    held: Arc<Mutex<HashMap<String, i64>>>,
    /// Where the cross-node event listener connects.
    config: tokio_postgres::Config,
}

fn pg(error: tokio_postgres::Error) -> StorageError {
    // The server's own message (e.g. "relation does not exist") says more
    // than tokio-postgres' "db error".
    match error.as_db_error() {
        Some(db) => StorageError::Postgres(format!("{}: {}", db.code().code(), db.message())),
        None => StorageError::Postgres(error.to_string()),
    }
}

fn pool_error(error: deadpool_postgres::PoolError) -> StorageError {
    match error {
        deadpool_postgres::PoolError::Backend(e) => pg(e),
        other => StorageError::Unavailable(format!("database connection: {other}")),
    }
}

fn hash(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

impl PostgresStorage {
    /// Connects to `url` (`postgres://user:password@host:port/database`),
    /// applies the migrations, and names this node `node` in lease rows.
    pub fn open(url: &str, node: NodeName, lease_ttl: Duration) -> Result<Self, StorageError> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|_| StorageError::UnsupportedUrl(redact(url)))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("samenbord-postgres")
            .enable_all()
            .build()
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let handle = runtime.handle().clone();
        let pool = {
            let _entered = runtime.enter();
            let manager = Manager::from_config(
                config.clone(),
                NoTls,
                ManagerConfig {
                    recycling_method: RecyclingMethod::Fast,
                },
            );
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .wait_timeout(Some(CONNECT_TIMEOUT))
                .create_timeout(Some(CONNECT_TIMEOUT))
                .recycle_timeout(Some(CONNECT_TIMEOUT))
                .build()
                .map_err(|e| StorageError::Unavailable(e.to_string()))?
        };
        let storage = Self {
            pool,
            runtime: Some(runtime),
            handle,
            node,
            lease_ttl,
            held: Arc::default(),
            config,
        };
        storage.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            migrations::apply_postgres(&mut client).await.map_err(pg)
        })?;
        Ok(storage)
    }

    /// Runs `work` on the backend's runtime and waits for its answer.
    fn run<T, F>(&self, work: impl FnOnce(Pool) -> F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, StorageError>> + Send + 'static,
    {
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        let future = work(self.pool.clone());
        self.handle.spawn(async move {
            let result = tokio::time::timeout(CALL_TIMEOUT, future)
                .await
                .unwrap_or_else(|_| {
                    Err(StorageError::Unavailable(
                        "the database did not answer in time".into(),
                    ))
                });
            let _ = reply.send(result);
        });
        answer
            .recv()
            .map_err(|_| StorageError::Unavailable("the database runtime stopped".into()))?
    }

    /// This node's fencing token for `session_id`, if it holds the lease.
    fn token(&self, session_id: &str) -> Result<Option<i64>, StorageError> {
        Ok(self
            .held
            .lock()
            .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?
            .get(session_id)
            .copied())
    }

    fn fence(&self, session_id: &str) -> Result<Fence, StorageError> {
        Ok(Fence {
            node: self.node.0.clone(),
            tokens: self
                .held
                .lock()
                .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?
                .clone(),
            session_id: session_id.to_owned(),
        })
    }
}

/// A statement of a fenced write: `$1` is the session id, the values
/// given are `$2`, `$3`, ….
type Statement = (
    &'static str,
    Vec<Box<dyn tokio_postgres::types::ToSql + Send + Sync>>,
);

impl PostgresStorage {
    /// Runs `statements` in one transaction, if this node holds the
    /// session's lease (checked inside it).
    fn fenced(&self, session_id: &str, statements: Vec<Statement>) -> Result<(), StorageError> {
        let fence = self.fence(session_id)?;
        self.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let tx = client.transaction().await.map_err(pg)?;
            fence.check(&tx).await?;
            for (sql, values) in &statements {
                let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    vec![&fence.session_id];
                for value in values {
                    params.push(value.as_ref());
                }
                tx.execute(*sql, &params).await.map_err(pg)?;
            }
            tx.commit().await.map_err(pg)
        })
    }

    /// Every document, or (`session_id` not empty) one session's.
    fn document_rows(&self, session_id: String) -> Result<Vec<DocumentRecord>, StorageError> {
        let rows = self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            client
                .query(
                    "SELECT document_id, session_id, kind FROM documents
                     WHERE $1 = '' OR session_id = $1",
                    &[&session_id],
                )
                .await
                .map_err(pg)
        })?;
        rows.iter()
            .map(|r| super::document_record(r.get(0), r.get(1), r.get(2)))
            .collect()
    }

    /// Sessions matching `filter` (fixed SQL, never user input), where
    /// `$1` is `value`.
    fn session_rows(
        &self,
        filter: &'static str,
        value: String,
    ) -> Result<Vec<StoredSession>, StorageError> {
        let rows = self.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let sql = format!(
                "SELECT session_id, join_code, state, expires_at FROM sessions
                 WHERE {filter} AND $1::text IS NOT NULL"
            );
            client.query(&sql, &[&value]).await.map_err(pg)
        })?;
        rows.iter()
            .map(|r| super::stored_session(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    }
}

impl Drop for PostgresStorage {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// What a write checks: this node and the tokens it holds.
#[derive(Clone)]
struct Fence {
    node: String,
    tokens: HashMap<String, i64>,
    session_id: String,
}

impl Fence {
    /// Fails unless this node holds the session's live lease with the
    /// token it remembers; keeps the lease row locked until COMMIT.
    async fn check(&self, tx: &tokio_postgres::Transaction<'_>) -> Result<(), StorageError> {
        let row = tx
            .query_opt(
                "SELECT node, token, expires_at > now() FROM leases
                 WHERE session_id = $1 FOR SHARE",
                &[&self.session_id],
            )
            .await
            .map_err(pg)?;
        let held = row.is_some_and(|row| {
            let (node, token, live): (String, i64, bool) = (row.get(0), row.get(1), row.get(2));
            live && node == self.node && self.tokens.get(&self.session_id) == Some(&token)
        });
        if held {
            Ok(())
        } else {
            Err(StorageError::LeaseLost(self.session_id.clone()))
        }
    }
}

/// Hides the password of a database URL, for error messages.
fn redact(url: &str) -> String {
    match url.split_once('@') {
        Some((_, host)) => format!("postgres://…@{host}"),
        None => url.to_owned(),
    }
}

const INSERT_CHUNK: &str = "INSERT INTO chunks (document_id, hash, data)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM documents WHERE document_id = $1)
     ON CONFLICT (document_id, hash) DO NOTHING";

impl DocumentStore for PostgresStorage {
    fn storage_id(&self) -> Result<String, StorageError> {
        let candidate = DocumentId::random().to_string();
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            // Every node of one database announces the same storage id.
            client
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('storage_id', $1)
                     ON CONFLICT (key) DO NOTHING",
                    &[&candidate],
                )
                .await
                .map_err(pg)?;
            let row = client
                .query_one("SELECT value FROM meta WHERE key = 'storage_id'", &[])
                .await
                .map_err(pg)?;
            Ok(row.get(0))
        })
    }

    fn insert_document(&self, record: &DocumentRecord, initial: &[u8]) -> Result<(), StorageError> {
        let kind = serde_json::to_string(&record.kind)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let fence = self.fence(record.session_id.as_str())?;
        let id = record.document_id.to_string();
        let initial = initial.to_vec();
        self.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let tx = client.transaction().await.map_err(pg)?;
            fence.check(&tx).await?;
            tx.execute(
                "INSERT INTO documents (document_id, session_id, kind) VALUES ($1, $2, $3)
                 ON CONFLICT (document_id) DO NOTHING",
                &[&id, &fence.session_id, &kind],
            )
            .await
            .map_err(pg)?;
            tx.execute(INSERT_CHUNK, &[&id, &hash(&initial), &initial])
                .await
                .map_err(pg)?;
            tx.commit().await.map_err(pg)
        })
    }

    fn documents(&self) -> Result<Vec<DocumentRecord>, StorageError> {
        self.document_rows(String::new())
    }

    fn session_documents(
        &self,
        session_id: &SessionId,
    ) -> Result<Vec<DocumentRecord>, StorageError> {
        self.document_rows(session_id.to_string())
    }

    fn append_chunk(&self, document_id: &DocumentId, bytes: &[u8]) -> Result<(), StorageError> {
        self.write_chunks(&[ChunkWrite {
            document_id: *document_id,
            bytes: bytes.to_vec(),
            kind: WriteKind::Append,
        }])
    }

    fn load_chunks(&self, document_id: &DocumentId) -> Result<Vec<Vec<u8>>, StorageError> {
        let id = document_id.to_string();
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let rows = client
                .query(
                    "SELECT data FROM chunks WHERE document_id = $1 ORDER BY seq",
                    &[&id],
                )
                .await
                .map_err(pg)?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn compact(&self, document_id: &DocumentId, full: &[u8]) -> Result<(), StorageError> {
        self.write_chunks(&[ChunkWrite {
            document_id: *document_id,
            bytes: full.to_vec(),
            kind: WriteKind::Compact,
        }])
    }

    /// One transaction for the whole batch (group commit). The lease of
    /// every session written is checked first; if this node lost any of
    /// them, nothing of the batch is written.
    fn write_chunks(&self, writes: &[ChunkWrite]) -> Result<(), StorageError> {
        let fence = self.fence("")?;
        let writes: Vec<(String, Vec<u8>, Vec<u8>, WriteKind)> = writes
            .iter()
            .map(|w| {
                (
                    w.document_id.to_string(),
                    hash(&w.bytes),
                    w.bytes.clone(),
                    w.kind,
                )
            })
            .collect();
        self.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let tx = client.transaction().await.map_err(pg)?;
            let ids: Vec<String> = writes.iter().map(|w| w.0.clone()).collect();
            let sessions: Vec<String> = tx
                .query(
                    "SELECT DISTINCT session_id FROM documents WHERE document_id = ANY($1)",
                    &[&ids],
                )
                .await
                .map_err(pg)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for session_id in sessions {
                Fence {
                    session_id,
                    ..fence.clone()
                }
                .check(&tx)
                .await?;
            }
            let insert = tx.prepare(INSERT_CHUNK).await.map_err(pg)?;
            for (id, digest, bytes, kind) in &writes {
                if *kind == WriteKind::Compact {
                    tx.execute("DELETE FROM chunks WHERE document_id = $1", &[id])
                        .await
                        .map_err(pg)?;
                }
                tx.execute(&insert, &[id, digest, bytes])
                    .await
                    .map_err(pg)?;
            }
            tx.commit().await.map_err(pg)
        })
    }
}

impl SessionStore for PostgresStorage {
    fn save_session(&self, session: &StoredSession) -> Result<(), StorageError> {
        self.fenced(
            session.session_id.as_str(),
            vec![(
                "INSERT INTO sessions (session_id, join_code, state, expires_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (session_id) DO UPDATE SET
                   join_code = excluded.join_code, state = excluded.state,
                   expires_at = excluded.expires_at",
                vec![
                    Box::new(session.join_code.clone()),
                    Box::new(session.state_json.clone()),
                    Box::new(session.expires_at),
                ],
            )],
        )
    }

    fn sessions(&self) -> Result<Vec<StoredSession>, StorageError> {
        self.session_rows("TRUE", String::new())
    }

    fn session(&self, session_id: &SessionId) -> Result<Option<StoredSession>, StorageError> {
        Ok(self
            .session_rows("session_id = $1", session_id.to_string())?
            .pop())
    }

    fn session_by_code(&self, join_code: &str) -> Result<Option<StoredSession>, StorageError> {
        Ok(self
            .session_rows("join_code = $1", join_code.to_owned())?
            .pop())
    }

    fn save_closing_snapshot(
        &self,
        session_id: &str,
        room_id: &str,
        at: i64,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        self.fenced(
            session_id,
            vec![(
                "INSERT INTO closing_snapshots (session_id, room_id, closed_at, data)
                 SELECT $1, $2, $3, $4
                 WHERE EXISTS (SELECT 1 FROM sessions WHERE session_id = $1)",
                vec![
                    Box::new(room_id.to_owned()),
                    Box::new(at),
                    Box::new(bytes.to_vec()),
                ],
            )],
        )
    }

    fn delete_session(&self, session_id: &str) -> Result<(), StorageError> {
        // Chunks go with their documents (ON DELETE CASCADE).
        let statements = [
            "DELETE FROM attachments WHERE session_id = $1",
            "DELETE FROM documents WHERE session_id = $1",
            "DELETE FROM closing_snapshots WHERE session_id = $1",
            "DELETE FROM summary_edits WHERE session_id = $1",
            "DELETE FROM summary_overall WHERE session_id = $1",
            "DELETE FROM sessions WHERE session_id = $1",
        ];
        self.fenced(
            session_id,
            statements.iter().map(|sql| (*sql, Vec::new())).collect(),
        )
    }
}

impl ReviewStore for PostgresStorage {
    fn append_summary_edit(&self, session_id: &str, edit_json: &str) -> Result<(), StorageError> {
        self.fenced(
            session_id,
            vec![(
                "INSERT INTO summary_edits (session_id, edit_json) VALUES ($1, $2)",
                vec![Box::new(edit_json.to_owned())],
            )],
        )
    }

    fn summary_edits(&self, session_id: &str) -> Result<Vec<String>, StorageError> {
        let session_id = session_id.to_owned();
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let rows = client
                .query(
                    "SELECT edit_json FROM summary_edits WHERE session_id = $1 ORDER BY seq",
                    &[&session_id],
                )
                .await
                .map_err(pg)?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn save_summary_overall(
        &self,
        session_id: &str,
        scope: &str,
        text: Option<&str>,
    ) -> Result<(), StorageError> {
        let statement: Statement = match text {
            Some(text) => (
                "INSERT INTO summary_overall (session_id, scope, text) VALUES ($1, $2, $3)
                 ON CONFLICT (session_id, scope) DO UPDATE SET text = excluded.text",
                vec![Box::new(scope.to_owned()), Box::new(text.to_owned())],
            ),
            None => (
                "DELETE FROM summary_overall WHERE session_id = $1 AND scope = $2",
                vec![Box::new(scope.to_owned())],
            ),
        };
        self.fenced(session_id, vec![statement])
    }

    fn summary_overall(
        &self,
        session_id: &str,
        scope: &str,
    ) -> Result<Option<String>, StorageError> {
        let (session_id, scope) = (session_id.to_owned(), scope.to_owned());
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let row = client
                .query_opt(
                    "SELECT text FROM summary_overall WHERE session_id = $1 AND scope = $2",
                    &[&session_id, &scope],
                )
                .await
                .map_err(pg)?;
            Ok(row.map(|r| r.get(0)))
        })
    }
}

impl HealthCheck for PostgresStorage {
    fn check_proves_writes(&self) -> bool {
        true
    }

    fn check(&self) -> Result<(), StorageError> {
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            client
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('health', now()::text)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[],
                )
                .await
                .map_err(pg)?;
            Ok(())
        })
    }
}

impl SessionLeases for PostgresStorage {
    fn acquire(&self, session_id: &SessionId) -> Result<Lease, StorageError> {
        let id = session_id.to_string();
        let node = self.node.0.clone();
        let ttl = self.lease_ttl.as_secs_f64();
        let known = self.token(&id)?;
        let outcome = self.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            if let Some(token) = known {
                let renewed = client
                    .execute(
                        "UPDATE leases SET expires_at = now() + make_interval(secs => $4)
                         WHERE session_id = $1 AND node = $2 AND token = $3
                           AND expires_at > now()",
                        &[&id, &node, &token, &ttl],
                    )
                    .await
                    .map_err(pg)?;
                if renewed == 1 {
                    return Ok((id, Lease::Held { token }));
                }
            }
            // A free, expired, or own (this node restarted) lease is taken,
            // and the token grows so the previous holder's writes fail.
            let taken = client
                .query_opt(
                    "INSERT INTO leases (session_id, node, token, expires_at)
                     VALUES ($1, $2, 1, now() + make_interval(secs => $3))
                     ON CONFLICT (session_id) DO UPDATE SET
                       node = excluded.node, token = leases.token + 1,
                       expires_at = excluded.expires_at, wanted_by = NULL
                     WHERE leases.expires_at <= now() OR leases.node = excluded.node
                     RETURNING token",
                    &[&id, &node, &ttl],
                )
                .await
                .map_err(pg)?;
            if let Some(row) = taken {
                return Ok((id, Lease::Held { token: row.get(0) }));
            }
            // The holder hands it over when it hears (see `events`).
            client
                .execute(events::ASK_FOR_HANDOVER, &[&id, &node])
                .await
                .map_err(pg)?;
            let holder = client
                .query_opt("SELECT node FROM leases WHERE session_id = $1", &[&id])
                .await
                .map_err(pg)?;
            Ok((
                id,
                Lease::Elsewhere {
                    node: holder.map(|r| r.get(0)).unwrap_or_default(),
                },
            ))
        })?;
        let (id, lease) = outcome;
        let mut held = self
            .held
            .lock()
            .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?;
        match &lease {
            Lease::Held { token } => held.insert(id, *token),
            Lease::Elsewhere { .. } => held.remove(&id),
        };
        Ok(lease)
    }

    fn renew(&self) -> Result<Vec<SessionId>, StorageError> {
        let (sessions, tokens): (Vec<String>, Vec<i64>) = self
            .held
            .lock()
            .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?
            .iter()
            .map(|(s, t)| (s.clone(), *t))
            .unzip();
        if sessions.is_empty() {
            return Ok(Vec::new());
        }
        let node = self.node.0.clone();
        let ttl = self.lease_ttl.as_secs_f64();
        let asked = sessions.clone();
        let renewed: Vec<String> = self.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let rows = client
                .query(
                    // A lease another node asked for is released (expires
                    // now) instead of renewed: it counts as lost here.
                    "UPDATE leases l SET expires_at = CASE WHEN l.wanted_by IS NULL
                       THEN now() + make_interval(secs => $4) ELSE now() END
                     FROM unnest($1::text[], $2::bigint[]) AS held(session_id, token)
                     WHERE l.session_id = held.session_id AND l.token = held.token
                       AND l.node = $3 AND l.expires_at > now()
                     RETURNING l.session_id, l.wanted_by IS NULL",
                    &[&asked, &tokens, &node, &ttl],
                )
                .await
                .map_err(pg)?;
            Ok(rows
                .iter()
                .filter(|r| r.get::<_, bool>(1))
                .map(|r| r.get(0))
                .collect())
        })?;
        let mut held = self
            .held
            .lock()
            .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?;
        let mut lost = Vec::new();
        for session in sessions {
            if !renewed.contains(&session) {
                held.remove(&session);
                if let Ok(id) = SessionId::new(session) {
                    lost.push(id);
                }
            }
        }
        Ok(lost)
    }

    fn holds(&self, session_id: &SessionId) -> bool {
        matches!(self.token(session_id.as_str()), Ok(Some(_)))
    }

    fn listen(&self) -> Option<tokio::sync::mpsc::Receiver<super::NodeEvent>> {
        let _entered = self.handle.enter();
        Some(events::start(self.config.clone()))
    }

    fn release(&self, session_id: &SessionId) -> Result<(), StorageError> {
        let id = session_id.to_string();
        let Some(token) = self
            .held
            .lock()
            .map_err(|_| StorageError::Unavailable("lease lock poisoned".into()))?
            .remove(&id)
        else {
            return Ok(());
        };
        let node = self.node.0.clone();
        self.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            client
                .execute(
                    "UPDATE leases SET expires_at = now()
                     WHERE session_id = $1 AND node = $2 AND token = $3",
                    &[&id, &node, &token],
                )
                .await
                .map_err(pg)?;
            Ok(())
        })
    }
}
