//! Late typing: words typed offline (or in the last second) before the
//! round ended reach the server after its room closed. Nothing typed is
//! lost: a sync message to a closed room that only *adds* notes by its
//! sender, or only types into the text of notes its sender wrote, is
//! applied, and the server marks each such note `late` so its author is
//! told and the summary shows it as late. Any other change to a closed
//! room (a vote, a move, a delete, someone else's note) is still refused.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc};

const NOTES: &str = "notes";
/// Most late notes one sync message may bring; more looks like a script.
pub const MAX_LATE_NOTES: usize = 50;

/// The ids of the notes `after` (a fork of the room at `before_heads`, with
/// the message applied) added or typed into, if adding notes by `author`
/// and typing into the text of `author`'s notes is all the message did.
/// `author` is the id its sender writes on notes ("" when anonymous).
pub fn own_typing_only(
    after: &mut AutoCommit,
    before_heads: &[ChangeHash],
    author: &str,
) -> Option<Vec<String>> {
    let notes = notes_map(after)?;
    let existed: Vec<String> = after.keys_at(&notes, before_heads).collect();
    let after_heads = after.get_heads();
    let patches = after.diff(before_heads, &after_heads);
    let mut touched: Vec<String> = Vec::new();
    for patch in &patches {
        let new_id = |key: &str| !existed.iter().any(|k| k == key);
        let key = match note_of(patch, &notes) {
            Some((key, _)) if new_id(&key) => key,
            // In an anonymous session every note's author is "": nothing
            // tells whose a note is, so only new notes are kept late.
            Some((key, NotePart::Text)) if !author.is_empty() => key,
            _ => return None,
        };
        if !touched.contains(&key) {
            touched.push(key);
        }
    }
    // `author_id` cannot change once written (the gate refuses it), so the
    // note's author after the message is who wrote it before.
    let theirs = touched
        .iter()
        .all(|id| text_at(after, &notes, id, "author_id").as_deref() == Some(author));
    (theirs && !touched.is_empty() && touched.len() <= MAX_LATE_NOTES).then_some(touched)
}

/// Which part of one note a patch is about.
enum NotePart {
    /// The characters of its `text`.
    Text,
    /// The note itself, any other field, or something deeper.
    Other,
}

/// A string field of a note, written as a scalar or as text.
fn text_at(doc: &AutoCommit, notes: &ObjId, id: &str, field: &str) -> Option<String> {
    let (_, note) = doc.get(notes, id).ok()??;
    match doc.get(&note, field).ok()?? {
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            automerge::ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        (automerge::Value::Object(ObjType::Text), text) => doc.text(&text).ok(),
        _ => None,
    }
}

/// The note key a patch is about, and which part of it; `None` if it is
/// not about one note.
fn note_of(patch: &Patch, notes: &ObjId) -> Option<(String, NotePart)> {
    if &patch.obj == notes {
        return match &patch.action {
            PatchAction::PutMap { key, .. } => Some((key.clone(), NotePart::Other)),
            _ => None,
        };
    }
    let key = match patch.path.get(1) {
        Some((parent, Prop::Map(key))) if parent == notes => key.clone(),
        _ => return None,
    };
    // Typing splices into the text object itself: the patch's path ends at
    // the note's `text`, and the action is a splice or a deletion in it.
    let typing = patch.path.len() == 3
        && matches!(patch.path.get(2), Some((_, Prop::Map(field))) if field == "text")
        && matches!(
            patch.action,
            PatchAction::SpliceText { .. } | PatchAction::DeleteSeq { .. }
        );
    Some((
        key,
        if typing {
            NotePart::Text
        } else {
            NotePart::Other
        },
    ))
}

fn notes_map(doc: &AutoCommit) -> Option<ObjId> {
    match doc.get(ROOT, NOTES).ok()?? {
        (automerge::Value::Object(ObjType::Map), id) => Some(id),
        _ => None,
    }
}

/// Marks each of `ids` late, as the server's own change.
pub fn mark_late(doc: &mut AutoCommit, ids: &[String]) {
    let Some(notes) = notes_map(doc) else {
        return;
    };
    for id in ids {
        if let Ok(Some((automerge::Value::Object(ObjType::Map), note))) =
            doc.get(&notes, id.as_str())
        {
            let _ = doc.put(&note, "late", true);
        }
    }
    doc.commit();
}
