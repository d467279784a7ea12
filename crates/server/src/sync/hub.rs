//! The hub: which documents exist and who may open them (the directory),
//! and which are loaded (one actor each). Documents load on demand and
//! unload when idle.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use automerge::AutoCommit;
use tokio::sync::{mpsc, oneshot};
use tokio_util::task::TaskTracker;

use super::actor::{self, ActorTimes, DocActor, DocCommand};
use super::document_id::DocumentId;
use super::leaders::{Leaders, RoomScope};
use samenbord_core::ids::{ParticipantId, SessionId};

use crate::metrics::{self, Metrics};
use crate::storage::{ChunkWriter, DocumentKind, DocumentRecord, DocumentStore, StorageError};

/// Which organiser: the one who created the session, or a co-host they
/// invited (who may do everything except invite or revoke co-hosts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    Main,
    CoHost(String),
}

/// Who is connecting, as proven by their token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    Organiser {
        session_id: SessionId,
        host: Host,
    },
    Participant {
        session_id: SessionId,
        participant_id: ParticipantId,
    },
}

impl Principal {
    pub fn session_id(&self) -> &SessionId {
        match self {
            Self::Organiser { session_id, .. } | Self::Participant { session_id, .. } => session_id,
        }
    }
}

/// What a peer may do with a document it may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentAccess {
    /// The room is closed: the peer syncs but its changes are refused.
    ReadOnly,
    ReadWrite,
}

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("document {0} is not available")]
    Unavailable(DocumentId),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("document {0} could not be changed: {1}")]
    Apply(DocumentId, String),
}

#[derive(Debug, Clone)]
struct DirectoryEntry {
    record: DocumentRecord,
    access: DocumentAccess,
}

pub struct Hub {
    directory: RwLock<HashMap<DocumentId, DirectoryEntry>>,
    loaded: Arc<Mutex<HashMap<DocumentId, mpsc::Sender<DocCommand>>>>,
    storage: Arc<dyn DocumentStore>,
    writer: ChunkWriter,
    metrics: Arc<Metrics>,
    pub server_peer_id: Arc<str>,
    pub storage_id: String,
    /// The appointed discussion leaders, for the reveal check.
    pub leaders: Arc<Leaders>,
    config: HubConfig,
    tasks: TaskTracker,
}

/// Sizes and times of the hub's documents.
#[derive(Debug, Clone, Copy)]
pub struct HubConfig {
    /// Commands queued per document before senders wait.
    pub queue_size: usize,
    /// How long a document without peers stays loaded.
    pub idle_unload: Duration,
    /// How long a document gathers commands into one batch (0: no wait).
    pub coalesce: Duration,
    /// Largest document, in stored bytes.
    pub max_document_bytes: usize,
}

impl Hub {
    pub fn new(
        storage: Arc<dyn DocumentStore>,
        metrics: Arc<Metrics>,
        config: HubConfig,
        tasks: TaskTracker,
    ) -> Result<Self, StorageError> {
        let storage_id = storage.storage_id()?;
        let directory = storage
            .documents()?
            .into_iter()
            .map(|record| {
                (
                    record.document_id,
                    DirectoryEntry {
                        record,
                        access: DocumentAccess::ReadWrite,
                    },
                )
            })
            .collect();
        Ok(Self {
            directory: RwLock::new(directory),
            loaded: Arc::default(),
            writer: ChunkWriter::spawn(storage.clone()),
            storage,
            metrics,
            server_peer_id: format!("samenbord-{}", DocumentId::random()).into(),
            storage_id,
            leaders: Arc::default(),
            config,
            tasks,
        })
    }

    /// Whether `principal` may open the document, and write to it.
    /// `None`: not theirs or unknown — indistinguishable on purpose.
    pub fn access(&self, principal: &Principal, id: &DocumentId) -> Option<DocumentAccess> {
        let directory = self.directory.read().ok()?;
        let entry = directory.get(id)?;
        if &entry.record.session_id != principal.session_id() {
            return None;
        }
        match (&entry.record.kind, principal) {
            (DocumentKind::Room { .. }, _) => Some(entry.access),
            (
                DocumentKind::Private { participant_id },
                Principal::Participant {
                    participant_id: who,
                    ..
                },
            ) if participant_id == who => Some(DocumentAccess::ReadWrite),
            (DocumentKind::Private { .. }, _) => None,
        }
    }

    /// Stores a new document and lists it in the directory.
    pub async fn create(
        &self,
        record: DocumentRecord,
        mut doc: AutoCommit,
    ) -> Result<(), HubError> {
        let bytes = doc.save();
        let storage = self.storage.clone();
        let stored = record.clone();
        tokio::task::spawn_blocking(move || storage.insert_document(&stored, &bytes))
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))??;
        if let Ok(mut directory) = self.directory.write() {
            directory.insert(
                record.document_id,
                DirectoryEntry {
                    record,
                    access: DocumentAccess::ReadWrite,
                },
            );
        }
        Ok(())
    }

    /// The running actor of a document, loading it if needed.
    pub async fn actor(&self, id: DocumentId) -> Result<mpsc::Sender<DocCommand>, HubError> {
        if let Some(sender) = self.loaded_actor(&id) {
            return Ok(sender);
        }
        let (access, record) = self
            .directory
            .read()
            .ok()
            .and_then(|d| d.get(&id).map(|e| (e.access, e.record.clone())))
            .ok_or(HubError::Unavailable(id))?;
        let storage = self.storage.clone();
        let (doc, stored) =
            tokio::task::spawn_blocking(move || actor::load_stored(storage.as_ref(), &id))
                .await
                .map_err(|e| StorageError::Unavailable(e.to_string()))??
                .ok_or(HubError::Unavailable(id))?;
        let mut loaded = self
            .loaded
            .lock()
            .map_err(|_| StorageError::Unavailable("hub lock poisoned".into()))?;
        if let Some(sender) = loaded.get(&id).filter(|s| !s.is_closed()) {
            return Ok(sender.clone());
        }
        let (sender, receiver) = mpsc::channel(self.config.queue_size);
        loaded.insert(id, sender.clone());
        metrics::add(&self.metrics.documents_loaded, 1);
        let actor = DocActor::new(
            id,
            doc,
            access,
            actor::SizeLimit {
                stored,
                max_bytes: self.config.max_document_bytes,
            },
            self.server_peer_id.clone(),
            self.writer.clone(),
            self.metrics.clone(),
        );
        let actor = match record.kind {
            DocumentKind::Room { round_id, room_id } => actor.with_reveal_gate(
                RoomScope {
                    session_id: record.session_id,
                    round_id,
                    room_id,
                },
                self.leaders.clone(),
            ),
            DocumentKind::Private { .. } => actor,
        };
        let registry = self.loaded.clone();
        let metrics = self.metrics.clone();
        let unload = move |queue: &mpsc::Receiver<DocCommand>| {
            let Ok(mut loaded) = registry.lock() else {
                return false;
            };
            // Under the lock nobody can fetch this sender, so an empty
            // queue now means nothing can still reach the actor.
            if queue.is_empty() {
                loaded.remove(&id);
                metrics::sub(&metrics.documents_loaded, 1);
                true
            } else {
                false
            }
        };
        let times = ActorTimes {
            idle: self.config.idle_unload,
            coalesce: self.config.coalesce,
        };
        self.tasks.spawn(actor.run(receiver, times, unload));
        Ok(sender)
    }

    fn loaded_actor(&self, id: &DocumentId) -> Option<mpsc::Sender<DocCommand>> {
        let loaded = self.loaded.lock().ok()?;
        loaded.get(id).filter(|s| !s.is_closed()).cloned()
    }

    /// Sends a command, reloading the actor if it unloaded meanwhile.
    pub async fn send(&self, id: DocumentId, mut command: DocCommand) -> Result<(), HubError> {
        for _ in 0..3 {
            let actor = self.actor(id).await?;
            match actor.send(command).await {
                Ok(()) => return Ok(()),
                Err(mpsc::error::SendError(returned)) => command = returned,
            }
        }
        Err(HubError::Unavailable(id))
    }

    /// A server-side change: persisted and synced to every peer like any
    /// participant's change. `writable` also opens or closes the document.
    pub async fn apply(
        &self,
        id: DocumentId,
        access: Option<DocumentAccess>,
        change: impl FnOnce(&mut AutoCommit) -> Result<(), String> + Send + 'static,
    ) -> Result<Vec<u8>, HubError> {
        if let (Some(access), Ok(mut directory)) = (access, self.directory.write())
            && let Some(entry) = directory.get_mut(&id)
        {
            entry.access = access;
        }
        let (reply, answer) = oneshot::channel();
        self.send(
            id,
            DocCommand::Apply {
                change: Box::new(change),
                access,
                reply,
            },
        )
        .await?;
        answer
            .await
            .map_err(|_| HubError::Unavailable(id))?
            .map_err(|e| HubError::Apply(id, e))
    }

    /// The document as it is now, with who is connected.
    pub async fn snapshot(&self, id: DocumentId) -> Result<actor::DocSnapshot, HubError> {
        let (reply, answer) = oneshot::channel();
        self.send(id, DocCommand::Save { reply }).await?;
        answer.await.map_err(|_| HubError::Unavailable(id))
    }

    /// Forgets every document of a deleted session and stops their
    /// actors, disconnecting their peers; the caller deletes the rows.
    pub async fn forget_session(&self, session_id: &SessionId) {
        self.drop_session(session_id, || DocCommand::Shutdown).await;
    }

    /// Another node serves the session now: its documents unload and
    /// their peers are disconnected to reconnect there.
    pub async fn unload_session(&self, session_id: &SessionId) {
        self.drop_session(session_id, || DocCommand::Moved).await;
    }

    /// This node takes the session over: whatever it had loaded of it
    /// before is stale, so the documents come from storage again.
    pub async fn reload_session(&self, session_id: &SessionId, records: Vec<DocumentRecord>) {
        self.drop_session(session_id, || DocCommand::Moved).await;
        if let Ok(mut directory) = self.directory.write() {
            for record in records {
                directory.insert(
                    record.document_id,
                    DirectoryEntry {
                        record,
                        access: DocumentAccess::ReadWrite,
                    },
                );
            }
        }
    }

    async fn drop_session(&self, session_id: &SessionId, stop: fn() -> DocCommand) {
        self.leaders.forget_session(session_id);
        let ids: Vec<DocumentId> = match self.directory.write() {
            Ok(mut directory) => {
                let ids: Vec<DocumentId> = directory
                    .iter()
                    .filter(|(_, e)| &e.record.session_id == session_id)
                    .map(|(id, _)| *id)
                    .collect();
                for id in &ids {
                    directory.remove(id);
                }
                ids
            }
            Err(_) => Vec::new(),
        };
        let actors: Vec<mpsc::Sender<DocCommand>> = match self.loaded.lock() {
            Ok(mut loaded) => ids.iter().filter_map(|id| loaded.remove(id)).collect(),
            Err(_) => Vec::new(),
        };
        for actor in actors {
            metrics::sub(&self.metrics.documents_loaded, 1);
            let _ = actor.send(stop()).await;
        }
    }
}
