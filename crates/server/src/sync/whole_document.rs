//! Answering a device that holds nothing with the stored save, without
//! loading the document.
//!
//! A device opening a room for the first time (or after clearing its
//! storage) says "I have nothing": empty heads, no changes. Automerge 0.12
//! answers it with the whole document, which it saves afresh for that
//! (about 10 ms at 5,000 notes) after loading it (160 ms). A room stored
//! as one save, or packed away while quiet, already holds those bytes: a
//! device can be given them at once and load them while the server does
//! nothing (see BENCHMARKS.md, "Opening a large room").
//!
//! [`receive_from_empty_peer`] updates the sync state as Automerge's
//! receive would for that message; [`answer`] builds the message
//! Automerge's generate would send back and updates the state as it
//! would, with one difference in what it says the server has. Automerge
//! sends a Bloom filter of every change since the last sync point it
//! shares with the device (none yet: so of the whole history, which
//! needs the loaded document); this says "up to these heads, and nothing
//! since", as true and what Automerge itself says once in sync. The device
//! then sends whatever it writes after loading; with no `have` at all it
//! would wait to be asked (found by the two-device protocol test).
//! Every other state gets `None`: the document must be loaded to answer.

use automerge::ChangeHash;
use automerge::sync::{self, Capability, MessageFlags, MessageVersion};

use super::acknowledgement::{self, RecentHeads};

/// Takes `message` into `state` if it comes from a device that holds
/// nothing (no heads, no changes), as Automerge's receive would; returns
/// it untouched otherwise.
pub fn receive_from_empty_peer(
    state: &mut sync::State,
    message: sync::Message,
) -> Result<(), sync::Message> {
    if !message.heads.is_empty() || !message.changes.is_empty() {
        return Err(message);
    }
    let sync::Message {
        need, have, flags, ..
    } = message;
    state.in_flight = false;
    acknowledgement::take_flags(state, flags);
    // Empty heads: all of them known, none to trim by; the peer lost (or
    // never had) everything, so what we sent it counts for nothing.
    state.shared_heads = Vec::new();
    state.last_sent_heads = Vec::new();
    state.sent_hashes.clear();
    state.their_have = Some(have);
    state.their_heads = Some(Vec::new());
    state.their_need = Some(need);
    Ok(())
}

/// What Automerge's generate would give a device that holds nothing,
/// with `saved` (bytes that load to `our_heads`) as the document:
/// `Some(Some(message))` to send, `Some(None)` when the whole document is
/// already on its way, `None` when the state is not that case.
pub fn answer(
    our_heads: &[ChangeHash],
    recent: &RecentHeads,
    saved: &[u8],
    state: &mut sync::State,
) -> Option<Option<Vec<u8>>> {
    let wants_everything = state.their_heads.as_deref() == Some(&[])
        && state.their_need.as_ref().is_some_and(Vec::is_empty)
        && state
            .their_capabilities
            .as_ref()
            .is_some_and(|capabilities| capabilities.contains(&Capability::MessageV2));
    if !wants_everything
        || our_heads.is_empty()
        || saved.is_empty()
        || state.read_only
        || state.peer_read_only
        || state.needs_reset
    {
        return None;
    }
    // A last sync point we do not know gets a reset from Automerge.
    let known = |hash: &ChangeHash| {
        our_heads.contains(hash) || recent.holds(hash) || state.shared_heads.contains(hash)
    };
    let first_have = state.their_have.as_ref()?.first();
    if first_have.is_some_and(|have| !have.last_sync.iter().all(known)) {
        return None;
    }
    if state.have_responded && state.last_sent_heads == our_heads && state.in_flight {
        return Some(None);
    }
    state.have_responded = true;
    state.last_sent_heads = our_heads.to_vec();
    state.in_flight = true;
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    let message = sync::Message {
        heads: our_heads.to_vec(),
        need: Vec::new(),
        have: vec![sync::Have {
            last_sync: our_heads.to_vec(),
            bloom: sync::BloomFilter::default(),
        }],
        changes: sync::ChunkList::from(saved.to_vec()),
        flags: Some(flags),
        version: MessageVersion::V2,
    };
    Some(Some(message.encode()))
}

#[cfg(test)]
#[path = "whole_document_tests.rs"]
mod tests;
