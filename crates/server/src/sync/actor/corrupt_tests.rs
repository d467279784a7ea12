//! A document with one bad chunk keeps what is still readable: the notes
//! in the good chunks load, the bad chunk is skipped.

use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc};

use super::load_readable;

#[test]
fn a_bad_chunk_costs_only_itself() {
    let mut doc = automerge::AutoCommit::new();
    doc.put(ROOT, "eerste", "blijft").unwrap();
    let first = doc.save();
    let heads = doc.get_heads();
    doc.put(ROOT, "tweede", "blijft ook").unwrap();
    let second = doc.save_after(&heads);
    let mut bad = second.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    let mut garbage = b"geen automerge".to_vec();
    garbage.extend_from_slice(&bad);

    let whole: Vec<u8> = [first.clone(), garbage.clone(), second.clone()].concat();
    assert!(
        automerge::AutoCommit::load(&whole).is_err(),
        "together they do not load"
    );

    let (kept, skipped) = load_readable(&[first, garbage, second]).unwrap();
    assert_eq!(skipped, 1, "the bad chunk is counted");
    assert_eq!(
        kept.get(ROOT, "eerste").unwrap().unwrap().0.to_string(),
        "\"blijft\""
    );
    assert!(
        kept.get(ROOT, "tweede").unwrap().is_some(),
        "the good chunk after the bad one too"
    );
    assert!(load_readable(&[b"kapot".to_vec()]).is_none());
}

#[test]
fn bytes_that_are_no_chunk_at_all_are_counted_as_unreadable() {
    let mut doc = automerge::AutoCommit::new();
    doc.put(ROOT, "eerste", "blijft").unwrap();
    let first = doc.save();
    let whole: Vec<u8> = [first.clone(), b"kapot: geen automerge".to_vec()].concat();
    assert!(automerge::AutoCommit::load(&whole).is_err());
    let (_, skipped) = load_readable(&[first, b"kapot: geen automerge".to_vec()]).unwrap();
    assert_eq!(skipped, 1);
}
