//! The shortcut must leave every sync state exactly as Automerge's own
//! receive would, and every later message the same: checked on every
//! message the server receives in random interleavings of peers that
//! write, lag behind, acknowledge old heads and advertise flags. The
//! fan-out's messages (one per distinct state, fresh changes sent as they
//! arrived) are checked against Automerge's on every answer too, and the
//! peers live on the fan-out's messages, so they must converge on them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, VecDeque};

use automerge::sync::{self, MessageFlags, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, Change, ChangeHash, ROOT};
use samenbord_protocol::{gate, payload};

use super::{RecentHeads, receive, receive_acknowledgement};
use crate::sync::arrived::ArrivedChanges;
use crate::sync::shared_messages::{SharedMessages, has_nothing_to_send};

struct Peer {
    doc: AutoCommit,
    /// The peer's state towards the server.
    state: sync::State,
    /// The server's state towards this peer.
    server_state: sync::State,
    flags: Option<MessageFlags>,
    inbox: VecDeque<sync::Message>,
}

impl Peer {
    fn new(flags: Option<MessageFlags>) -> Self {
        Self {
            doc: AutoCommit::new(),
            state: sync::State::new(),
            server_state: sync::State::new(),
            flags,
            inbox: VecDeque::new(),
        }
    }
}

#[derive(Default)]
struct Server {
    doc: AutoCommit,
    recent: RecentHeads,
    arrived: ArrivedChanges,
    /// Messages that carried changes as they arrived.
    sent_as_arrived: usize,
    /// Acknowledgements of the current heads and of older heads that
    /// took the shortcut.
    current: usize,
    older: usize,
    /// Of heads the room never had as a whole (a writer's own change
    /// beside others').
    mixed: usize,
    /// Answers decided as "nothing to send" without Automerge, and all
    /// the answers Automerge gave as nothing.
    silent: usize,
    nothing: usize,
}

impl Server {
    /// Receives `message` from `peer` both ways and asserts they agree.
    fn receive(&mut self, peer: &mut Peer, message: sync::Message) {
        let heads = self.doc.get_heads();
        let mut by_automerge_doc = self.doc.fork();
        let mut by_automerge = peer.server_state.clone();
        by_automerge_doc
            .sync()
            .receive_sync_message(&mut by_automerge, message.clone())
            .unwrap();
        let took_shortcut = receive_acknowledgement(
            &heads,
            &self.recent,
            &mut peer.server_state.clone(),
            message.clone(),
        )
        .is_ok();
        if took_shortcut {
            let mut theirs = message.heads.clone();
            theirs.sort();
            if theirs == heads {
                self.current += 1;
            } else if self.recent.batch_with_heads(&theirs).is_some() {
                self.older += 1;
            } else {
                self.mixed += 1;
            }
        }
        let new = gate::new_changes(&mut self.doc, &message);
        receive(&mut self.doc, &self.recent, &mut peer.server_state, message).unwrap();
        if let Some(new) = new {
            self.arrived.keep(&new);
        }
        assert_eq!(peer.server_state, by_automerge, "state after receiving");
        assert_eq!(self.doc.get_heads(), by_automerge_doc.get_heads());
        let mut a = peer.server_state.clone();
        let mut b = by_automerge;
        let next_a = self
            .doc
            .sync()
            .generate_sync_message(&mut a)
            .map(sync::Message::encode);
        let next_b = by_automerge_doc
            .sync()
            .generate_sync_message(&mut b)
            .map(sync::Message::encode);
        assert_eq!(next_a, next_b, "next message");
        assert_eq!(a, b, "state after the next message");
    }
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn send(peer: &mut Peer, to_server: &mut VecDeque<(usize, sync::Message)>, index: usize) {
    let outgoing = peer.doc.sync().generate_sync_message(&mut peer.state);
    if let Some(mut message) = outgoing {
        if let Some(flags) = peer.flags {
            let mut all = message.flags.unwrap_or_default();
            for bit in [MessageFlags::SUPPORTS_SYNC_RESET, MessageFlags::READ_ONLY] {
                if flags.contains(bit) {
                    all.set(bit);
                }
            }
            message.flags = Some(all);
        }
        to_server.push_back((index, message));
    }
}

/// The peer receives its oldest message from the server, if any, and
/// answers; false if it had none.
fn deliver_one(
    peer: &mut Peer,
    to_server: &mut VecDeque<(usize, sync::Message)>,
    index: usize,
) -> bool {
    let Some(message) = peer.inbox.pop_front() else {
        return false;
    };
    peer.doc
        .sync()
        .receive_sync_message(&mut peer.state, message)
        .unwrap();
    send(peer, to_server, index);
    true
}

/// The server takes up to `most` queued messages as one batch, records
/// the batch, and tells every peer what it is missing.
fn server_batch(
    server: &mut Server,
    peers: &mut [Peer],
    to_server: &mut VecDeque<(usize, sync::Message)>,
    most: usize,
) {
    for _ in 0..most {
        let Some((index, message)) = to_server.pop_front() else {
            break;
        };
        server.receive(&mut peers[index], message);
    }
    server.recent.record(&mut server.doc);
    let mut shared = SharedMessages::new(&mut server.doc)
        .with_arrived(server.recent.last_batch(), &server.arrived);
    for peer in peers.iter_mut() {
        loop {
            let before = peer.server_state.clone();
            let silent = has_nothing_to_send(&server.doc.get_heads(), &server.recent, &before);
            let mut by_automerge = before.clone();
            let expected = server.doc.sync().generate_sync_message(&mut by_automerge);
            let ours = shared.next(&mut server.doc, &server.recent, &mut peer.server_state);
            if silent {
                assert!(expected.is_none(), "decided silent, Automerge spoke");
                assert_eq!(peer.server_state, before, "silent leaves the state");
                server.silent += 1;
            }
            let (expected, ours) = match (expected, ours) {
                (None, None) => {
                    server.nothing += 1;
                    break;
                }
                (Some(expected), Some(ours)) => (expected, sync::Message::decode(&ours).unwrap()),
                (expected, ours) => panic!("Automerge {expected:?}, the fan-out {ours:?}"),
            };
            assert_eq!(ours.heads, expected.heads, "heads");
            assert_eq!(ours.need, expected.need, "need");
            assert_eq!(ours.have, expected.have, "have");
            assert_eq!(ours.flags, expected.flags, "flags");
            let whole_document = carried(&expected).is_none();
            if !whole_document {
                assert_eq!(carried(&ours), carried(&expected), "the same changes");
                assert_eq!(peer.server_state, by_automerge, "state after the message");
            }
            peer.inbox.push_back(ours);
        }
    }
    server.sent_as_arrived += shared.sent_as_arrived();
    server.arrived.clear();
}

/// The hashes of the changes a message carries; `None` for a whole
/// document.
fn carried(message: &sync::Message) -> Option<BTreeSet<ChangeHash>> {
    let mut hashes = BTreeSet::new();
    for chunk in message.changes.iter() {
        for chunk in payload::split_chunks(chunk).unwrap() {
            if chunk.kind == 0 {
                return None;
            }
            hashes.insert(Change::try_from(chunk.bytes).unwrap().hash());
        }
    }
    Some(hashes)
}

fn run(seed: u64, peers: usize, steps: usize) -> Server {
    let mut dice = Dice(seed);
    let mut server = Server::default();
    server.doc.put(ROOT, "title", "Kansen").unwrap();
    server.doc.commit();
    let mut supports_reset = MessageFlags::new();
    supports_reset.set(MessageFlags::SUPPORTS_SYNC_RESET);
    let mut peers: Vec<Peer> = (0..peers)
        .map(|i| Peer::new((i % 2 == 1).then_some(supports_reset)))
        .collect();
    let mut to_server = VecDeque::new();
    for (index, peer) in peers.iter_mut().enumerate() {
        send(peer, &mut to_server, index);
    }
    for step in 0..steps {
        match dice.below(4) {
            0 => {
                let index = dice.below(peers.len());
                let peer = &mut peers[index];
                peer.doc
                    .put(ROOT, format!("k{}", dice.below(20)), step as i64)
                    .unwrap();
                peer.doc.commit();
                send(peer, &mut to_server, index);
            }
            1 => {
                let index = dice.below(peers.len());
                deliver_one(&mut peers[index], &mut to_server, index);
            }
            2 => {
                let most = 1 + dice.below(4);
                server_batch(&mut server, &mut peers, &mut to_server, most);
            }
            _ => {
                if dice.below(10) == 0 {
                    server.doc.put(ROOT, "server", step as i64).unwrap();
                    server.doc.commit();
                }
            }
        }
    }
    // Then everything is delivered until nobody has anything to say.
    for _ in 0..200 {
        server_batch(&mut server, &mut peers, &mut to_server, usize::MAX);
        for (index, peer) in peers.iter_mut().enumerate() {
            while deliver_one(peer, &mut to_server, index) {}
        }
        if to_server.is_empty() && peers.iter().all(|p| p.inbox.is_empty()) {
            break;
        }
    }
    for peer in &mut peers {
        assert_eq!(
            peer.doc.get_heads(),
            server.doc.get_heads(),
            "everyone converged"
        );
    }
    server
}

#[test]
fn acknowledgements_take_the_shortcut_and_end_where_automerge_would() {
    let (mut current, mut older, mut mixed) = (0, 0, 0);
    let (mut silent, mut nothing, mut sent_as_arrived) = (0, 0, 0);
    for seed in 1..=12 {
        let server = run(seed * 7919, 4, 200);
        sent_as_arrived += server.sent_as_arrived;
        current += server.current;
        older += server.older;
        mixed += server.mixed;
        silent += server.silent;
        nothing += server.nothing;
    }
    // Most answers of nothing are decided without Automerge's Bloom
    // filters, and each was checked against Automerge's above.
    assert!(
        silent * 10 > nothing * 8,
        "silent answers decided: {silent} of {nothing}"
    );
    assert!(
        sent_as_arrived > 300,
        "messages with changes as they arrived: {sent_as_arrived}"
    );
    assert!(
        current > 30,
        "acknowledgements of the current heads: {current}"
    );
    assert!(older > 50, "acknowledgements of older heads: {older}");
    assert!(
        mixed > 300,
        "acknowledgements of heads never had as a whole: {mixed}"
    );
}

#[test]
fn a_peer_that_lost_everything_and_a_reset_go_the_way_automerge_would() {
    let mut server = Server::default();
    server.doc.put(ROOT, "title", "Kansen").unwrap();
    server.doc.commit();
    let mut peer = Peer::new(None);
    let mut to_server = VecDeque::new();
    send(&mut peer, &mut to_server, 0);
    let mut peers = vec![peer];
    for _ in 0..6 {
        server_batch(&mut server, &mut peers, &mut to_server, usize::MAX);
        while deliver_one(&mut peers[0], &mut to_server, 0) {}
    }

    // Empty heads (a peer that lost its data) never take the shortcut.
    let mut fresh = Peer::new(None);
    let message = fresh
        .doc
        .sync()
        .generate_sync_message(&mut fresh.state)
        .unwrap();
    assert!(
        receive_acknowledgement(
            &server.doc.get_heads(),
            &server.recent,
            &mut sync::State::new(),
            message.clone()
        )
        .is_err()
    );
    fresh.server_state = peers[0].server_state.clone();
    server.receive(&mut fresh, message);

    // A reset with an acknowledgement's heads ends as Automerge's would.
    let mut message = peers[0]
        .doc
        .sync()
        .generate_sync_message(&mut sync::State::new())
        .unwrap();
    let mut reset = MessageFlags::new();
    reset.set(MessageFlags::SYNC_RESET);
    message.flags = Some(reset);
    server.receive(&mut peers[0], message);
}
