//! No text in a room document grows beyond [`MAX_TEXT_CHARS`], and no
//! string value is longer: one pasted megabyte in a note made every
//! device's board hundreds of thousands of pixels tall and kept the
//! server busy for minutes. The web client stops typing at the same
//! bound (generated into `web/src/generated/limits.ts`), so only a
//! hostile device ever meets this refusal.

use std::collections::HashMap;

use automerge::legacy::{ObjectId, OpId, OpType};
use automerge::{ActorId, AutoCommit, ExpandedChange, ObjId, ReadDoc, ScalarValue};

use super::Refusal;

pub use samenbord_core::room::MAX_TEXT_CHARS;

/// Refuses changes that make a text or a string longer than the bound.
pub fn check(doc: &AutoCommit, changes: &[ExpandedChange]) -> Result<(), Refusal> {
    // Per object written: characters inserted minus characters deleted.
    let mut grown: HashMap<(u64, ActorId), i64> = HashMap::new();
    for change in changes {
        let expanded = change;
        for op in &expanded.operations {
            let ObjectId::Id(OpId(counter, actor)) = &op.obj else {
                if let OpType::Put(ScalarValue::Str(s)) = &op.action
                    && s.chars().count() > MAX_TEXT_CHARS
                {
                    return Err(Refusal::TooLong);
                }
                continue;
            };
            let delta = match &op.action {
                OpType::Put(ScalarValue::Str(s)) if op.insert => s.chars().count() as i64,
                OpType::Put(ScalarValue::Str(s)) => {
                    if s.chars().count() > MAX_TEXT_CHARS {
                        return Err(Refusal::TooLong);
                    }
                    continue;
                }
                OpType::Delete => -1,
                _ => continue,
            };
            *grown.entry((*counter, actor.clone())).or_insert(0) += delta;
        }
    }
    for ((counter, actor), delta) in grown {
        if delta <= 0 {
            continue;
        }
        // An object made in this message is not in the document yet: it
        // starts empty. The actor index is only a lookup hint.
        let id = ObjId::Id(counter, actor, usize::MAX);
        let before = doc.length(&id) as i64;
        if before + delta > MAX_TEXT_CHARS as i64 {
            return Err(Refusal::TooLong);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT};

    use super::*;

    fn verdict(server: &mut AutoCommit, client: &mut AutoCommit) -> Result<(), Refusal> {
        let changes = crate::gate::decoded_since(client, &server.get_heads());
        check(server, &changes)
    }

    #[test]
    fn a_text_grows_to_the_bound_and_no_further() {
        let mut server = AutoCommit::new();
        let text = server.put_object(ROOT, "text", ObjType::Text).unwrap();
        server
            .splice_text(&text, 0, 0, &"a".repeat(MAX_TEXT_CHARS - 10))
            .unwrap();
        server.commit();

        let mut client = server.fork();
        client.splice_text(&text, 0, 0, &"b".repeat(10)).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Ok(()), "up to the bound");

        let mut client = server.fork();
        client.splice_text(&text, 0, 0, &"b".repeat(11)).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Err(Refusal::TooLong));

        // Replacing text at the bound is fine: deletions count.
        let mut client = server.fork();
        client.splice_text(&text, 0, 20, &"c".repeat(25)).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Ok(()));
    }

    #[test]
    fn a_pasted_megabyte_is_refused_as_a_new_text_or_a_string() {
        let mut server = AutoCommit::new();
        let mut client = server.fork();
        let notes = client.put_object(ROOT, "notes", ObjType::Map).unwrap();
        let note = client.put_object(&notes, "n1", ObjType::Map).unwrap();
        let text = client.put_object(&note, "text", ObjType::Text).unwrap();
        client
            .splice_text(&text, 0, 0, &"x".repeat(1_000_000))
            .unwrap();
        assert_eq!(verdict(&mut server, &mut client), Err(Refusal::TooLong));

        let mut client = server.fork();
        client
            .put(ROOT, "working_form", "y".repeat(MAX_TEXT_CHARS + 1))
            .unwrap();
        assert_eq!(verdict(&mut server, &mut client), Err(Refusal::TooLong));
    }
}
