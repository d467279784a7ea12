//! Room documents for the benches, as the server makes them
//! (`create_room_document`, so every server field and collection is
//! there) and with notes as the web client writes them.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue};
use samenbord_core::room::{RoomMeta, create_room_document};
use samenbord_protocol::gate::Author;

/// The participant whose notes the benches write.
pub const ANA: Author<'static> = Author {
    participant_id: "p-ana",
    name: "Ana",
    role: "mentor",
    voter_id: "p-ana",
};

/// Puts a note by `author` under `notes[id]`, as the web client does;
/// returns its text object.
pub fn put_note(doc: &mut AutoCommit, notes: &ObjId, id: &str, author: &Author<'_>) -> ObjId {
    let note = doc.put_object(notes, id, ObjType::Map).unwrap();
    doc.put(&note, "id", id).unwrap();
    doc.put(&note, "target", "opbrengsten").unwrap();
    let text = doc.put_object(&note, "text", ObjType::Text).unwrap();
    doc.splice_text(&text, 0, 0, "de school zou meer tijd moeten maken")
        .unwrap();
    doc.put(&note, "author_id", author.participant_id).unwrap();
    doc.put(&note, "author_name", author.name).unwrap();
    doc.put(&note, "author_role", author.role).unwrap();
    doc.put(&note, "colour", "yellow").unwrap();
    doc.put(&note, "created_at", ScalarValue::Int(1_700_000_000_000))
        .unwrap();
    doc.put(&note, "order", ScalarValue::F64(1.0)).unwrap();
    doc.put_object(&note, "votes", ObjType::Map).unwrap();
    doc.put(&note, "topic_id", ScalarValue::Null).unwrap();
    doc.put(&note, "deleted", false).unwrap();
    text
}

/// A room of `size` notes by `author`, one change per note, and the text
/// of its last note.
pub fn room(size: u64, author: &Author<'_>) -> (AutoCommit, Option<ObjId>) {
    let mut doc = create_room_document(&RoomMeta {
        session_id: "s1".into(),
        round_id: "r1".into(),
        room_id: "room-1".into(),
        template_id: "dialoogkaart".into(),
        group_label: "Groep 1".into(),
        statement: "Samen opleiden begint bij de werkplek".into(),
        initial_phase: Some("verkennen".into()),
    })
    .unwrap();
    let notes = match doc.get(ROOT, "notes").unwrap() {
        Some((_, id)) => id,
        None => doc.put_object(ROOT, "notes", ObjType::Map).unwrap(),
    };
    doc.commit();
    let mut text = None;
    for i in 0..size {
        text = Some(put_note(&mut doc, &notes, &format!("n{i}"), author));
        doc.commit();
    }
    (doc, text)
}
