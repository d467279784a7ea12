//! A participant that writes without keeping the room's replica.
//!
//! Applying every change of nine others is what saturated the generator
//! at 300 rooms × 10 (issue 17): the server's work was measured with a
//! generator that could not keep up. Only the peers that measure latency
//! need the document; a writer needs the change graph: which changes
//! exist (to acknowledge them as a replica would) and the highest
//! operation counter (so its own changes follow everything it has seen).
//!
//! The writer makes each edit on a private document that holds only the
//! room's start and its own notes, then re-bases that change: its
//! dependencies become the heads of the room's graph, its first operation
//! follows the room's highest counter, and references to its own earlier
//! operations move with them. The server receives the change a replica
//! would have sent (same ops, same dependencies, same counters) and sees
//! the same acknowledgements, so it does the same work.

use std::collections::{BTreeSet, HashSet};
use std::num::NonZeroU64;

use automerge::legacy::{ElementId, Key, ObjectId, OpId, SortedVec};
use automerge::sync::{self, BloomFilter, Have};
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ExpandedChange};
use samenbord_protocol::payload::split_chunks;

use crate::LoadError;

/// Where one of the writer's own changes moved: local counters
/// `first..=last` are `shift` higher in the room.
#[derive(Debug, Clone, Copy)]
struct Moved {
    first: u64,
    last: u64,
    shift: u64,
}

/// The room's change graph as far as this writer has heard of it.
#[derive(Debug)]
pub struct LightWriter {
    actor: ActorId,
    heads: BTreeSet<ChangeHash>,
    known: HashSet<ChangeHash>,
    max_op: u64,
    moved: Vec<Moved>,
    /// Own changes as sent, for a server that asks again or a new
    /// connection.
    own: Vec<Change>,
}

impl LightWriter {
    /// Starts from a replica that holds the room (the first sync); from
    /// here on `doc` only receives the writer's own edits.
    pub fn from_replica(doc: &mut AutoCommit) -> Self {
        let changes = doc.get_changes(&[]);
        Self {
            actor: doc.get_actor().clone(),
            heads: doc.get_heads().into_iter().collect(),
            known: changes.iter().map(Change::hash).collect(),
            max_op: changes.iter().map(Change::max_op).max().unwrap_or(0),
            moved: Vec::new(),
            own: Vec::new(),
        }
    }

    /// Takes in a sync message from the server. Returns what a replica
    /// would answer: an acknowledgement of new changes, the changes the
    /// server asks for, or nothing.
    pub fn receive(&mut self, message: &sync::Message) -> Result<Option<sync::Message>, LoadError> {
        let mut arrived = false;
        for chunk in message.changes.iter() {
            let chunks = split_chunks(chunk)
                .map_err(|e| LoadError::Protocol(format!("unreadable changes: {e}")))?;
            for chunk in chunks {
                // A server may answer with the whole document (Automerge
                // does when the changes to send are a third of it).
                let changes = match chunk.kind {
                    0 => AutoCommit::load(chunk.bytes)?.get_changes(&[]),
                    _ => vec![Change::try_from(chunk.bytes).map_err(|e| {
                        LoadError::Protocol(format!("a change did not parse: {e}"))
                    })?],
                };
                for change in &changes {
                    arrived |= self.learn(change);
                }
            }
        }
        let asked: Vec<Vec<u8>> = self
            .own
            .iter()
            .filter(|c| message.need.contains(&c.hash()))
            .map(|c| c.raw_bytes().to_vec())
            .collect();
        if !arrived && asked.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.message(BloomFilter::default(), asked)))
    }

    /// Re-bases the change `doc` just committed onto the room's graph and
    /// returns the sync message that carries it.
    pub fn commit(&mut self, doc: &mut AutoCommit) -> Result<sync::Message, LoadError> {
        let local = doc
            .get_last_local_change()
            .ok_or(LoadError::Protocol("no local change to send".into()))?;
        let mut expanded = ExpandedChange::from(&local);
        let first = expanded.start_op.get();
        let start = self.max_op + 1;
        // The room's counter is never behind the private document's: it
        // holds everything the private one does and more.
        let shift = start.saturating_sub(first);
        let last = first + expanded.operations.len().saturating_sub(1) as u64;
        self.moved.push(Moved { first, last, shift });
        for op in &mut expanded.operations {
            if let ObjectId::Id(id) = &mut op.obj {
                self.rebase(id);
            }
            if let Key::Seq(ElementId::Id(id)) = &mut op.key {
                self.rebase(id);
            }
            let mut pred: Vec<OpId> = op.pred.iter().cloned().collect();
            pred.iter_mut().for_each(|id| self.rebase(id));
            op.pred = SortedVec::from(pred);
        }
        expanded.start_op = NonZeroU64::new(start).unwrap_or(NonZeroU64::MIN);
        expanded.deps = self.heads.iter().copied().collect();
        expanded.hash = None;
        let change = Change::from(expanded);
        let bloom = BloomFilter::from_hashes(std::iter::once(change.hash()));
        let bytes = change.raw_bytes().to_vec();
        self.learn(&change);
        self.own.push(change);
        Ok(self.message(bloom, vec![bytes]))
    }

    /// The first message on a new connection: where the writer stands,
    /// with its own changes in case the last connection lost some.
    pub fn hello(&self) -> sync::Message {
        let own = self.own.iter().map(|c| c.raw_bytes().to_vec()).collect();
        self.message(BloomFilter::default(), own)
    }

    /// Records a change of the room; false when it was known already.
    fn learn(&mut self, change: &Change) -> bool {
        if !self.known.insert(change.hash()) {
            return false;
        }
        for dep in change.deps() {
            self.heads.remove(dep);
        }
        self.heads.insert(change.hash());
        self.max_op = self.max_op.max(change.max_op());
        true
    }

    fn rebase(&self, id: &mut OpId) {
        if id.1 != self.actor {
            return;
        }
        if let Some(moved) = self
            .moved
            .iter()
            .find(|m| (m.first..=m.last).contains(&id.0))
        {
            id.0 += moved.shift;
        }
    }

    fn message(&self, bloom: BloomFilter, changes: Vec<Vec<u8>>) -> sync::Message {
        let heads: Vec<ChangeHash> = self.heads.iter().copied().collect();
        sync::Message {
            heads: heads.clone(),
            need: Vec::new(),
            have: vec![Have {
                last_sync: heads,
                bloom,
            }],
            changes: changes.into(),
            flags: None,
            version: sync::MessageVersion::V1,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::ReadDoc;

    use automerge::ObjId;

    use super::*;
    use crate::notes::{self, NoteAuthor};

    /// A room, a writer that holds only the room's start, and a note
    /// someone else wrote in between: the writer has not heard it yet.
    fn room_with_a_note_the_writer_missed() -> (AutoCommit, ObjId, AutoCommit, LightWriter) {
        let mut room = AutoCommit::new();
        notes::init_room(&mut room).unwrap();
        let notes_map = notes::notes_map(&room).unwrap();
        let mut writer_doc = room.fork();
        let writer = LightWriter::from_replica(&mut writer_doc);
        notes::add_note(
            &mut room,
            &notes_map,
            "other",
            &NoteAuthor::synthetic(2),
            2,
            5,
        )
        .unwrap();
        (room, notes_map, writer_doc, writer)
    }

    /// What the server sends carrying `changes` (V2: one run of chunks).
    fn carrying(room: &mut AutoCommit, changes: Vec<u8>) -> sync::Message {
        sync::Message {
            heads: room.get_heads(),
            need: Vec::new(),
            have: Vec::new(),
            changes: vec![changes].into(),
            flags: None,
            version: sync::MessageVersion::V2,
        }
    }

    #[test]
    fn rebased_changes_apply_on_a_replica_that_saw_everything() {
        let (mut room, notes_map, mut writer_doc, mut writer) =
            room_with_a_note_the_writer_missed();
        let theirs = room.get_last_local_change().unwrap().raw_bytes().to_vec();
        let heard = carrying(&mut room, theirs);
        assert!(
            writer.receive(&heard).unwrap().is_some(),
            "a replica acknowledges"
        );

        let local_notes = notes::notes_map(&writer_doc).unwrap();
        let text = notes::add_note(
            &mut writer_doc,
            &local_notes,
            "mine",
            &NoteAuthor::synthetic(1),
            1,
            7,
        )
        .unwrap();
        let first = writer.commit(&mut writer_doc).unwrap();
        notes::type_into(&mut writer_doc, &text, 1, 8).unwrap();
        let second = writer.commit(&mut writer_doc).unwrap();

        for message in [first, second] {
            for chunk in message.changes.iter() {
                room.load_incremental(chunk).unwrap();
            }
        }
        let heads: BTreeSet<ChangeHash> = room.get_heads().into_iter().collect();
        assert_eq!(heads, writer.heads, "the writer tracks the room's heads");
        assert_eq!(heads.len(), 1, "its changes followed the other's");
        let (_, note) = room.get(&notes_map, "mine").unwrap().unwrap();
        let (_, text) = room.get(&note, "text").unwrap().unwrap();
        let typed = room.text(&text).unwrap();
        assert_eq!(
            typed.split_whitespace().count(),
            2,
            "both words landed: {typed:?}"
        );
        assert!(room.get(&notes_map, "other").unwrap().is_some());
    }

    #[test]
    fn a_whole_document_in_a_message_is_learnt_change_by_change() {
        let (mut room, _, _, mut writer) = room_with_a_note_the_writer_missed();
        let saved = room.save();
        let whole = carrying(&mut room, saved);
        assert!(writer.receive(&whole).unwrap().is_some(), "acknowledged");
        let heads: BTreeSet<ChangeHash> = room.get_heads().into_iter().collect();
        assert_eq!(heads, writer.heads);
    }
}
