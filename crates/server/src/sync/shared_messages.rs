//! One sync message per distinct peer state in a fan-out.
//!
//! After a change, most peers of a room stand where the last change left
//! them: their sync states are equal, so Automerge would build the same
//! message for each (collecting the change's bytes again and a Bloom
//! filter over the recent history every time: most of a big room's CPU,
//! see BENCHMARKS.md). `generate_sync_message` is a function of the
//! document and the state alone, so a fan-out builds the message once per
//! distinct state and gives every peer in that state the same bytes and
//! the same state after it.
//!
//! Most states it is asked about have nothing to send: a peer that just
//! acknowledged the current heads. Automerge still builds a Bloom filter
//! of the recent history and checks the peer's against it before it says
//! so (two vector clocks over every writer in the room: in a room of 150
//! the largest single cost, see BENCHMARKS.md); [`has_nothing_to_send`]
//! decides those from the state alone.
//!
//! A message that carries the batch's new changes is built without
//! Automerge encoding them again (see [`super::arrived`]): Automerge
//! builds the message with those changes marked as sent, and their bytes
//! as they arrived are added. That is done only for peers that certainly
//! lack every one of them (see [`SharedMessages::fresh_for`]); any other
//! peer gets Automerge's message as it is.

use std::collections::{HashMap, HashSet};

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use samenbord_protocol::payload;

use super::acknowledgement::{LastBatch, RecentHeads};
use super::arrived::ArrivedChanges;

/// What one fan-out has built so far; live for one fan-out only (the
/// document must not change while it is in use).
pub struct SharedMessages {
    /// The document's heads, read once per fan-out rather than per peer.
    heads: Vec<ChangeHash>,
    built: HashMap<sync::State, (Option<Vec<u8>>, sync::State)>,
    /// The last batch's changes that arrived as bytes, in the order the
    /// document added them (dependencies first).
    fresh: Vec<(ChangeHash, Vec<u8>)>,
    /// Everything the last batch added, arrived or not.
    added: HashSet<ChangeHash>,
    /// Messages built with fresh changes as they arrived.
    sent_as_arrived: usize,
}

impl SharedMessages {
    /// Starts a fan-out of `doc` as it stands now.
    pub fn new(doc: &mut AutoCommit) -> Self {
        Self {
            heads: doc.get_heads(),
            built: HashMap::new(),
            fresh: Vec::new(),
            added: HashSet::new(),
            sent_as_arrived: 0,
        }
    }

    /// Sends the changes of `batch` (the batch just written, which must
    /// have left the document at the heads it has now) from `arrived`.
    pub fn with_arrived(mut self, batch: Option<LastBatch<'_>>, arrived: &ArrivedChanges) -> Self {
        let Some(batch) = batch.filter(|batch| batch.to == self.heads.as_slice()) else {
            return self;
        };
        self.fresh = batch
            .added
            .iter()
            .filter_map(|hash| Some((*hash, arrived.bytes_of(hash)?.to_vec())))
            .collect();
        if !self.fresh.is_empty() {
            self.added = batch.added.iter().copied().collect();
        }
        self
    }

    /// The next encoded sync message for a peer in `state` (advancing it),
    /// as `doc.sync().generate_sync_message` would give it.
    pub fn next(
        &mut self,
        doc: &mut AutoCommit,
        recent: &RecentHeads,
        state: &mut sync::State,
    ) -> Option<Vec<u8>> {
        if has_nothing_to_send(&self.heads, recent, state) {
            return None;
        }
        if let Some((message, after)) = self.built.get(state) {
            state.clone_from(after);
            return message.clone();
        }
        let before = state.clone();
        let message = self.generate(doc, state).map(sync::Message::encode);
        self.built.insert(before, (message.clone(), state.clone()));
        message
    }

    /// Automerge's message for `state`, with the fresh changes the peer
    /// lacks added as they arrived rather than encoded again.
    fn generate(&mut self, doc: &mut AutoCommit, state: &mut sync::State) -> Option<sync::Message> {
        let fresh = self.fresh_for(state);
        if fresh.is_empty() {
            return doc.sync().generate_sync_message(state);
        }
        let mut marked = state.clone();
        marked
            .sent_hashes
            .extend(fresh.iter().map(|(hash, _)| *hash));
        let generated = doc.sync().generate_sync_message(&mut marked);
        // Anything but an answer to these heads (a reset, say) goes
        // Automerge's way from the state as it was.
        let Some(mut message) = generated.filter(|_| marked.last_sent_heads == self.heads) else {
            return doc.sync().generate_sync_message(state);
        };
        let whole_document = message.changes.iter().any(|chunk| {
            payload::split_chunks(chunk)
                .is_ok_and(|chunks| chunks.iter().any(|chunk| chunk.kind == 0))
        });
        // A whole document holds them already.
        if !whole_document {
            let mut chunks: Vec<Vec<u8>> = message.changes.iter().map(<[u8]>::to_vec).collect();
            let bytes = fresh.iter().map(|(_, bytes)| bytes.as_slice());
            match message.version {
                sync::MessageVersion::V1 => chunks.extend(bytes.map(<[u8]>::to_vec)),
                sync::MessageVersion::V2 => {
                    let mut one = chunks.concat();
                    bytes.for_each(|bytes| one.extend_from_slice(bytes));
                    chunks = vec![one];
                }
            }
            message.changes = chunks.into();
        }
        *state = marked;
        self.sent_as_arrived += 1;
        Some(message)
    }

    /// The fresh changes Automerge would send `state`'s peer, when that
    /// is certain without its history: the peer takes changes, has told
    /// us where it stands from before this batch, holds none of this
    /// batch's changes (not in its heads nor its Bloom filter: not their
    /// author) and was sent none of them yet. Then each lies beyond its
    /// last sync point and outside its filter, which is what Automerge
    /// sends. Empty otherwise (Automerge decides alone).
    fn fresh_for(&self, state: &sync::State) -> Vec<&(ChangeHash, Vec<u8>)> {
        if self.fresh.is_empty() || state.peer_read_only {
            return Vec::new();
        }
        let (Some(heads), Some(have), Some(_)) =
            (&state.their_heads, &state.their_have, &state.their_need)
        else {
            return Vec::new();
        };
        let from_this_batch = |hash: &ChangeHash| self.added.contains(hash);
        // Without a Bloom filter Automerge sends only what was asked for.
        if heads.is_empty()
            || have.is_empty()
            || heads.iter().any(from_this_batch)
            || have.iter().flat_map(|h| &h.last_sync).any(from_this_batch)
            || self
                .fresh
                .iter()
                .any(|(hash, _)| have.iter().any(|h| h.bloom.contains_hash(hash)))
        {
            return Vec::new();
        }
        self.fresh
            .iter()
            .filter(|(hash, _)| !state.sent_hashes.contains(hash))
            .collect()
    }

    /// How many messages were built with fresh changes as they arrived.
    pub fn sent_as_arrived(&self) -> usize {
        self.sent_as_arrived
    }

    /// How many distinct messages were built.
    #[cfg(test)]
    fn built(&self) -> usize {
        self.built.len()
    }
}

/// Whether Automerge's `generate_sync_message` would return `None` for
/// `state` (leaving it as it is) with the document at `our_heads`, in the
/// cases decidable without the history; `false` means "ask Automerge".
///
/// Automerge returns `None` once it has answered the current heads, when
/// a message is still in flight, or when the peer has our heads and there
/// is nothing to build for it. Nothing needs building when the peer asks
/// for nothing and its last sync point is our heads: nothing we hold is
/// newer than that, so no Bloom filter can miss anything.
pub fn has_nothing_to_send(
    our_heads: &[ChangeHash],
    recent: &RecentHeads,
    state: &sync::State,
) -> bool {
    if !state.have_responded || state.last_sent_heads != our_heads {
        return false;
    }
    // A last sync point we do not know gets a reset. Known without a
    // lookup in the history: our heads, recent changes, and the heads we
    // share with this peer (Automerge only ever puts changes the document
    // holds there).
    let known = |hash: &ChangeHash| {
        our_heads.contains(hash) || recent.holds(hash) || state.shared_heads.contains(hash)
    };
    let their_have = state.their_have.as_deref().unwrap_or_default();
    if let Some(first) = their_have.first()
        && !first.last_sync.iter().all(known)
    {
        return false;
    }
    if state.in_flight {
        return true;
    }
    let heads_equal = state.their_heads.as_deref() == Some(our_heads);
    (heads_equal || state.read_only) && nothing_to_build(our_heads, state)
}

/// Whether the changes Automerge would send `state`'s peer are none.
fn nothing_to_build(our_heads: &[ChangeHash], state: &sync::State) -> bool {
    if state.peer_read_only {
        return true;
    }
    let (Some(have), Some(need)) = (&state.their_have, &state.their_need) else {
        return true;
    };
    // Empty heads ask for the whole document.
    if !need.is_empty() || state.their_heads.as_ref().is_some_and(Vec::is_empty) {
        return false;
    }
    if have.is_empty() {
        return true;
    }
    let last_sync: HashSet<&ChangeHash> = have.iter().flat_map(|h| &h.last_sync).collect();
    !our_heads.is_empty()
        && last_sync.len() == our_heads.len()
        && our_heads.iter().all(|hash| last_sync.contains(hash))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use automerge::ROOT;
    use automerge::transaction::Transactable;

    use super::*;

    /// Peers that synced the same way are in equal states: each gets the
    /// message Automerge builds for it, built once; a peer in another
    /// state gets its own.
    #[test]
    fn equal_states_share_one_message_and_others_get_their_own() {
        // Fixed actors and times: with random hashes a Bloom filter's false
        // positive now and then put a peer in another state (1 run in 100).
        let fixed = |actor: &[u8]| AutoCommit::new().with_actor(automerge::ActorId::from(actor));
        let at = || automerge::transaction::CommitOptions::default().with_time(1);
        let mut server = fixed(b"server");
        server.put(ROOT, "title", "Kansen").unwrap();
        server.commit_with(at());
        let mut peers: Vec<(AutoCommit, sync::State, sync::State)> = (0..5)
            .map(|_| (AutoCommit::new(), sync::State::new(), sync::State::new()))
            .collect();
        for _ in 0..10 {
            for (doc, state, server_state) in &mut peers {
                if let Some(m) = server.sync().generate_sync_message(server_state) {
                    doc.sync().receive_sync_message(state, m).unwrap();
                }
                if let Some(m) = doc.sync().generate_sync_message(state) {
                    server.sync().receive_sync_message(server_state, m).unwrap();
                }
            }
        }
        // One peer writes; the server takes its change.
        let (doc, state, server_state) = &mut peers[0];
        doc.set_actor(automerge::ActorId::from(b"writer".as_slice()));
        doc.put(ROOT, "eerste", "idee").unwrap();
        doc.commit_with(at());
        let m = doc.sync().generate_sync_message(state).unwrap();
        server.sync().receive_sync_message(server_state, m).unwrap();

        let mut shared = SharedMessages::new(&mut server);
        for (_, _, server_state) in &mut peers {
            let mut by_automerge = server_state.clone();
            let expected = server
                .sync()
                .generate_sync_message(&mut by_automerge)
                .map(sync::Message::encode);
            let got = shared.next(&mut server, &RecentHeads::default(), server_state);
            assert_eq!(got, expected);
            assert_eq!(*server_state, by_automerge);
        }
        assert_eq!(
            shared.built(),
            2,
            "the writer's message, and one for the other four"
        );
    }

    /// A peer whose heads we lack (its change held back by a Bloom filter
    /// false positive) must be asked for it, even though its last sync
    /// point is our heads and it asks for nothing.
    #[test]
    fn a_peer_ahead_of_us_is_answered() {
        let mut server = AutoCommit::new();
        server.put(ROOT, "title", "Kansen").unwrap();
        server.commit();
        let mut peer = AutoCommit::new();
        let (mut peer_state, mut server_state) = (sync::State::new(), sync::State::new());
        for _ in 0..10 {
            if let Some(m) = server.sync().generate_sync_message(&mut server_state) {
                peer.sync()
                    .receive_sync_message(&mut peer_state, m)
                    .unwrap();
            }
            if let Some(m) = peer.sync().generate_sync_message(&mut peer_state) {
                server
                    .sync()
                    .receive_sync_message(&mut server_state, m)
                    .unwrap();
            }
        }
        peer.put(ROOT, "eerste", "idee").unwrap();
        peer.commit();
        let mut message = peer.sync().generate_sync_message(&mut peer_state).unwrap();
        message.changes = Vec::<Vec<u8>>::new().into();
        server
            .sync()
            .receive_sync_message(&mut server_state, message)
            .unwrap();

        let heads = server.get_heads();
        let recent = RecentHeads::default();
        assert!(!has_nothing_to_send(&heads, &recent, &server_state));
        let answer = server.sync().generate_sync_message(&mut server_state);
        assert!(
            answer.is_some_and(|m| !m.need.is_empty()),
            "asks for the change"
        );
    }
}
