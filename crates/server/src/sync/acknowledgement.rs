//! Receiving a peer's acknowledgement without walking the history.
//!
//! Most sync messages a server receives say "I now have what you had at
//! some point": no changes, and heads the document itself holds. Automerge
//! 0.12 handles every message the same way and walks the whole change
//! graph to trim the hashes it sent (`filter_changes`), so in a room of N
//! notes each peer's acknowledgement of each change costs O(N) (about
//! 120 µs at 5,000 notes, see BENCHMARKS.md).
//!
//! [`RecentHeads`] remembers, for the last [`RECENT_BATCHES`] batches that
//! changed the document, its heads after each and the changes (with their
//! dependencies) each brought. That decides the trim without the walk:
//! - heads the document had after a recent batch: their ancestors are what
//!   it held then, so the sent changes that came later stay;
//! - heads it never had as a whole (a writer's own change beside another's
//!   from the same batch), when every head and every change still awaiting
//!   acknowledgement is recent: a walk over recent changes only finds which
//!   of those are ancestors, as a recent change is reached only through
//!   recent changes (the server applies a change after its dependencies).
//!
//! [`receive`] updates the sync state as Automerge's code would for such a
//! message and hands every other message to Automerge.

use std::collections::{HashMap, HashSet, VecDeque};

use automerge::sync::{self, Capability, MessageFlags, SyncDoc};
use automerge::{AutoCommit, ChangeHash};

/// How many changed batches [`RecentHeads`] remembers. A peer more than
/// this many batches behind pays Automerge's walk, as before.
pub const RECENT_BATCHES: usize = 64;

/// One batch that changed the document.
#[derive(Debug)]
struct Batch {
    number: u64,
    /// The document's heads after it, sorted.
    heads: Vec<ChangeHash>,
    /// The changes it brought.
    added: Vec<ChangeHash>,
}

/// See [`RecentHeads::last_batch`].
#[derive(Debug, Clone, Copy)]
pub struct LastBatch<'a> {
    pub from: &'a [ChangeHash],
    pub to: &'a [ChangeHash],
    pub added: &'a [ChangeHash],
}

/// A change of a recent batch.
#[derive(Debug)]
struct RecentChange {
    batch: u64,
    deps: Vec<ChangeHash>,
}

/// The document's recent heads, and the batch and dependencies of each
/// recent change.
#[derive(Debug, Default)]
pub struct RecentHeads {
    batches: VecDeque<Batch>,
    batch_of_heads: HashMap<Vec<ChangeHash>, u64>,
    changes: HashMap<ChangeHash, RecentChange>,
}

impl RecentHeads {
    /// Records the document's heads now, with the changes that came since
    /// the last record (whatever made them: peers, the server itself).
    /// The first record only marks where the document stands. Costs one
    /// `get_changes_meta` when the heads moved; call it once per batch,
    /// not per peer.
    pub fn record(&mut self, doc: &mut AutoCommit) {
        let heads = sorted(&doc.get_heads());
        let Some(last) = self.batches.back() else {
            // Everything before the first record counts as old: in no
            // batch, so trimmed by every acknowledgement.
            self.push(Batch {
                number: 0,
                heads,
                added: Vec::new(),
            });
            return;
        };
        if last.heads == heads {
            return;
        }
        let number = last.number + 1;
        let since = last.heads.clone();
        let mut added = Vec::new();
        for meta in doc.get_changes_meta(&since) {
            added.push(meta.hash);
            self.changes.insert(
                meta.hash,
                RecentChange {
                    batch: number,
                    deps: meta.deps,
                },
            );
        }
        self.push(Batch {
            number,
            heads,
            added,
        });
        while self.batches.len() > RECENT_BATCHES {
            self.forget_oldest();
        }
    }

    /// The last batch that changed the document: the heads it started
    /// from and ended at (sorted), and the changes it added in between;
    /// `None` before the heads first moved.
    pub fn last_batch(&self) -> Option<LastBatch<'_>> {
        let mut newest = self.batches.iter().rev();
        let last = newest.next()?;
        let before = newest.next()?;
        Some(LastBatch {
            from: &before.heads,
            to: &last.heads,
            added: &last.added,
        })
    }

    /// Forgets everything (a document packed away needs none of it).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn push(&mut self, batch: Batch) {
        self.batch_of_heads
            .insert(batch.heads.clone(), batch.number);
        self.batches.push_back(batch);
    }

    fn forget_oldest(&mut self) {
        let Some(oldest) = self.batches.pop_front() else {
            return;
        };
        self.batch_of_heads.remove(&oldest.heads);
        for hash in &oldest.added {
            self.changes.remove(hash);
        }
    }

    /// Whether `hash` is a recent change (so the document holds it).
    pub fn holds(&self, hash: &ChangeHash) -> bool {
        self.changes.contains_key(hash)
    }

    /// The batch after which the document had `heads` (sorted), if recent.
    fn batch_with_heads(&self, heads: &[ChangeHash]) -> Option<u64> {
        self.batch_of_heads.get(heads).copied()
    }

    /// Whether `change` came after batch `number` (a change in no recent
    /// batch is older than all of them).
    fn came_after(&self, change: &ChangeHash, number: u64) -> bool {
        self.changes
            .get(change)
            .is_some_and(|recent| recent.batch > number)
    }

    /// The recent changes among `heads` and their ancestors, if every
    /// head is a recent change; `None` otherwise. The ancestors of an
    /// older change are older still, so the walk stops where the recent
    /// changes end and never visits more than the window holds.
    fn recent_ancestry(&self, heads: &[ChangeHash]) -> Option<HashSet<ChangeHash>> {
        let mut seen = HashSet::new();
        let mut to_visit = Vec::with_capacity(heads.len());
        for head in heads {
            self.changes.get(head)?;
            to_visit.push(*head);
        }
        while let Some(hash) = to_visit.pop() {
            let Some(change) = self.changes.get(&hash) else {
                continue;
            };
            if seen.insert(hash) {
                to_visit.extend(change.deps.iter().copied());
            }
        }
        Some(seen)
    }
}

fn sorted(heads: &[ChangeHash]) -> Vec<ChangeHash> {
    let mut heads = heads.to_vec();
    heads.sort_unstable();
    heads
}

/// Which changes an acknowledgement shows the peer to have.
enum Acknowledged {
    /// Everything the document holds.
    Everything,
    /// What it held after this recent batch.
    AfterBatch(u64),
    /// Recent changes and their ancestors, where every change the server
    /// sent and is still waiting on is recent (heads the room never had
    /// as a whole: a writer's own change beside another's).
    Recent(HashSet<ChangeHash>),
}

/// Applies `message` to `state` if it is an acknowledgement of `heads`
/// (the document's current heads, sorted as `get_heads` gives them) or of
/// heads `recent` can vouch for; otherwise gives it back for Automerge.
pub fn receive_acknowledgement(
    heads: &[ChangeHash],
    recent: &RecentHeads,
    state: &mut sync::State,
    message: sync::Message,
) -> Result<(), sync::Message> {
    if !message.changes.is_empty() || message.heads.is_empty() {
        return Err(message);
    }
    let theirs = sorted(&message.heads);
    let acknowledged = if theirs == heads {
        Acknowledged::Everything
    } else if let Some(batch) = recent.batch_with_heads(&theirs) {
        Acknowledged::AfterBatch(batch)
    } else if let Some(ancestry) = recent.recent_ancestry(&theirs)
        && state
            .sent_hashes
            .iter()
            .all(|sent| recent.changes.contains_key(sent))
    {
        Acknowledged::Recent(ancestry)
    } else {
        return Err(message);
    };
    let sync::Message {
        heads: their_heads,
        need,
        have,
        flags,
        ..
    } = message;
    // What Automerge's receive does, in its order, for a message without
    // changes whose heads the document holds.
    state.in_flight = false;
    take_flags(state, flags);
    // The trim: the ancestors of their heads are what the document held
    // when it had those heads.
    match acknowledged {
        Acknowledged::Everything => state.sent_hashes.clear(),
        Acknowledged::AfterBatch(batch) => {
            state
                .sent_hashes
                .retain(|hash| recent.came_after(hash, batch));
        }
        Acknowledged::Recent(ancestry) => {
            state.sent_hashes.retain(|hash| !ancestry.contains(hash));
        }
    }
    if their_heads == heads {
        state.last_sent_heads.clone_from(&their_heads);
    }
    state.shared_heads.clone_from(&their_heads);
    state.their_have = Some(have);
    state.their_heads = Some(their_heads);
    state.their_need = Some(need);
    Ok(())
}

/// What a message's flags tell Automerge's receive: the peer's
/// capabilities, a reset of what we sent it, whether it is read-only.
pub fn take_flags(state: &mut sync::State, flags: Option<MessageFlags>) {
    let Some(flags) = flags else {
        return;
    };
    let mut capabilities = vec![Capability::MessageV2];
    if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
        capabilities.push(Capability::SyncReset);
    }
    state.their_capabilities = Some(capabilities);
    if flags.contains(MessageFlags::SYNC_RESET) {
        state.sent_hashes.clear();
    }
    state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
}

/// Receives `message` from a peer: acknowledgements by
/// [`receive_acknowledgement`], everything else by Automerge.
pub fn receive(
    doc: &mut AutoCommit,
    recent: &RecentHeads,
    state: &mut sync::State,
    message: sync::Message,
) -> Result<(), automerge::AutomergeError> {
    let heads = doc.get_heads();
    match receive_acknowledgement(&heads, recent, state, message) {
        Ok(()) => Ok(()),
        Err(message) => doc.sync().receive_sync_message(state, message),
    }
}

#[cfg(test)]
#[path = "acknowledgement_tests.rs"]
mod tests;
