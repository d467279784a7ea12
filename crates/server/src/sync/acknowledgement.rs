//! Receiving a peer's acknowledgement without walking the history.
//!
//! Most sync messages a server receives say "I now have what you have":
//! no changes, and heads equal to the document's. Automerge 0.12 handles
//! every message the same way and walks the whole change graph to trim
//! the hashes it sent (`filter_changes`), so in a room of N notes each
//! peer's acknowledgement of each change costs O(N) (about 170 µs at
//! 5,000 notes, see BENCHMARKS.md). When the peer's heads are exactly the
//! document's heads, every change the document holds is an ancestor of
//! them and the trim empties the set: the result is known without the
//! walk. This module updates the sync state exactly as Automerge would for
//! that case, and hands every other message back to Automerge.

use automerge::sync::{self, Capability, MessageFlags};
use automerge::{AutoCommit, ChangeHash};

/// Applies `message` to `state` if it is a plain acknowledgement of
/// `heads` (the document's current heads); otherwise gives it back for
/// Automerge to receive.
pub fn receive_acknowledgement(
    heads: &[ChangeHash],
    state: &mut sync::State,
    message: sync::Message,
) -> Result<(), sync::Message> {
    if !message.changes.is_empty() || message.heads.is_empty() || message.heads != heads {
        return Err(message);
    }
    let sync::Message {
        heads: their_heads,
        need,
        have,
        flags,
        ..
    } = message;
    // What Automerge's receive does, in its order, for a message with no
    // changes whose heads are the document's own.
    state.in_flight = false;
    if let Some(flags) = flags {
        let mut capabilities = vec![Capability::MessageV2];
        if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
            capabilities.push(Capability::SyncReset);
        }
        state.their_capabilities = Some(capabilities);
        state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
    }
    // Every change we hold is an ancestor of (or is one of) our heads.
    state.sent_hashes.clear();
    state.last_sent_heads.clone_from(&their_heads);
    state.shared_heads.clone_from(&their_heads);
    state.their_have = Some(have);
    state.their_heads = Some(their_heads);
    state.their_need = Some(need);
    Ok(())
}

/// Receives `message` from a peer: acknowledgements of the current heads
/// by [`receive_acknowledgement`], everything else by Automerge.
pub fn receive(
    doc: &mut AutoCommit,
    state: &mut sync::State,
    message: sync::Message,
) -> Result<(), automerge::AutomergeError> {
    use automerge::sync::SyncDoc;
    let heads = doc.get_heads();
    match receive_acknowledgement(&heads, state, message) {
        Ok(()) => Ok(()),
        Err(message) => doc.sync().receive_sync_message(state, message),
    }
}

#[cfg(test)]
#[path = "acknowledgement_tests.rs"]
mod tests;
