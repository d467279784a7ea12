//! One task per loaded document. It owns the Automerge document and each
//! attached peer's sync state, so no locks guard document data.
//!
//! The loop: take a batch of commands, apply every received change, write
//! the new changes to storage and wait for them to be durable, and only
//! then generate sync messages to peers — so no peer hears the server has
//! a change before it is on disk. Each peer's outbound queue is bounded; a
//! peer whose queue is full is disconnected (it resyncs on reconnect),
//! never silently skipped.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use tokio::sync::{mpsc, oneshot};
use tracing::{Instrument, debug, error, info_span, warn};

use super::acknowledgement;
use super::arrived::ArrivedChanges;
use super::coalescing::Coalescing;
use super::document_id::DocumentId;
use super::hub::{DocumentAccess, Principal};
use super::late;
use super::leaders::{Leaders, RoomScope};
use super::peer::{CloseReason, ConnectionId, PeerHandle};
use super::shared_messages::SharedMessages;
use super::wire::WireMessage;
use crate::metrics::{self, Metrics};
use crate::storage::{ChunkWriter, DocumentStore, StorageError, WriteKind};
use samenbord_core::ids::ParticipantId;
use samenbord_protocol::gate::{self, Author, RevealRight, Writer};

/// Chunks appended before the document is compacted into one save.
const COMPACT_AFTER_CHUNKS: usize = 256;
/// Commands taken per batch (one storage write per batch).
const MAX_BATCH: usize = 256;

/// A change the server itself makes to a document.
pub type ServerChange = Box<dyn FnOnce(&mut AutoCommit) -> Result<(), String> + Send>;

pub enum DocCommand {
    Attach {
        peer: PeerHandle,
    },
    /// A sync message the connection has already checked (see
    /// `samenbord_protocol::payload`): Automerge may parse its changes.
    Sync {
        connection: ConnectionId,
        message: sync::Message,
        /// When the connection read it (for the change-hold metric).
        received: Instant,
    },
    Ephemeral {
        connection: ConnectionId,
        count: u64,
        session_id: String,
        data: Vec<u8>,
    },
    Detach {
        connection: ConnectionId,
    },
    /// A write by the server itself (e.g. closing a room), persisted and
    /// synced like any change; replies with the document's full save.
    Apply {
        change: ServerChange,
        access: Option<DocumentAccess>,
        reply: ApplyReply,
    },
    /// The full document as it is now, with who is connected.
    Save {
        reply: oneshot::Sender<DocSnapshot>,
    },
    /// The document's session was deleted: disconnect everyone and stop
    /// without writing anything more.
    Shutdown,
    /// Another node serves the session now: disconnect everyone (who
    /// reconnect, through the load balancer, to that node) and stop.
    Moved,
}

/// Where a server write hears the document's full save, or why not.
pub type ApplyReply = oneshot::Sender<Result<Vec<u8>, String>>;

/// A document as it is now, for overviews and summaries.
#[derive(Debug, Clone)]
pub struct DocSnapshot {
    pub bytes: Vec<u8>,
    pub peers: usize,
    /// Participants with a device on the document now, each once.
    pub participants: Vec<ParticipantId>,
    /// Unix milliseconds of the last change received, if any since load.
    pub last_change_at: Option<i64>,
}

struct AttachedPeer {
    handle: PeerHandle,
    state: sync::State,
    /// When it last sent anything for this document (sync or presence).
    last_heard: Instant,
}

/// A device counts as on the card while heard within this long. A room
/// in a browser sends presence every 4 s and drops a peer after 13 s
/// unheard (web/src/room/usePresence.ts); a device whose network went
/// keeps its socket open until two pings are missed (40 s), which is
/// what the overview counted before (found in a user test).
const HEARD_WITHIN: Duration = Duration::from_secs(15);

/// A room document's gate, and where it reports newly opened questions
/// (the hub then publishes every author's silent notes for them).
pub struct RoomGate {
    pub room: RoomScope,
    pub leaders: Arc<Leaders>,
    pub reveals: mpsc::Sender<Revealed>,
    /// What is open now, to spot what a batch opens.
    pub revealed: std::collections::BTreeSet<String>,
    /// The card's roles that keep the record, read when the room loads
    /// (so a rewritten `template_id` changes nothing).
    pub note_takers: Vec<String>,
    /// Whether the two above were read (a room opened packed reads them
    /// when it first wakes).
    pub read: bool,
}

/// Silent questions a room just opened.
#[derive(Debug, Clone)]
pub struct Revealed {
    pub document: DocumentId,
    pub room: RoomScope,
    pub targets: std::collections::BTreeSet<String>,
}

pub struct DocActor {
    id: DocumentId,
    /// Loaded, or packed away while its peers are quiet (see [`dormancy`]).
    doc: dormancy::Residence,
    /// Bytes the document takes in storage; changes that would take it
    /// past `max_bytes` are refused before they are applied.
    size_bytes: usize,
    max_bytes: usize,
    saved_heads: Vec<ChangeHash>,
    /// Recent heads, so acknowledgements need not walk the history.
    recent: acknowledgement::RecentHeads,
    /// This batch's new changes as their authors sent them, stored and
    /// sent as they are instead of encoded again.
    arrived: ArrivedChanges,
    chunks_since_compaction: usize,
    access: DocumentAccess,
    /// For room documents: who may change `revealed_targets`, and which
    /// identity each writer may put on notes.
    reveal_gate: Option<RoomGate>,
    peers: HashMap<ConnectionId, AttachedPeer>,
    /// Peers refused for writing while the room was closed: they hear
    /// nothing until it reopens, then sync afresh (so their device learns
    /// it is open and its refused notes are applied after all).
    parked: HashMap<ConnectionId, AttachedPeer>,
    stopped: bool,
    last_change_at: Option<i64>,
    server_peer_id: Arc<str>,
    writer: ChunkWriter,
    metrics: Arc<Metrics>,
}

/// Loads a document from storage; `None` if it has no chunks.
pub fn load(
    storage: &dyn DocumentStore,
    id: &DocumentId,
) -> Result<Option<AutoCommit>, StorageError> {
    Ok(load_stored(storage, id)?.map(|(doc, _)| doc))
}

/// A stored document as its actor starts with it.
pub enum Opened {
    Loaded(Box<AutoCommit>),
    /// One intact save (a compacted room), not loaded: the actor starts
    /// packed, answers devices that hold nothing with these bytes, and
    /// loads them when a message needs the document.
    Saved {
        bytes: Vec<u8>,
        heads: Vec<ChangeHash>,
    },
}

impl From<AutoCommit> for Opened {
    fn from(doc: AutoCommit) -> Self {
        Self::Loaded(Box::new(doc))
    }
}

/// Opens a document for its actor: a room stored as one intact save stays
/// packed (opening it costs a read, not a load); anything else loads as
/// [`load_stored`] does.
pub fn open_stored(
    storage: &dyn DocumentStore,
    id: &DocumentId,
) -> Result<Option<(Opened, Stored)>, StorageError> {
    let mut chunks = storage.load_chunks(id)?;
    if let [only] = &chunks[..]
        && let Some(heads) = samenbord_protocol::payload::stored_document_heads(only)
    {
        let bytes = chunks.swap_remove(0);
        let stored = Stored {
            bytes: bytes.len(),
            chunks: 1,
            unreadable_chunks: 0,
        };
        return Ok(Some((Opened::Saved { bytes, heads }, stored)));
    }
    Ok(load_chunks(id, chunks)?.map(|(doc, stored)| (Opened::from(doc), stored)))
}

/// Loads a document with how it is stored (so the actor need not
/// compress it again just to learn its size).
pub fn load_stored(
    storage: &dyn DocumentStore,
    id: &DocumentId,
) -> Result<Option<(AutoCommit, Stored)>, StorageError> {
    load_chunks(id, storage.load_chunks(id)?)
}

fn load_chunks(
    id: &DocumentId,
    chunks: Vec<Vec<u8>>,
) -> Result<Option<(AutoCommit, Stored)>, StorageError> {
    if chunks.is_empty() {
        return Ok(None);
    }
    let bytes: Vec<u8> = chunks.concat();
    let mut stored = Stored {
        bytes: bytes.len(),
        chunks: chunks.len(),
        unreadable_chunks: 0,
    };
    match AutoCommit::load(&bytes) {
        Ok(doc) => Ok(Some((doc, stored))),
        Err(error) => {
            warn!(document.id = %id, %error, "document does not load whole; reading it chunk by chunk");
            let (doc, skipped) = load_readable(&chunks)
                .ok_or_else(|| StorageError::Corrupt(format!("document {id}: {error}")))?;
            stored.unreadable_chunks = skipped;
            Ok(Some((doc, stored)))
        }
    }
}

/// What is readable of a document whose chunks do not load together:
/// each chunk applied on its own, the bad ones skipped (a change that
/// depends on a skipped one waits, unapplied), and how many were
/// skipped. `None` if nothing reads.
pub fn load_readable(chunks: &[Vec<u8>]) -> Option<(AutoCommit, usize)> {
    let mut doc = AutoCommit::new();
    let mut skipped = 0;
    for chunk in chunks {
        // Automerge passes over bytes that are no chunk at all without an
        // error: those count as unreadable too.
        let framed = samenbord_protocol::payload::split_chunks(chunk).is_ok_and(|c| !c.is_empty());
        if !framed || doc.load_incremental(chunk).is_err() {
            skipped += 1;
        }
    }
    if skipped > 0 {
        warn!(
            skipped,
            of = chunks.len(),
            "unreadable chunks skipped; the rest of the document is kept"
        );
    }
    (!doc.get_heads().is_empty()).then_some((doc, skipped))
}

/// How a document is stored: its bytes and the chunks they are in.
#[derive(Debug, Clone, Copy)]
pub struct Stored {
    pub bytes: usize,
    pub chunks: usize,
    /// Chunks skipped because they could not be read (the organiser is
    /// told: the room is not whole).
    pub unreadable_chunks: usize,
}

/// How long an actor waits, for what.
#[derive(Debug, Clone)]
pub struct ActorTimes {
    /// With no peers for this long (and nothing queued) the document unloads.
    pub idle: Duration,
    /// After a batch's first command, gather more for the window this
    /// says before handling them together (0: take only what is queued).
    pub coalesce: Coalescing,
    /// With peers connected but no command for this long, the document
    /// is packed away until a message needs it (see [`dormancy`]); `None`
    /// keeps it loaded.
    pub dormant_after: Option<Duration>,
}

/// How big a document is in storage, and how big it may grow.
#[derive(Debug, Clone, Copy)]
pub struct SizeLimit {
    pub stored: Stored,
    pub max_bytes: usize,
}

impl DocActor {
    pub fn new(
        id: DocumentId,
        doc: impl Into<Opened>,
        access: DocumentAccess,
        size: SizeLimit,
        server_peer_id: Arc<str>,
        writer: ChunkWriter,
        metrics: Arc<Metrics>,
    ) -> Self {
        let mut recent = acknowledgement::RecentHeads::default();
        let (doc, saved_heads) = match doc.into() {
            Opened::Loaded(doc) => {
                let mut doc = *doc;
                recent.record(&mut doc);
                let heads = doc.get_heads();
                (dormancy::Residence::new(doc), heads)
            }
            Opened::Saved { bytes, heads } => {
                metrics::add(&metrics.documents_dormant, 1);
                (dormancy::Residence::packed(bytes), heads)
            }
        };
        Self {
            id,
            doc,
            size_bytes: size.stored.bytes,
            max_bytes: size.max_bytes,
            saved_heads,
            recent,
            arrived: ArrivedChanges::default(),
            chunks_since_compaction: size.stored.chunks.saturating_sub(1),
            access,
            reveal_gate: None,
            peers: HashMap::new(),
            parked: HashMap::new(),
            stopped: false,
            last_change_at: None,
            server_peer_id,
            writer,
            metrics,
        }
    }

    /// Makes this a room document: only its leader (or the organiser)
    /// may open its silent questions.
    pub fn with_reveal_gate(
        mut self,
        room: RoomScope,
        leaders: Arc<Leaders>,
        reveals: mpsc::Sender<Revealed>,
    ) -> Self {
        self.reveal_gate = Some(RoomGate {
            room,
            leaders,
            reveals,
            revealed: Default::default(),
            note_takers: Vec::new(),
            read: false,
        });
        self.read_gate();
        self
    }

    /// Reads what the gate needs from the document, once it is loaded (a
    /// room opened packed reads it when it first wakes).
    fn read_gate(&mut self) {
        let Some(doc) = self.doc.loaded_if_awake() else {
            return;
        };
        let Some(room) = self.reveal_gate.as_mut().filter(|room| !room.read) else {
            return;
        };
        room.note_takers = gate::roles::template_id(doc)
            .map(|card| room.leaders.note_takers(&card))
            .unwrap_or_default();
        room.revealed = gate::reveal::revealed_targets(doc);
        room.read = true;
    }

    /// Runs until the document has had no peers for `times.idle` and no
    /// command is waiting; `unload` then decides (under the hub's lock)
    /// whether the actor may stop.
    // Not an `async fn`, so the span is entered around the whole loop
    // without the outer future keeping its own copy of the actor.
    pub fn run(
        self,
        commands: mpsc::Receiver<DocCommand>,
        times: ActorTimes,
        unload: impl Fn(&mpsc::Receiver<DocCommand>) -> bool + Send,
    ) -> impl Future<Output = ()> + Send {
        let span = info_span!("document", document.id = %self.id);
        self.serve(commands, times, unload).instrument(span)
    }

    async fn serve(
        mut self,
        mut commands: mpsc::Receiver<DocCommand>,
        times: ActorTimes,
        unload: impl Fn(&mpsc::Receiver<DocCommand>) -> bool + Send,
    ) {
        let mut batch = Vec::new();
        loop {
            let first = if self.peers.is_empty() && self.parked.is_empty() {
                match tokio::time::timeout(times.idle, commands.recv()).await {
                    Ok(Some(command)) => command,
                    Ok(None) => break,
                    Err(_) if unload(&commands) => break,
                    Err(_) => continue,
                }
            } else if let Some(quiet) = times.dormant_after.filter(|_| !self.is_dormant()) {
                match tokio::time::timeout(quiet, commands.recv()).await {
                    Ok(Some(command)) => command,
                    Ok(None) => break,
                    Err(_) => {
                        self.hibernate();
                        continue;
                    }
                }
            } else {
                match commands.recv().await {
                    Some(command) => command,
                    None => break,
                }
            };
            batch.push(first);
            let window = times.coalesce.window();
            if !window.is_zero() {
                let until = tokio::time::Instant::now() + window;
                while batch.len() < MAX_BATCH {
                    match tokio::time::timeout_at(until, commands.recv()).await {
                        Ok(Some(command)) => batch.push(command),
                        Ok(None) | Err(_) => break,
                    }
                }
            }
            while batch.len() < MAX_BATCH {
                match commands.try_recv() {
                    Ok(command) => batch.push(command),
                    Err(_) => break,
                }
            }
            let unanswered = self.serve_dormant(&mut batch);
            if batch.is_empty() && unanswered.is_empty() && !self.room_emptied_uncompacted() {
                continue;
            }
            // Every path below reads the document.
            if let Err(error) = self.wake() {
                error!(%error, "the room reloads from storage");
                self.disconnect_everyone(&CloseReason::Reloading);
                break;
            }
            if !unanswered.is_empty() {
                self.fan_out(Some(&unanswered));
            }
            // Boxed so an idle actor's task does not carry the batch
            // handler's state (storage write, replies) the whole day.
            Box::pin(self.handle_batch(&mut batch)).await;
            if self.stopped {
                break;
            }
        }
        if self.is_dormant() {
            metrics::sub(&self.metrics.documents_dormant, 1);
        }
        debug!("document unloaded");
    }

    async fn handle_batch(&mut self, batch: &mut Vec<DocCommand>) {
        self.arrived.clear();
        let heads_before = self.doc.loaded().get_heads();
        // Peers that attached or sent a sync message in this batch: they
        // need an answer even when the document did not change.
        let mut spoke = HashSet::new();
        let mut writers = Vec::new();
        // When each change in this batch was read, for the metric.
        let mut held = Vec::new();
        let mut replies = Vec::new();
        let mut saves = Vec::new();
        let mut unparked = Vec::new();
        let mut commands = batch.drain(..);
        while let Some(command) = commands.next() {
            match command {
                DocCommand::Attach { peer } => {
                    spoke.insert(peer.connection);
                    self.attach(peer);
                }
                DocCommand::Detach { connection } => self.detach(connection),
                DocCommand::Sync {
                    connection,
                    message,
                    received,
                } => {
                    spoke.insert(connection);
                    if let Some(peer) = self.peers.get_mut(&connection) {
                        peer.last_heard = received;
                    }
                    // Automerge asserts rather than errs on some malformed
                    // changes; a panic must not take the room down with it.
                    let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.receive(connection, message)
                    }));
                    match applied {
                        Ok(true) => {
                            writers.push(connection);
                            held.push(received);
                        }
                        Ok(false) => {}
                        Err(_) => {
                            self.abandon(connection, replies, commands);
                            return;
                        }
                    }
                }
                DocCommand::Ephemeral {
                    connection,
                    count,
                    session_id,
                    data,
                } => self.relay_ephemeral(connection, count, session_id, data),
                DocCommand::Apply {
                    change,
                    access,
                    reply,
                } => {
                    let result = change(self.doc.loaded());
                    if let Some(access) = access {
                        self.access = access;
                    }
                    if self.access == DocumentAccess::ReadWrite {
                        for (connection, mut peer) in self.parked.drain() {
                            peer.state = sync::State::new();
                            unparked.push(connection);
                            self.peers.insert(connection, peer);
                        }
                    }
                    replies.push((reply, result));
                }
                DocCommand::Save { reply } => saves.push(reply),
                stop @ (DocCommand::Shutdown | DocCommand::Moved) => {
                    let reason = match stop {
                        DocCommand::Moved => CloseReason::ShuttingDown,
                        _ => CloseReason::SessionDeleted,
                    };
                    self.disconnect_everyone(&reason);
                    self.stopped = true;
                    return;
                }
            }
        }
        self.recent.record(self.doc.loaded());
        match self.persist().await {
            Ok(()) => {
                for (reply, result) in replies {
                    let _ = reply.send(result.map(|()| self.doc.loaded().save()));
                }
                self.resync(&unparked);
                // A change goes to everyone; an acknowledgement only needs
                // answering to whoever sent it (not O(peers) per ack).
                let changed = self.doc.loaded().get_heads() != heads_before;
                // Only what people wrote is the room's activity: the server
                // closing the room is not ("8 s ago" under an empty room
                // after a round ended was found in a user test).
                if changed && !writers.is_empty() {
                    self.last_change_at = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .ok()
                        .and_then(|d| i64::try_from(d.as_millis()).ok());
                }
                self.fan_out(if changed { None } else { Some(&spoke) });
                self.arrived.clear();
                let now = Instant::now();
                for received in held {
                    self.metrics
                        .change_hold
                        .observe(now.saturating_duration_since(received));
                }
                if changed {
                    self.report_reveals();
                }
            }
            Err(error) => {
                warn!(%error, "storage write failed; changes not acknowledged");
                for connection in writers {
                    self.kick(connection, CloseReason::StorageUnavailable);
                }
                for (reply, _) in replies {
                    let _ = reply.send(Err(format!("storage write failed: {error}")));
                }
            }
        }
        for reply in saves {
            let bytes = self.doc.loaded().save();
            let _ = reply.send(self.snapshot(bytes));
        }
        // The room emptied: store it as one compressed save, so the next
        // open (after a restart, or for the summary) loads one chunk
        // instead of applying every batch since the last compaction. Off
        // the open path; if it fails the chunks simply stay.
        if self.room_emptied_uncompacted()
            && !self.stopped
            && let Err(error) = self.write(WriteKind::Compact).await
        {
            warn!(%error, "compaction failed; the document stays in chunks");
        }
    }

    fn attach(&mut self, peer: PeerHandle) {
        self.peers.insert(
            peer.connection,
            AttachedPeer {
                handle: peer,
                state: sync::State::new(),
                last_heard: Instant::now(),
            },
        );
    }

    fn detach(&mut self, connection: ConnectionId) {
        self.peers.remove(&connection);
        self.parked.remove(&connection);
    }

    /// The document as `bytes`, with who is connected now (heard within
    /// [`HEARD_WITHIN`]).
    fn snapshot(&self, bytes: Vec<u8>) -> DocSnapshot {
        let now = Instant::now();
        let mut participants: Vec<ParticipantId> = self
            .peers
            .values()
            .filter(|peer| now.saturating_duration_since(peer.last_heard) <= HEARD_WITHIN)
            .filter_map(|peer| match &peer.handle.principal {
                Principal::Participant { participant_id, .. } => Some(participant_id.clone()),
                Principal::Organiser { .. } => None,
            })
            .collect();
        participants.sort();
        participants.dedup();
        DocSnapshot {
            bytes,
            peers: self.peers.len(),
            participants,
            last_change_at: self.last_change_at,
        }
    }

    /// Nobody is left and storage still holds more than one chunk.
    fn room_emptied_uncompacted(&self) -> bool {
        self.peers.is_empty() && self.chunks_since_compaction > 0
    }

    /// Applies one sync message; true if it may have carried changes.
    fn receive(&mut self, connection: ConnectionId, message: sync::Message) -> bool {
        let Some(peer) = self.peers.get_mut(&connection) else {
            return false;
        };
        let carries_changes = !message.changes.is_empty();
        let incoming: usize = message.changes.iter().map(<[u8]>::len).sum();
        if self.size_bytes.saturating_add(incoming) > self.max_bytes {
            self.kick(connection, CloseReason::DocumentFull);
            return false;
        }
        // Read once: for the gate, and to keep their bytes (see `arrived`).
        let new = if carries_changes {
            gate::new_changes(self.doc.loaded(), &message)
        } else {
            None
        };
        if carries_changes
            && let Some(gate) = &self.reveal_gate
            && let Err(reason) = Self::inspect(
                self.doc.loaded(),
                gate,
                &peer.handle.principal,
                &message,
                new.as_deref(),
            )
        {
            self.refuse(connection, reason);
            return false;
        }
        let mut late = None;
        // The room's access, not what it was when the peer attached: a
        // device that came while the room was closed writes once it
        // reopens (a user test's phone stayed refused until reloaded).
        if carries_changes && self.access == DocumentAccess::ReadOnly {
            // A closed room takes only changes it already has.
            let mut probe = self.doc.loaded().fork();
            let mut probe_state = sync::State::new();
            let before = probe.get_heads();
            let adds_nothing = probe
                .sync()
                .receive_sync_message(&mut probe_state, message.clone())
                .is_ok()
                && probe.get_heads() == before;
            late = if adds_nothing {
                None
            } else {
                // A room closed under a device that typed offline: new
                // notes and typing into one's own notes are kept (as
                // late), anything else is refused.
                // The id the participant writes on its notes: its own, or
                // "" in an anonymous session (whose late notes were refused
                // when this compared the participant id).
                let author = match (&peer.handle.principal, &self.reveal_gate) {
                    (
                        Principal::Participant {
                            session_id,
                            participant_id,
                        },
                        Some(gate),
                    ) => gate
                        .leaders
                        .identity(session_id, participant_id)
                        .map(|identity| identity.author_id),
                    _ => None,
                };
                match author.and_then(|a| late::own_typing_only(&mut probe, &before, &a)) {
                    Some(ids) => Some(ids),
                    None => {
                        self.refuse(connection, CloseReason::ReadOnly);
                        return false;
                    }
                }
            };
        }
        let received =
            acknowledgement::receive(self.doc.loaded(), &self.recent, &mut peer.state, message);
        if let Err(error) = received {
            debug!(%error, "sync message rejected by automerge");
            self.kick(
                connection,
                CloseReason::Protocol("sync message could not be applied".into()),
            );
            return false;
        }
        if let Some(new) = &new {
            self.arrived.keep(new);
        }
        if let Some(ids) = late {
            late::mark_late(self.doc.loaded(), &ids);
        }
        carries_changes
    }

    /// What a participant's message may change in this room: reveals only
    /// by its leader, only its own identity on notes and its own votes,
    /// no roles (the server writes them), the record only as note-taker.
    fn inspect(
        doc: &mut AutoCommit,
        gate: &RoomGate,
        principal: &Principal,
        message: &sync::Message,
        new: Option<&[automerge::Change]>,
    ) -> Result<(), CloseReason> {
        let Principal::Participant {
            session_id,
            participant_id,
        } = principal
        else {
            return gate::inspect_new(doc, message, new, &Writer::Organiser)
                .map_err(CloseReason::Refused);
        };
        let identity =
            gate.leaders
                .identity(session_id, participant_id)
                .ok_or(CloseReason::Refused(gate::Refusal::Forged(
                    gate::Forgery::Unreadable,
                )))?;

        let reveal = if gate.leaders.may_reveal(principal, &gate.room) {
            RevealRight::May
        } else {
            RevealRight::MayNot
        };
        let record = gate::roles::record_right(doc, &gate.note_takers, participant_id.as_str());
        let writer = Writer::Participant {
            author: Author {
                participant_id: &identity.author_id,
                name: &identity.name,
                role: identity.role,
                voter_id: &identity.voter_id,
            },
            reveal,
            record,
        };
        gate::inspect_new(doc, message, new, &writer).map_err(CloseReason::Refused)
    }

    /// Tells the hub which silent questions this batch opened, so it
    /// publishes their private notes (the authors' devices may be off).
    fn report_reveals(&mut self) {
        let Some(gate) = &mut self.reveal_gate else {
            return;
        };
        let now = gate::reveal::revealed_targets(self.doc.loaded());
        let opened: std::collections::BTreeSet<String> =
            now.difference(&gate.revealed).cloned().collect();
        gate.revealed = now;
        if opened.is_empty() {
            return;
        }
        let event = Revealed {
            document: self.id,
            room: gate.room.clone(),
            targets: opened,
        };
        // Full only if hundreds of rooms open questions at once; the
        // authors' own devices still publish what they hold.
        if gate.reveals.try_send(event).is_err() {
            warn!("reveal queue full; silent notes wait for their authors' devices");
        }
    }

    /// Makes this batch's changes durable, compacting every
    /// `COMPACT_AFTER_CHUNKS` writes.
    async fn persist(&mut self) -> Result<(), StorageError> {
        if self.doc.loaded().get_heads() == self.saved_heads {
            return Ok(());
        }
        let kind = if self.chunks_since_compaction >= COMPACT_AFTER_CHUNKS {
            WriteKind::Compact
        } else {
            WriteKind::Append
        };
        self.write(kind).await
    }

    /// Writes what storage lacks: the changes since the last write as a new
    /// chunk, or to compact one full save that replaces every chunk.
    async fn write(&mut self, kind: WriteKind) -> Result<(), StorageError> {
        let heads = self.doc.loaded().get_heads();
        let compact = kind == WriteKind::Compact;
        let bytes = match kind {
            WriteKind::Compact => self.doc.loaded().save(),
            WriteKind::Append => match self.arrived_chunk() {
                Some(chunk) => chunk,
                None => self.doc.loaded().save_after(&self.saved_heads),
            },
        };
        let written = bytes.len();
        let started = Instant::now();
        let result = self.writer.write(self.id, bytes, kind).await;
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.metrics.record_storage_write(micros, result.is_ok());
        result?;
        self.size_bytes = if compact {
            written
        } else {
            self.size_bytes + written
        };
        self.saved_heads = heads;
        self.chunks_since_compaction = if compact {
            0
        } else {
            self.chunks_since_compaction + 1
        };
        Ok(())
    }

    /// What storage lacks, from the bytes that arrived, when that is
    /// exactly the last batch's changes: storage holds everything up to
    /// where the batch started, and everything it added arrived as bytes.
    fn arrived_chunk(&mut self) -> Option<Vec<u8>> {
        let batch = self.recent.last_batch()?;
        let heads = self.doc.loaded().get_heads();
        (batch.from == self.saved_heads.as_slice() && batch.to == heads.as_slice())
            .then(|| self.arrived.chunk(batch.added))
            .flatten()
    }

    /// Starts syncing afresh with peers back from being parked: the first
    /// message asks them (SYNC_RESET) to forget what they think they sent,
    /// so the changes refused while the room was closed come again.
    fn resync(&mut self, connections: &[ConnectionId]) {
        for connection in connections {
            let Some(peer) = self.peers.get_mut(connection) else {
                continue;
            };
            let Some(mut message) = self
                .doc
                .loaded()
                .sync()
                .generate_sync_message(&mut peer.state)
            else {
                continue;
            };
            let mut flags = message.flags.unwrap_or_default();
            flags.set(sync::MessageFlags::SYNC_RESET);
            flags.set(sync::MessageFlags::SUPPORTS_SYNC_RESET);
            message.flags = Some(flags);
            if !peer.handle.send_sync(
                &self.server_peer_id,
                self.id,
                message.encode(),
                &self.metrics,
            ) {
                self.kick(*connection, CloseReason::TooSlow);
            }
        }
    }

    /// Sends each peer (or only those in `only`) what it is missing.
    fn fan_out(&mut self, only: Option<&HashSet<ConnectionId>>) {
        let mut too_slow = Vec::new();
        let mut shared = SharedMessages::new(self.doc.loaded())
            .with_arrived(self.recent.last_batch(), &self.arrived);
        for (connection, peer) in self.peers.iter_mut() {
            if only.is_some_and(|only| !only.contains(connection)) {
                continue;
            }
            // One message: Automerge puts everything the peer lacks in it
            // and then waits for its answer (asking again gives nothing),
            // except a reset, which it gives again on every call (a loop
            // here spun forever on one).
            if let Some(data) = shared.next(self.doc.loaded(), &self.recent, &mut peer.state)
                && !peer
                    .handle
                    .send_sync(&self.server_peer_id, self.id, data, &self.metrics)
            {
                too_slow.push(*connection);
            }
        }
        for connection in too_slow {
            self.drop_slow(connection);
        }
    }

    /// A peer whose queue is full is dropped (it reconnects and syncs
    /// afresh) rather than let it hold the room back.
    fn drop_slow(&mut self, connection: ConnectionId) {
        metrics::add(&self.metrics.slow_peers_disconnected, 1);
        self.kick(connection, CloseReason::TooSlow);
    }

    fn relay_ephemeral(
        &mut self,
        from: ConnectionId,
        count: u64,
        session_id: String,
        data: Vec<u8>,
    ) {
        let Some(sender) = self.peers.get_mut(&from).map(|p| {
            p.last_heard = Instant::now();
            p.handle.peer_id.clone()
        }) else {
            return;
        };
        for (connection, peer) in &self.peers {
            if *connection == from {
                continue;
            }
            let wire = WireMessage::Ephemeral {
                sender_id: sender.to_string(),
                target_id: peer.handle.peer_id.to_string(),
                count,
                session_id: session_id.clone(),
                document_id: self.id,
                data: data.clone(),
            };
            // A busy receiver misses a heartbeat; it is not disconnected.
            let _ = peer.handle.send_presence(wire, &self.metrics);
        }
    }

    /// A peer wrote what it may not (to a closed room, or a reveal it
    /// may not make): nothing is applied, the peer stops syncing this
    /// document (its own copy keeps what it typed) and is told why. The
    /// connection stays open for its other documents, so a device coming
    /// back online does not loop through reconnects.
    fn refuse(&mut self, connection: ConnectionId, reason: CloseReason) {
        if let Some(peer) = self.peers.remove(&connection) {
            let refusal = WireMessage::Error {
                message: format!("{}: {}", self.id, reason.text()),
            };
            if !peer.handle.send(refusal, &self.metrics) {
                peer.handle.close(CloseReason::TooSlow);
            } else if reason == CloseReason::ReadOnly {
                self.parked.insert(connection, peer);
            }
        }
    }

    /// Automerge panicked applying `culprit`'s message: what this actor
    /// holds in memory may be inconsistent, so none of it is written or
    /// sent. The sender is refused, everyone else reconnects, and the next
    /// attach loads the room afresh from storage, which holds everything
    /// acknowledged; what was not acknowledged the clients send again.
    fn abandon(
        &mut self,
        culprit: ConnectionId,
        replies: Vec<(ApplyReply, Result<(), String>)>,
        rest: impl Iterator<Item = DocCommand>,
    ) {
        error!("automerge panicked on a sync message; the room reloads from storage");
        metrics::add(&self.metrics.protocol_errors, 1);
        self.kick(
            culprit,
            CloseReason::Protocol("sync message could not be applied".into()),
        );
        for (reply, _) in replies {
            let _ = reply.send(Err("the room is reloading; try again".into()));
        }
        for command in rest {
            match command {
                DocCommand::Attach { peer, .. } => peer.close(CloseReason::Reloading),
                DocCommand::Apply { reply, .. } => {
                    let _ = reply.send(Err("the room is reloading; try again".into()));
                }
                _ => {}
            }
        }
        self.disconnect_everyone(&CloseReason::Reloading);
        self.stopped = true;
    }

    fn disconnect_everyone(&mut self, reason: &CloseReason) {
        let parked: Vec<AttachedPeer> = self.parked.drain().map(|(_, p)| p).collect();
        for peer in parked {
            peer.handle.close(reason.clone());
        }
        let everyone: Vec<ConnectionId> = self.peers.keys().copied().collect();
        for connection in everyone {
            self.kick(connection, reason.clone());
        }
    }

    fn kick(&mut self, connection: ConnectionId, reason: CloseReason) {
        if let Some(peer) = self.peers.remove(&connection) {
            peer.handle.close(reason);
        }
    }
}

mod dormancy;

#[cfg(test)]
mod coalesce_tests;
#[cfg(test)]
mod compaction_tests;
#[cfg(test)]
mod corrupt_tests;
#[cfg(test)]
mod dormancy_tests;
#[cfg(test)]
mod test_peer;
#[cfg(test)]
mod tests;
