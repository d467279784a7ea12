//! The edits a simulated participant makes, in the room-document schema
//! (docs/room-document.md): add a note, type into one's own note. Every
//! commit carries a stamp `lg|<author>|<micros>` as its message, which is
//! how a receiving peer recognises the change and measures its latency.

use std::collections::BTreeSet;

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};

use crate::LoadError;

const STAMP_PREFIX: &str = "lg|";
const TARGETS: [&str; 5] = [
    "opbrengsten",
    "succesfactoren",
    "kansen",
    "uitdagingen",
    "ontwikkelvragen",
];
const WORDS: [&str; 8] = [
    "samen ",
    "opleiden ",
    "leerwerkplek ",
    "mentor ",
    "begeleiding ",
    "visie ",
    "schoolleider ",
    "kwaliteit ",
];

/// The commit message that identifies a generated change.
pub fn stamp(author: u32, t_us: u64) -> String {
    format!("{STAMP_PREFIX}{author}|{t_us}")
}

/// The author and send time of a generated change.
pub fn parse_stamp(message: &str) -> Option<(u32, u64)> {
    let rest = message.strip_prefix(STAMP_PREFIX)?;
    let (author, t) = rest.split_once('|')?;
    Some((author.parse().ok()?, t.parse().ok()?))
}

/// The first content of a room a client creates (the reference server has
/// no rooms of its own): the schema version and an empty notes map.
pub fn init_room(doc: &mut AutoCommit) -> Result<(), LoadError> {
    doc.put(ROOT, "schema", 1)?;
    doc.put_object(ROOT, "notes", ObjType::Map)?;
    doc.put(ROOT, "closed", false)?;
    doc.commit_with(CommitOptions::default().with_message("lg|init"));
    Ok(())
}

/// The `notes` map, once the room document has arrived.
pub fn notes_map(doc: &AutoCommit) -> Option<ObjId> {
    match doc.get(ROOT, "notes") {
        Ok(Some((Value::Object(ObjType::Map), id))) => Some(id),
        _ => None,
    }
}

/// Who a generated note is by. Our server refuses a note that carries
/// anyone's identity but its writer's, so with our server this is the
/// participant the peer's token belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteAuthor {
    pub id: String,
    pub name: String,
}

impl NoteAuthor {
    /// A made-up author, for documents no server checks.
    pub fn synthetic(n: u64) -> Self {
        Self {
            id: format!("p{n}"),
            name: format!("p{n}"),
        }
    }
}

/// Puts a note with `text` under `notes[id]`; returns its text object.
/// The caller commits.
pub fn put_note(
    doc: &mut AutoCommit,
    notes: &ObjId,
    id: &str,
    author: &NoteAuthor,
    text: &str,
    order: u64,
) -> Result<ObjId, LoadError> {
    let note = doc.put_object(notes, id, ObjType::Map)?;
    doc.put(&note, "id", id)?;
    doc.put(&note, "target", TARGETS[(order % 5) as usize])?;
    let text_obj = doc.put_object(&note, "text", ObjType::Text)?;
    doc.splice_text(&text_obj, 0, 0, text)?;
    doc.put(&note, "author_id", author.id.as_str())?;
    doc.put(&note, "author_name", author.name.as_str())?;
    doc.put(&note, "author_role", "school-leader")?;
    doc.put(&note, "colour", "yellow")?;
    doc.put(
        &note,
        "created_at",
        ScalarValue::Int(1_700_000_000_000 + order as i64),
    )?;
    doc.put(&note, "order", ScalarValue::F64(order as f64))?;
    doc.put_object(&note, "votes", ObjType::Map)?;
    doc.put(&note, "topic_id", ScalarValue::Null)?;
    doc.put(&note, "deleted", false)?;
    Ok(text_obj)
}

/// Adds one note and commits it with a stamp.
pub fn add_note(
    doc: &mut AutoCommit,
    notes: &ObjId,
    id: &str,
    who: &NoteAuthor,
    author: u32,
    t_us: u64,
) -> Result<ObjId, LoadError> {
    let word = WORDS[(t_us % WORDS.len() as u64) as usize];
    let text = put_note(doc, notes, id, who, word, t_us)?;
    doc.commit_with(CommitOptions::default().with_message(stamp(author, t_us)));
    Ok(text)
}

/// Types one word at the end of a note and commits it with a stamp.
pub fn type_into(
    doc: &mut AutoCommit,
    text: &ObjId,
    author: u32,
    t_us: u64,
) -> Result<(), LoadError> {
    let end = doc.length(text);
    let word = WORDS[(t_us % WORDS.len() as u64) as usize];
    doc.splice_text(text, end, 0, word)?;
    doc.commit_with(CommitOptions::default().with_message(stamp(author, t_us)));
    Ok(())
}

/// The ids of every note in the room.
pub fn note_ids(doc: &AutoCommit) -> BTreeSet<String> {
    match notes_map(doc) {
        Some(notes) => doc.keys(&notes).collect(),
        None => BTreeSet::new(),
    }
}

/// A room of `count` notes with realistic texts, committed in batches of
/// 100 (as a busy day would leave it).
pub fn big_room(count: u64) -> Result<AutoCommit, LoadError> {
    let mut doc = AutoCommit::new();
    init_room(&mut doc)?;
    let notes = notes_map(&doc).ok_or(LoadError::Timeout("notes map"))?;
    for i in 0..count {
        let text = format!(
            "Opmerking {i}: de {}school zou meer tijd voor {}moeten maken",
            WORDS[(i % 8) as usize],
            WORDS[((i / 8) % 8) as usize]
        );
        put_note(
            &mut doc,
            &notes,
            &format!("n{i}"),
            &NoteAuthor::synthetic(i % 10),
            &text,
            i,
        )?;
        if i % 100 == 99 {
            doc.commit();
        }
    }
    doc.commit();
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_and_notes_are_readable() {
        assert_eq!(parse_stamp(&stamp(7, 123_456)), Some((7, 123_456)));
        assert_eq!(parse_stamp("lg|init"), None);
        let mut doc = AutoCommit::new();
        init_room(&mut doc).unwrap();
        let notes = notes_map(&doc).unwrap();
        let text = add_note(&mut doc, &notes, "a", &NoteAuthor::synthetic(1), 1, 10).unwrap();
        type_into(&mut doc, &text, 1, 11).unwrap();
        assert_eq!(note_ids(&doc).len(), 1);
        assert!(doc.text(&text).unwrap().len() > 4);
        assert_eq!(note_ids(&big_room(250).unwrap()).len(), 250);
    }
}
