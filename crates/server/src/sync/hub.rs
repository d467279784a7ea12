//! The hub: which documents exist and who may open them (the directory),
//! and which are loaded (one actor each). Documents load on demand and
//! unload when idle.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use automerge::AutoCommit;
use tokio::sync::{mpsc, oneshot};
use tokio_util::task::TaskTracker;

use super::actor::{self, ActorTimes, DocActor, DocCommand, Revealed};
use super::coalescing::Coalescing;
use super::document_id::DocumentId;
use super::leaders::{Leaders, RoomScope};
use samenbord_core::contract::OrganiserStanding;
use samenbord_core::ids::{ParticipantId, SessionId};

use crate::metrics::{self, Metrics};
use crate::storage::{ChunkWriter, DocumentKind, DocumentRecord, DocumentStore, StorageError};

/// Which organiser: the one who created the session, or a co-host they
/// invited (who may do everything except invite or revoke co-hosts and
/// delete the session).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    Main,
    CoHost(String),
}

impl Host {
    /// What the console is told about who it is.
    pub fn standing(&self) -> OrganiserStanding {
        match self {
            Self::Main => OrganiserStanding::Main,
            Self::CoHost(_) => OrganiserStanding::CoHost,
        }
    }
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
    /// Which listing this is: a document unlisted (its session moved
    /// away) and listed again (taken back) is a new listing, so a load
    /// that began before is known to be stale.
    listing: u64,
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
    /// Open connections by principal, to close a removed participant's.
    pub sockets: super::sockets::Sockets,
    /// What each principal may still send over sync.
    pub byte_budgets: super::budget::ByteBudgets,
    /// The last [`DirectoryEntry::listing`] handed out.
    listings: AtomicU64,
    config: HubConfig,
    tasks: TaskTracker,
    /// Room actors report opened silent questions here; see
    /// [`Hub::start_publishing_reveals`].
    reveals: mpsc::Sender<Revealed>,
    reveals_inbox: Mutex<Option<mpsc::Receiver<Revealed>>>,
    /// Documents that did not load whole since this server started: some
    /// (or all) of their stored chunks could not be read. The organiser
    /// is told; see [`Hub::not_whole`].
    damaged: Mutex<HashSet<DocumentId>>,
}

/// Reveals waiting to be published, across all rooms.
const REVEAL_QUEUE: usize = 1024;

/// Sizes and times of the hub's documents.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Commands queued per document before senders wait.
    pub queue_size: usize,
    /// How long a document without peers stays loaded.
    pub idle_unload: Duration,
    /// How long a document gathers commands into one batch now.
    pub coalesce: Coalescing,
    /// How long a document with quiet peers stays unpacked (`None`: always).
    pub dormant_after: Option<Duration>,
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
                        listing: 0,
                    },
                )
            })
            .collect();
        let (reveals, reveals_inbox) = mpsc::channel(REVEAL_QUEUE);
        Ok(Self {
            reveals,
            reveals_inbox: Mutex::new(Some(reveals_inbox)),
            damaged: Mutex::default(),
            directory: RwLock::new(directory),
            loaded: Arc::default(),
            writer: ChunkWriter::spawn(storage.clone()),
            storage,
            metrics,
            server_peer_id: format!("samenbord-{}", DocumentId::random()).into(),
            storage_id,
            leaders: Arc::default(),
            sockets: super::sockets::Sockets::default(),
            byte_budgets: super::budget::ByteBudgets::default(),
            listings: AtomicU64::new(0),
            config,
            tasks,
        })
    }

    /// Whether `principal` may open the document: false when it is not
    /// theirs (a room they do not sit in, someone else's private notes)
    /// or unknown, indistinguishable on purpose. Whether they may
    /// write is the document's actor's to say: a room's access changes
    /// while devices stay on it.
    pub fn may_open(&self, principal: &Principal, id: &DocumentId) -> bool {
        let Ok(directory) = self.directory.read() else {
            return false;
        };
        let Some(entry) = directory.get(id) else {
            return false;
        };
        if &entry.record.session_id != principal.session_id() {
            return false;
        }
        match (&entry.record.kind, principal) {
            (DocumentKind::Room { .. }, Principal::Organiser { .. }) => true,
            // A room opens for the people who sit in it: a participant of
            // another room who learned its address (a second join with the
            // code hands one out) neither reads nor writes it.
            (
                DocumentKind::Room { round_id, room_id },
                Principal::Participant {
                    session_id,
                    participant_id,
                },
            ) => self
                .leaders
                .seated_in(session_id, participant_id, round_id, room_id),
            (
                DocumentKind::Private { participant_id },
                Principal::Participant {
                    participant_id: who,
                    ..
                },
            ) => participant_id == who,
            (DocumentKind::Private { .. }, _) => false,
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
            directory.insert(record.document_id, self.listed(record));
        }
        Ok(())
    }

    /// The running actor of a document, loading it if needed.
    pub async fn actor(&self, id: DocumentId) -> Result<mpsc::Sender<DocCommand>, HubError> {
        if let Some(sender) = self.loaded_actor(&id) {
            return Ok(sender);
        }
        let (access, record, listing) = self
            .directory
            .read()
            .ok()
            .and_then(|d| d.get(&id).map(|e| (e.access, e.record.clone(), e.listing)))
            .ok_or(HubError::Unavailable(id))?;
        let storage = self.storage.clone();
        let loaded = tokio::task::spawn_blocking(move || actor::open_stored(storage.as_ref(), &id))
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let (doc, stored) = match loaded {
            Err(StorageError::Corrupt(why)) => {
                self.mark_damaged(id);
                return Err(StorageError::Corrupt(why).into());
            }
            other => other?.ok_or(HubError::Unavailable(id))?,
        };
        if stored.unreadable_chunks > 0 {
            self.mark_damaged(id);
        }
        let mut loaded = self
            .loaded
            .lock()
            .map_err(|_| StorageError::Unavailable("hub lock poisoned".into()))?;
        if let Some(sender) = loaded.get(&id).filter(|s| !s.is_closed()) {
            return Ok(sender.clone());
        }
        // The session may have moved to another node while this load read
        // storage (and may even be back, newer there): an actor started
        // now would outlive the unloading, serve what it read, and keep
        // its devices on a node that no longer serves them.
        if self.listing_of(&id) != Some(listing) {
            return Err(HubError::Unavailable(id));
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
                self.reveals.clone(),
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
            coalesce: self.config.coalesce.clone(),
            dormant_after: self.config.dormant_after,
        };
        self.tasks.spawn(actor.run(receiver, times, unload));
        Ok(sender)
    }

    /// A directory entry for `record`, as a new listing.
    fn listed(&self, record: DocumentRecord) -> DirectoryEntry {
        DirectoryEntry {
            record,
            access: DocumentAccess::ReadWrite,
            listing: self.listings.fetch_add(1, Ordering::Relaxed) + 1,
        }
    }

    fn listing_of(&self, id: &DocumentId) -> Option<u64> {
        self.directory.read().ok()?.get(id).map(|e| e.listing)
    }

    fn mark_damaged(&self, id: DocumentId) {
        if let Ok(mut damaged) = self.damaged.lock() {
            damaged.insert(id);
        }
    }

    /// Whether `id` was found not whole (chunks that could not be read)
    /// when it was loaded since this server started.
    pub fn is_damaged(&self, id: &DocumentId) -> bool {
        self.damaged.lock().is_ok_and(|d| d.contains(id))
    }

    /// Whether `id` could not be read whole, loading it to find out if
    /// it is not loaded (an unknown document is not damaged).
    pub async fn not_whole(&self, id: DocumentId) -> bool {
        if !self.is_damaged(&id) {
            let _ = self.actor(id).await;
        }
        self.is_damaged(&id)
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

    /// Starts the task that publishes silent notes when their question
    /// opens: the server holds every author's private document, so notes
    /// of authors whose device is closed are published too. Call once.
    pub fn start_publishing_reveals(self: &Arc<Self>) {
        let Some(mut inbox) = self.reveals_inbox.lock().ok().and_then(|mut i| i.take()) else {
            return;
        };
        // Weak: the hub owns the queue's sender, so the task ends when
        // the hub is dropped rather than keeping it alive.
        let hub = Arc::downgrade(self);
        self.tasks.spawn(async move {
            while let Some(revealed) = inbox.recv().await {
                let Some(hub) = hub.upgrade() else { break };
                hub.publish_revealed(revealed).await;
            }
        });
    }

    /// Copies every private note due for `revealed` into its room, then
    /// marks it published in its author's document.
    async fn publish_revealed(&self, revealed: Revealed) {
        // Only the private notes of the people who sit in the room: a note
        // in anyone else's private document that names this room is
        // someone writing into a room they are not in.
        let private_documents: Vec<(DocumentId, ParticipantId)> = match self.directory.read() {
            Ok(directory) => directory
                .iter()
                .filter(|(_, e)| e.record.session_id == revealed.room.session_id)
                .filter_map(|(id, e)| match &e.record.kind {
                    DocumentKind::Private { participant_id } => Some((*id, participant_id.clone())),
                    DocumentKind::Room { .. } => None,
                })
                .filter(|(_, owner)| self.leaders.seated(owner, &revealed.room))
                .collect(),
            Err(_) => return,
        };
        let room_id = revealed.room.room_id.to_string();
        for (private, owner) in private_documents {
            if let Err(error) = self
                .publish_from(private, &owner, &revealed, &room_id)
                .await
            {
                tracing::warn!(%error, document.id = %private, "silent notes not published");
            }
        }
    }

    async fn publish_from(
        &self,
        private: DocumentId,
        owner: &ParticipantId,
        revealed: &Revealed,
        room_id: &str,
    ) -> Result<(), HubError> {
        let Some(identity) = self.leaders.identity(&revealed.room.session_id, owner) else {
            return Ok(());
        };
        let snapshot = self.snapshot(private).await?;
        let doc = AutoCommit::load(&snapshot.bytes)
            .map_err(|e| HubError::Apply(private, e.to_string()))?;
        let mut due = samenbord_core::room::private::due_notes(&doc, room_id, &revealed.targets);
        if due.is_empty() {
            return Ok(());
        }
        // Nothing checks what a device writes into its own private
        // document, so a silent note goes out under its owner's identity,
        // whatever name it carries ("Directeur Jansen" was tried).
        for note in &mut due {
            note.author_id.clone_from(&identity.author_id);
            note.author_name.clone_from(&identity.name);
            identity.role.clone_into(&mut note.author_role);
        }
        let ids: Vec<String> = due.iter().map(|n| n.id.clone()).collect();
        self.apply(revealed.document, None, move |room| {
            samenbord_core::room::private::publish_notes(room, &due)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .await?;
        self.apply(private, None, move |doc| {
            samenbord_core::room::private::mark_published(doc, &ids).map_err(|e| e.to_string())
        })
        .await?;
        Ok(())
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
        self.sockets
            .close_session(session_id, &super::peer::CloseReason::ShuttingDown);
    }

    /// This node takes the session over: whatever it had loaded of it
    /// before is stale, so the documents come from storage again.
    pub async fn reload_session(&self, session_id: &SessionId, records: Vec<DocumentRecord>) {
        self.drop_session(session_id, || DocCommand::Moved).await;
        if let Ok(mut directory) = self.directory.write() {
            for record in records {
                directory.insert(record.document_id, self.listed(record));
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

#[cfg(test)]
mod listing_tests;
