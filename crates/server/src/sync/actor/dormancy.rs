//! Dormancy: a document whose peers stay connected but quiet packs its
//! Automerge state into one compressed save, and unpacks it on the next
//! message that needs it. A loaded Automerge document costs ~10 KiB even
//! when empty and about half a KiB per note (1,000 short notes: 493 KiB
//! loaded, 14 KiB saved); a room nobody types in for minutes (a group
//! that talks, the breaks of a long day) needs only its save and its
//! peers' sync states.
//!
//! Presence heartbeats, peers leaving and snapshots for the organiser's
//! overview are served without unpacking: the save is the snapshot. So
//! are devices arriving: one that holds nothing is given the save itself
//! (see `sync::whole_document`), and an acknowledgement of the packed
//! heads changes only its peer's sync state. A room stored as one save
//! starts out packed (`Opened::Saved`): opening it after a restart costs
//! a read, and it loads when a message needs the document.

use std::collections::HashSet;
use std::time::Instant;

use automerge::sync;
use automerge::{ActorId, AutoCommit};
use tracing::{debug, error, warn};

use super::{DocActor, DocCommand};
use crate::metrics;
use crate::sync::acknowledgement;
use crate::sync::peer::ConnectionId;
use crate::sync::shared_messages::has_nothing_to_send;
use crate::sync::whole_document;

/// The document could not be unpacked; the actor stops and its peers
/// reconnect to a copy loaded from storage.
#[derive(Debug, thiserror::Error)]
#[error("a dormant document did not load again: {0}")]
pub(super) struct WakeError(automerge::AutomergeError);

/// The actor's document: loaded, or packed into one compressed save.
/// Exactly one of the two is set.
pub(super) struct Residence {
    // Boxed: `AutoCommit` is 4 KiB inline, and async state machines may
    // hold their actor more than once.
    doc: Option<Box<AutoCommit>>,
    packed: Option<Packed>,
}

struct Packed {
    bytes: Vec<u8>,
    /// The server's own actor, so changes it makes after waking (a room
    /// closing) continue the same actor; none for a room opened packed.
    actor: Option<ActorId>,
}

impl Packed {
    fn unpack(self) -> Result<AutoCommit, WakeError> {
        let mut doc = AutoCommit::load(&self.bytes).map_err(WakeError)?;
        if let Some(actor) = self.actor {
            doc.set_actor(actor);
        }
        Ok(doc)
    }
}

impl Residence {
    pub(super) fn new(doc: AutoCommit) -> Self {
        Self {
            doc: Some(Box::new(doc)),
            packed: None,
        }
    }

    /// A room opened from one stored save, not loaded yet.
    pub(super) fn packed(bytes: Vec<u8>) -> Self {
        Self {
            doc: None,
            packed: Some(Packed { bytes, actor: None }),
        }
    }

    /// The document if it is loaded.
    pub(super) fn loaded_if_awake(&mut self) -> Option<&mut AutoCommit> {
        self.doc.as_deref_mut()
    }

    /// The loaded document. `serve` wakes a dormant one (and handles a
    /// failure) before anything reads it; unpacking here only keeps this
    /// total.
    pub(super) fn loaded(&mut self) -> &mut AutoCommit {
        let packed = &mut self.packed;
        self.doc.get_or_insert_with(|| {
            let unpacked = packed.take().map(Packed::unpack).transpose();
            let doc = unpacked.unwrap_or_else(|error| {
                error!(%error, "a dormant document was read and did not unpack");
                None
            });
            Box::new(doc.unwrap_or_default())
        })
    }

    fn is_packed(&self) -> bool {
        self.doc.is_none()
    }
}

impl DocActor {
    pub(super) fn is_dormant(&self) -> bool {
        self.doc.is_packed()
    }

    /// Packs the document away if everything in it is durable and whole;
    /// otherwise leaves it loaded (it tries again after the next quiet
    /// spell).
    pub(super) fn hibernate(&mut self) {
        let saved_heads = &self.saved_heads;
        let Some(doc) = self
            .doc
            .doc
            .take_if(|doc| doc.get_heads() == *saved_heads && doc.get_missing_deps(&[]).is_empty())
        else {
            return;
        };
        let mut doc = *doc;
        self.recent.clear();
        let mut bytes = doc.save();
        bytes.shrink_to_fit();
        self.doc.packed = Some(Packed {
            bytes,
            actor: Some(doc.get_actor().clone()),
        });
        metrics::add(&self.metrics.documents_dormant, 1);
        debug!("document dormant");
    }

    /// Unpacks a dormant document; does nothing for a loaded one.
    pub(super) fn wake(&mut self) -> Result<(), WakeError> {
        let Some(packed) = self.doc.packed.take() else {
            return Ok(());
        };
        metrics::sub(&self.metrics.documents_dormant, 1);
        let mut doc = packed.unpack()?;
        if doc.get_heads() != self.saved_heads {
            warn!("a woken document's heads differ from what was stored");
        }
        self.recent.record(&mut doc);
        self.doc.doc = Some(Box::new(doc));
        self.read_gate();
        debug!("document awake");
        Ok(())
    }

    /// Serves what it can of `batch` from the packed save, in order, and
    /// leaves the rest (from the first command that needs the document)
    /// in it. Served without waking: presence, peers arriving and
    /// leaving, snapshots, a device that holds nothing (given the save),
    /// and acknowledgements of the packed heads. Returns the peers that
    /// spoke and still need an answer from the loaded document.
    pub(super) fn serve_dormant(&mut self, batch: &mut Vec<DocCommand>) -> HashSet<ConnectionId> {
        let mut unanswered = HashSet::new();
        if !self.is_dormant() {
            return unanswered;
        }
        let mut spoke = HashSet::new();
        let mut commands = std::mem::take(batch).into_iter();
        while let Some(command) = commands.next() {
            let needs_document = match command {
                DocCommand::Ephemeral {
                    connection,
                    count,
                    session_id,
                    data,
                } => {
                    self.relay_ephemeral(connection, count, session_id, data);
                    None
                }
                DocCommand::Detach { connection } => {
                    self.detach(connection);
                    spoke.remove(&connection);
                    None
                }
                DocCommand::Save { reply } => {
                    let bytes = self.doc.packed.as_ref().map(|p| p.bytes.clone());
                    let _ = reply.send(self.snapshot(bytes.unwrap_or_default()));
                    None
                }
                DocCommand::Attach { peer } => {
                    spoke.insert(peer.connection);
                    self.attach(peer);
                    None
                }
                DocCommand::Sync {
                    connection,
                    message,
                    received,
                } => self
                    .receive_dormant(connection, message, received)
                    .map_or_else(
                        |message| {
                            Some(DocCommand::Sync {
                                connection,
                                message,
                                received,
                            })
                        },
                        |()| {
                            spoke.insert(connection);
                            None
                        },
                    ),
                other => Some(other),
            };
            if let Some(command) = needs_document {
                batch.push(command);
                batch.extend(commands);
                break;
            }
        }
        for connection in spoke {
            if !self.answer_dormant(connection) {
                unanswered.insert(connection);
            }
        }
        unanswered
    }

    /// Takes a message without changes that the packed heads can answer
    /// (a device holding nothing, an acknowledgement of those heads) into
    /// its peer's state; gives any other back.
    fn receive_dormant(
        &mut self,
        connection: ConnectionId,
        message: sync::Message,
        received: Instant,
    ) -> Result<(), sync::Message> {
        let Some(peer) = self.peers.get_mut(&connection) else {
            // Gone already: Automerge's path ignores it too.
            return Ok(());
        };
        let message =
            whole_document::receive_from_empty_peer(&mut peer.state, message).or_else(|message| {
                acknowledgement::receive_acknowledgement(
                    &self.saved_heads,
                    &self.recent,
                    &mut peer.state,
                    message,
                )
            });
        if message.is_ok() {
            peer.last_heard = received;
        }
        message
    }

    /// Answers a peer from the packed save if its state allows; false if
    /// the loaded document must answer it.
    fn answer_dormant(&mut self, connection: ConnectionId) -> bool {
        let (Some(peer), Some(packed)) = (self.peers.get_mut(&connection), &self.doc.packed) else {
            return true;
        };
        let heads = &self.saved_heads;
        if has_nothing_to_send(heads, &self.recent, &peer.state) {
            return true;
        }
        let Some(answer) =
            whole_document::answer(heads, &self.recent, &packed.bytes, &mut peer.state)
        else {
            return false;
        };
        let Some(data) = answer else {
            return true;
        };
        if !peer
            .handle
            .send_sync(&self.server_peer_id, self.id, data, &self.metrics)
        {
            self.drop_slow(connection);
        }
        true
    }
}
