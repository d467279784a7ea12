//! Late notes: a note typed offline just before the round ended reaches
//! the server after its room closed. Nothing typed is lost: a sync message
//! to a closed room that only *adds* notes (new ids under `notes`, nothing
//! else touched) is applied, and the server marks each added note `late`
//! so its author is told and the summary shows it as late. Any other
//! change to a closed room is still refused.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc};

const NOTES: &str = "notes";
/// Most late notes one sync message may bring; more looks like a script.
pub const MAX_LATE_NOTES: usize = 50;

/// The ids of the notes `after` (a fork of the room at `before_heads`, with
/// the message applied) added, if adding notes by `author` is all the
/// message did.
pub fn added_notes_only(
    after: &mut AutoCommit,
    before_heads: &[ChangeHash],
    author: &str,
) -> Option<Vec<String>> {
    let notes = notes_map(after)?;
    let existed: Vec<String> = after.keys_at(&notes, before_heads).collect();
    let after_heads = after.get_heads();
    let patches = after.diff(before_heads, &after_heads);
    let mut added = Vec::new();
    for patch in &patches {
        let new_id = |key: &str| !existed.iter().any(|k| k == key);
        match note_of(patch, &notes) {
            Some((key, true)) if new_id(&key) => {
                if !added.contains(&key) {
                    added.push(key);
                }
            }
            Some((key, false)) if new_id(&key) => {}
            _ => return None,
        }
    }
    let theirs = added
        .iter()
        .all(|id| text_at(after, &notes, id, "author_id").as_deref() == Some(author));
    (theirs && !added.is_empty() && added.len() <= MAX_LATE_NOTES).then_some(added)
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

/// The note key a patch is about, and whether it puts the note itself
/// (rather than something inside it); `None` if it is not about one note.
fn note_of(patch: &Patch, notes: &ObjId) -> Option<(String, bool)> {
    if &patch.obj == notes {
        return match &patch.action {
            PatchAction::PutMap { key, .. } => Some((key.clone(), true)),
            _ => None,
        };
    }
    match patch.path.get(1) {
        Some((parent, Prop::Map(key))) if parent == notes => Some((key.clone(), false)),
        _ => None,
    }
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
