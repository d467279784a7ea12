//! The shortcut must leave every sync state exactly as Automerge's own
//! receive would, and every later message the same: checked on each
//! message of real exchanges (one writer, concurrent writers, peers that
//! advertise flags, a reset).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use automerge::sync::{self, MessageFlags, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::{receive, receive_acknowledgement};

struct Peer {
    doc: AutoCommit,
    /// The peer's state towards the server.
    state: sync::State,
    /// The server's state towards this peer.
    server_state: sync::State,
    flags: Option<MessageFlags>,
}

impl Peer {
    fn new(flags: Option<MessageFlags>) -> Self {
        Self {
            doc: AutoCommit::new(),
            state: sync::State::new(),
            server_state: sync::State::new(),
            flags,
        }
    }
}

/// Counts how many messages took the shortcut; asserts at each one that
/// Automerge would have ended in the same state.
fn server_receives(server: &mut AutoCommit, peer: &mut Peer, message: sync::Message) -> bool {
    let mut by_automerge_doc = server.fork();
    let mut by_automerge = peer.server_state.clone();
    by_automerge_doc
        .sync()
        .receive_sync_message(&mut by_automerge, message.clone())
        .unwrap();
    let shortcut = receive_acknowledgement(
        &server.get_heads(),
        &mut peer.server_state.clone(),
        message.clone(),
    )
    .is_ok();
    receive(server, &mut peer.server_state, message).unwrap();
    assert_eq!(peer.server_state, by_automerge, "state after receiving");
    assert_eq!(server.get_heads(), by_automerge_doc.get_heads());
    // And the next message from the server is the same too.
    let mut a = peer.server_state.clone();
    let mut b = by_automerge.clone();
    let next_a = server
        .sync()
        .generate_sync_message(&mut a)
        .map(sync::Message::encode);
    let next_b = by_automerge_doc
        .sync()
        .generate_sync_message(&mut b)
        .map(sync::Message::encode);
    assert_eq!(next_a, next_b, "next message");
    assert_eq!(a, b, "state after the next message");
    shortcut
}

/// Runs the exchange between the server and every peer until quiet;
/// returns how many server receives took the shortcut.
fn settle(server: &mut AutoCommit, peers: &mut [Peer]) -> usize {
    let mut shortcuts = 0;
    for _ in 0..20 {
        let mut moved = false;
        for peer in peers.iter_mut() {
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
                shortcuts += usize::from(server_receives(server, peer, message));
                moved = true;
            }
            let reply = server.sync().generate_sync_message(&mut peer.server_state);
            if let Some(message) = reply {
                peer.doc
                    .sync()
                    .receive_sync_message(&mut peer.state, message)
                    .unwrap();
                moved = true;
            }
        }
        if !moved {
            return shortcuts;
        }
    }
    panic!("the exchange did not settle");
}

fn write(doc: &mut AutoCommit, key: &str, value: &str) {
    doc.put(ROOT, key, value).unwrap();
    doc.commit();
}

#[test]
fn acknowledgements_take_the_shortcut_and_end_where_automerge_would() {
    let mut server = AutoCommit::new();
    write(&mut server, "title", "Kansen");
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    let mut peers = vec![Peer::new(None), Peer::new(Some(flags)), Peer::new(None)];
    let mut shortcuts = settle(&mut server, &mut peers);

    // One writer, then two at once, then the server itself.
    write(&mut peers[0].doc, "a", "eerste");
    shortcuts += settle(&mut server, &mut peers);
    write(&mut peers[1].doc, "b", "tweede");
    write(&mut peers[2].doc, "c", "derde");
    shortcuts += settle(&mut server, &mut peers);
    write(&mut server, "d", "van de server");
    shortcuts += settle(&mut server, &mut peers);

    for peer in &mut peers {
        assert_eq!(peer.doc.get_heads(), server.get_heads());
    }
    assert!(
        shortcuts >= 6,
        "acknowledgements went the short way: {shortcuts}"
    );
}

#[test]
fn a_reset_and_a_peer_that_lost_everything_go_to_automerge() {
    let mut server = AutoCommit::new();
    write(&mut server, "title", "Kansen");
    let mut peers = vec![Peer::new(None)];
    settle(&mut server, &mut peers);

    // A peer that lost its data says so with empty heads: not a shortcut.
    let mut fresh = Peer::new(None);
    fresh.server_state = peers[0].server_state.clone();
    let message = fresh
        .doc
        .sync()
        .generate_sync_message(&mut fresh.state)
        .unwrap();
    assert!(
        receive_acknowledgement(
            &server.get_heads(),
            &mut sync::State::new(),
            message.clone()
        )
        .is_err()
    );
    server_receives(&mut server, &mut fresh, message);
    settle(&mut server, std::slice::from_mut(&mut fresh));
    assert_eq!(fresh.doc.get_heads(), server.get_heads());

    // A reset with an acknowledgement's heads ends as Automerge's would.
    let mut message = peers[0]
        .doc
        .sync()
        .generate_sync_message(&mut sync::State::new())
        .unwrap();
    let mut reset = MessageFlags::new();
    reset.set(MessageFlags::SYNC_RESET);
    message.flags = Some(reset);
    server_receives(&mut server, &mut peers[0], message);
}
