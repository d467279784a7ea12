//! Dormancy: a document whose peers stay connected but quiet packs its
//! Automerge state into one compressed save, and unpacks it on the next
//! message that needs it. A loaded Automerge document costs ~10 KiB even
//! when empty and about half a KiB per note (1,000 short notes: 493 KiB
//! loaded, 14 KiB saved); a room nobody types in for minutes (a group
//! that talks, the breaks of a long day) needs only its save and its
//! peers' sync states.
//!
//! Presence heartbeats, peers leaving and snapshots for the organiser's
//! overview are served without unpacking: the save is the snapshot.

use automerge::{ActorId, AutoCommit};
use tracing::{debug, error, warn};

use super::{DocActor, DocCommand};
use crate::metrics;

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
    /// closing) continue the same actor.
    actor: ActorId,
}

impl Packed {
    fn unpack(self) -> Result<AutoCommit, WakeError> {
        let mut doc = AutoCommit::load(&self.bytes).map_err(WakeError)?;
        doc.set_actor(self.actor);
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
            actor: doc.get_actor().clone(),
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
        debug!("document awake");
        Ok(())
    }

    /// Serves `batch` without waking the document if every command in it
    /// can be (presence, peers leaving, snapshots from the packed save)
    /// and says so; otherwise leaves the batch untouched and returns false.
    pub(super) fn serve_dormant(&mut self, batch: &mut Vec<DocCommand>) -> bool {
        let quiet = batch.iter().all(|command| {
            matches!(
                command,
                DocCommand::Ephemeral { .. } | DocCommand::Detach { .. } | DocCommand::Save { .. }
            )
        });
        let Some(packed) = self.doc.packed.as_ref().filter(|_| quiet) else {
            return false;
        };
        let bytes = packed.bytes.clone();
        for command in batch.drain(..) {
            match command {
                DocCommand::Ephemeral {
                    connection,
                    count,
                    session_id,
                    data,
                } => self.relay_ephemeral(connection, count, session_id, data),
                DocCommand::Detach { connection } => self.detach(connection),
                DocCommand::Save { reply } => {
                    let _ = reply.send(self.snapshot(bytes.clone()));
                }
                // Checked above: nothing else is in a quiet batch.
                _ => {}
            }
        }
        true
    }
}
