#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use proptest::prelude::*;

use super::*;
use crate::hostile;

const MIB: usize = 1024 * 1024;

/// A document holding one note of `len` characters, as a client has it.
fn doc_with_text(len: usize) -> AutoCommit {
    let mut doc = AutoCommit::new();
    let text = doc.put_object(ROOT, "text", ObjType::Text).unwrap();
    let words: String = (0..len)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    doc.splice_text(&text, 0, 0, &words).unwrap();
    doc
}

#[test]
fn the_bomb_builder_inflates_to_what_it_says() {
    let mut inflated = Vec::new();
    flate2::read::DeflateDecoder::new(&hostile::deflate_zeros(10_000)[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert!(inflated.len() >= 10_000 && inflated.len() < 10_000 + 258);
    assert!(inflated.iter().all(|b| *b == 0));
}

#[test]
fn a_compressed_change_bomb_is_refused_without_inflating_it() {
    let bomb = hostile::compressed_change_bomb(512 * MIB);
    assert!(bomb.len() < 4 * MIB, "fits in one message");
    let message = hostile::sync_message(vec![bomb]);
    assert_eq!(
        decode_sync_message(&message, 32 * MIB),
        Err(PayloadError::InflatesTooMuch { limit: 32 * MIB })
    );
}

#[test]
fn a_deflated_document_column_bomb_is_refused() {
    let message = hostile::sync_message(vec![hostile::document_column_bomb(256 * MIB)]);
    assert_eq!(
        decode_sync_message(&message, 32 * MIB),
        Err(PayloadError::InflatesTooMuch { limit: 32 * MIB })
    );
}

#[test]
fn a_bomb_split_across_entries_is_still_counted() {
    let bomb = hostile::compressed_change_bomb(64 * MIB);
    let (first, second) = bomb.split_at(7);
    let message = hostile::sync_message(vec![first.to_vec(), second.to_vec()]);
    assert!(matches!(
        decode_sync_message(&message, 32 * MIB),
        Err(PayloadError::InflatesTooMuch { .. })
    ));
}

#[test]
fn a_bloom_filter_with_billions_of_probes_is_refused() {
    let message = hostile::bloom_probe_bomb(u32::MAX);
    assert!(
        automerge::sync::Message::decode(&message).is_ok(),
        "automerge takes it"
    );
    assert_eq!(
        decode_sync_message(&message, 32 * MIB),
        Err(PayloadError::BadBloom)
    );
    assert!(decode_sync_message(&hostile::bloom_probe_bomb(7), 32 * MIB).is_ok());
}

#[test]
fn a_large_note_as_a_whole_document_passes_and_is_really_walked() {
    let mut doc = doc_with_text(200_000);
    let message = hostile::sync_message(vec![doc.save()]);
    assert!(decode_sync_message(&message, 32 * MIB).is_ok());
    // The save's columns are deflated: a tiny budget proves they are counted.
    assert!(matches!(
        decode_sync_message(&message, 1024),
        Err(PayloadError::InflatesTooMuch { .. })
    ));
}

#[test]
fn compressed_and_plain_changes_from_a_real_client_pass() {
    let mut doc = doc_with_text(50_000);
    let mut change = doc.get_last_local_change().unwrap().clone();
    let plain = change.raw_bytes().to_vec();
    let compressed = change.bytes().to_vec();
    assert_eq!(
        compressed[8], 2,
        "a large change compresses to a type 2 chunk"
    );
    let message = hostile::sync_message(vec![plain, compressed]);
    assert!(decode_sync_message(&message, 32 * MIB).is_ok());
}

/// Passes every message `from` has for `to` through the check.
fn send_checked(
    from: &mut AutoCommit,
    from_state: &mut automerge::sync::State,
    to: &mut AutoCommit,
    to_state: &mut automerge::sync::State,
) {
    while let Some(message) = from.sync().generate_sync_message(from_state) {
        let decoded = decode_sync_message(&message.encode(), 32 * MIB).unwrap();
        to.sync().receive_sync_message(to_state, decoded).unwrap();
    }
}

#[test]
fn messages_automerge_generates_pass() {
    let mut ours = doc_with_text(10_000);
    let mut theirs = AutoCommit::new();
    let (mut our_state, mut their_state) = Default::default();
    for _ in 0..4 {
        send_checked(&mut ours, &mut our_state, &mut theirs, &mut their_state);
        send_checked(&mut theirs, &mut their_state, &mut ours, &mut our_state);
    }
    assert_eq!(ours.get_heads(), theirs.get_heads());
}

proptest! {
    /// Whatever bytes arrive, the check answers and never panics.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_sync_message(&bytes, MIB);
        let _ = decode_sync_message(&hostile::sync_message(vec![bytes]), MIB);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Mutating a real document save never gets past the budget, and what
    /// passes the check Automerge can be given without panicking.
    #[test]
    fn mutated_saves_stay_within_budget(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut save = doc_with_text(2_000).save();
        for (at, byte) in flips {
            let at = at % save.len();
            save[at] ^= byte;
        }
        let message = hostile::sync_message(vec![save]);
        if let Ok(decoded) = decode_sync_message(&message, MIB) {
            let mut doc = AutoCommit::new();
            let _ = doc.sync().receive_sync_message(&mut automerge::sync::State::new(), decoded);
        }
    }
}

/// A saved room tells its heads without being loaded; bytes that are not
/// exactly one intact document chunk do not.
#[test]
fn a_saved_document_tells_its_heads_and_nothing_else_does() {
    let mut doc = doc_with_text(2_000);
    let mut other = doc.fork();
    doc.put(ROOT, "titel", "Kansen").unwrap();
    other.put(ROOT, "vraag", "Wat gaat goed?").unwrap();
    doc.merge(&mut other).unwrap();
    let saved = doc.save();
    let mut heads = doc.get_heads();
    heads.sort();
    assert_eq!(heads.len(), 2, "two concurrent heads");
    assert_eq!(stored_document_heads(&saved), Some(heads));

    let mut flipped = saved.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x01;
    assert_eq!(stored_document_heads(&flipped), None, "a damaged save");
    let mut appended = saved.clone();
    doc.put(ROOT, "later", 1).unwrap();
    appended.extend(doc.save_incremental());
    assert_eq!(
        stored_document_heads(&appended),
        None,
        "a save with changes after it"
    );
    assert_eq!(
        stored_document_heads(&doc.save_after(&[])),
        None,
        "changes, not a save"
    );
    assert_eq!(
        stored_document_heads(&saved[..saved.len() - 1]),
        None,
        "cut short"
    );
}
