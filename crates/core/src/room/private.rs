//! Publishing silent notes. When a room's leader opens a silent question,
//! the server copies every author's private notes for it into the room —
//! authors whose device is closed or asleep included — and marks them
//! published in the author's private document. A note already in the room
//! (its author's device published it too) is left as it is, so a note is
//! never there twice: notes are keyed by id.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};

use super::edit::RoomDocError;
use super::lenient;
use super::model::Note;

const NOTES: &str = "notes";

/// The notes in a private document that are due in `room_id` now that
/// `targets` are open: not yet published, not deleted.
pub fn due_notes(private: &AutoCommit, room_id: &str, targets: &BTreeSet<String>) -> Vec<Note> {
    let Ok(Some((_, notes))) = private.get(ROOT, NOTES) else {
        return Vec::new();
    };
    let mut due = Vec::new();
    for item in private.map_range(&notes, ..) {
        let Ok(Some((_, obj))) = private.get(&notes, item.key.as_ref()) else {
            continue;
        };
        let in_room = lenient::string(private, &obj, "room_id".into()).is_ok_and(|r| r == room_id);
        let published =
            autosurgeon::hydrate_prop::<_, Option<bool>, _, _>(private, &obj, "published")
                .ok()
                .flatten()
                .unwrap_or(false);
        if !in_room || published {
            continue;
        }
        // A note that does not read as a note is left where it is.
        if let Ok(note) =
            autosurgeon::hydrate_prop::<_, Note, _, _>(private, &notes, item.key.as_ref())
            && !note.deleted
            && targets.contains(&note.target)
        {
            due.push(note);
        }
    }
    due
}

/// Copies `notes` into the room, skipping any already there; returns how
/// many were added.
pub fn publish_notes(room: &mut AutoCommit, notes: &[Note]) -> Result<usize, RoomDocError> {
    let map = match room.get(ROOT, NOTES)? {
        Some((_, map)) => map,
        None => room.put_object(ROOT, NOTES, ObjType::Map)?,
    };
    let mut added = 0;
    for note in notes {
        if room.get(&map, note.id.as_str())?.is_some() {
            continue;
        }
        let mut fresh = note.clone();
        // A text read from another document remembers that document's
        // heads; reconciled here it must start afresh.
        fresh.text = autosurgeon::Text::with_value(note.text.as_str());
        fresh.votes.clear();
        fresh.topic_id = None;
        autosurgeon::reconcile_prop(room, &map, note.id.as_str(), &fresh)?;
        added += 1;
    }
    Ok(added)
}

/// Marks `ids` published in a private document.
pub fn mark_published(private: &mut AutoCommit, ids: &[String]) -> Result<(), RoomDocError> {
    let Some((_, notes)) = private.get(ROOT, NOTES)? else {
        return Ok(());
    };
    for id in ids {
        if let Some((_, note)) = private.get(&notes, id.as_str())? {
            private.put(&note, "published", true)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::room::{RoomMeta, create_room_document, read_room};

    fn private_with(id: &str, room_id: &str, target: &str, published: bool) -> AutoCommit {
        let mut doc = AutoCommit::new();
        let notes = doc.put_object(ROOT, NOTES, ObjType::Map).unwrap();
        let note = doc.put_object(&notes, id, ObjType::Map).unwrap();
        doc.put(&note, "id", id).unwrap();
        doc.put(&note, "target", target).unwrap();
        let text = doc.put_object(&note, "text", ObjType::Text).unwrap();
        doc.splice_text(&text, 0, 0, "Stil idee").unwrap();
        for (key, value) in [
            ("author_id", "p-ana"),
            ("author_name", "Ana"),
            ("author_role", "mentor"),
            ("colour", "yellow"),
            ("room_id", room_id),
        ] {
            doc.put(&note, key, value).unwrap();
        }
        doc.put(&note, "created_at", 1_i64).unwrap();
        doc.put(&note, "order", 1.0).unwrap();
        doc.put_object(&note, "votes", ObjType::Map).unwrap();
        doc.put(&note, "topic_id", automerge::ScalarValue::Null)
            .unwrap();
        doc.put(&note, "deleted", false).unwrap();
        doc.put(&note, "published", published).unwrap();
        doc
    }

    fn room() -> AutoCommit {
        create_room_document(&RoomMeta {
            session_id: "s".into(),
            round_id: "r".into(),
            room_id: "g1".into(),
            template_id: "t".into(),
            group_label: "G".into(),
            statement: String::new(),
            initial_phase: None,
        })
        .unwrap()
    }

    #[test]
    fn open_targets_publish_once_and_only_in_their_room() {
        let open: BTreeSet<String> = ["stil".to_owned()].into();
        let private = private_with("n1", "g1", "stil", false);
        assert!(due_notes(&private, "g2", &open).is_empty(), "another room");
        assert!(
            due_notes(&private, "g1", &BTreeSet::new()).is_empty(),
            "not open"
        );
        assert!(due_notes(&private_with("n1", "g1", "stil", true), "g1", &open).is_empty());
        let due = due_notes(&private, "g1", &open);
        assert_eq!(due.len(), 1);

        let mut room = room();
        assert_eq!(publish_notes(&mut room, &due).unwrap(), 1);
        assert_eq!(publish_notes(&mut room, &due).unwrap(), 0, "never twice");
        let read = read_room(&room).unwrap();
        assert_eq!(read.notes["n1"].text.as_str(), "Stil idee");
        assert_eq!(read.notes["n1"].author_name, "Ana");

        let mut private = private;
        mark_published(&mut private, &["n1".to_owned()]).unwrap();
        assert!(due_notes(&private, "g1", &open).is_empty());
    }
}
