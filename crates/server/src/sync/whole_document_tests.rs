#![allow(clippy::unwrap_used, clippy::expect_used)]

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT, ReadDoc};

use super::*;

/// A room two people wrote in at once (two heads).
fn room() -> AutoCommit {
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "titel", "Kansen").unwrap();
    doc.commit();
    let mut other = doc.fork();
    doc.put(ROOT, "ana", "Meer tijd").unwrap();
    other.put(ROOT, "bram", "Samen plannen").unwrap();
    doc.merge(&mut other).unwrap();
    doc
}

fn first_request() -> (AutoCommit, sync::State, sync::Message) {
    let mut device = AutoCommit::new();
    let mut state = sync::State::new();
    let request = device.sync().generate_sync_message(&mut state).unwrap();
    (device, state, request)
}

/// The request and the answer leave the state as Automerge's receive and
/// generate do (bar the hashes it counts as sent), and the answer carries
/// what Automerge's does, but for what it says the server has.
#[test]
fn a_device_with_nothing_is_answered_as_automerge_answers_it() {
    let mut server = room();
    let heads = server.get_heads();
    let saved = server.save();
    let (_, _, request) = first_request();

    let mut by_automerge = sync::State::new();
    server
        .sync()
        .receive_sync_message(&mut by_automerge, request.clone())
        .unwrap();
    let mut ours = sync::State::new();
    receive_from_empty_peer(&mut ours, request).unwrap();
    assert_eq!(ours, by_automerge, "after the request");

    let expected = server
        .sync()
        .generate_sync_message(&mut by_automerge)
        .unwrap();
    let got = answer(&heads, &RecentHeads::default(), &saved, &mut ours)
        .unwrap()
        .unwrap();
    let got = sync::Message::decode(&got).unwrap();
    assert_eq!(got.heads, expected.heads);
    assert_eq!(got.need, expected.need);
    assert_eq!(got.changes, expected.changes, "the same save");
    assert_eq!(got.flags, expected.flags);
    assert_eq!(got.version, expected.version);
    let [have] = &got.have[..] else {
        panic!("one have: {:?}", got.have)
    };
    assert_eq!(have.last_sync, heads, "everything up to our heads");
    ours.sent_hashes.clone_from(&by_automerge.sent_hashes);
    assert_eq!(ours, by_automerge, "after the answer");

    // Asked again before the device answers: nothing, as Automerge.
    assert_eq!(server.sync().generate_sync_message(&mut by_automerge), None);
    assert_eq!(
        answer(&heads, &RecentHeads::default(), &saved, &mut ours),
        Some(None)
    );
}

/// The device loads the answer, and from there syncs with the server as
/// with any: its note reaches the server, the server's reaches it.
#[test]
fn a_device_answered_from_the_save_goes_on_syncing() {
    let mut server = room();
    let heads = server.get_heads();
    let saved = server.save();
    let (mut device, mut device_state, request) = first_request();
    let mut server_state = sync::State::new();
    receive_from_empty_peer(&mut server_state, request).unwrap();
    let first = answer(&heads, &RecentHeads::default(), &saved, &mut server_state)
        .unwrap()
        .unwrap();
    device
        .sync()
        .receive_sync_message(&mut device_state, sync::Message::decode(&first).unwrap())
        .unwrap();
    assert_eq!(device.get_heads(), server.get_heads());

    device.put(ROOT, "carla", "Vaker terugkomen").unwrap();
    server.put(ROOT, "organisator", "Nog vijf minuten").unwrap();
    // Told what the server has, the device sends its note at once rather
    // than waiting to be asked for it.
    let note = device
        .sync()
        .generate_sync_message(&mut device_state)
        .unwrap();
    assert!(
        !note.changes.is_empty(),
        "the note goes in the first message"
    );
    server
        .sync()
        .receive_sync_message(&mut server_state, note)
        .unwrap();
    for _ in 0..10 {
        if let Some(m) = device.sync().generate_sync_message(&mut device_state) {
            server
                .sync()
                .receive_sync_message(&mut server_state, m)
                .unwrap();
        }
        if let Some(m) = server.sync().generate_sync_message(&mut server_state) {
            device
                .sync()
                .receive_sync_message(&mut device_state, m)
                .unwrap();
        }
    }
    assert_eq!(device.get_heads(), server.get_heads());
    assert!(server.get(ROOT, "carla").unwrap().is_some());
    assert!(device.get(ROOT, "organisator").unwrap().is_some());
}

/// Anything but a device that holds nothing is left to Automerge.
#[test]
fn other_messages_and_states_are_not_taken() {
    let mut server = room();
    let heads = server.get_heads();
    let saved = server.save();
    let mut device = server.fork();
    let mut device_state = sync::State::new();
    let with_heads = device
        .sync()
        .generate_sync_message(&mut device_state)
        .unwrap();
    let mut state = sync::State::new();
    assert!(receive_from_empty_peer(&mut state, with_heads.clone()).is_err());

    server
        .sync()
        .receive_sync_message(&mut state, with_heads)
        .unwrap();
    assert_eq!(
        answer(&heads, &RecentHeads::default(), &saved, &mut state),
        None,
        "a device with the document"
    );
    let (_, _, mut request) = first_request();
    request.flags = None;
    let mut old_device = sync::State::new();
    receive_from_empty_peer(&mut old_device, request).unwrap();
    assert_eq!(
        answer(&heads, &RecentHeads::default(), &saved, &mut old_device),
        None,
        "a device that cannot take a whole document in one message"
    );
}
