//! Room fields a participant's device never writes, and those only the
//! room's leader writes:
//!
//! - the server sets what the room is (`schema`, its ids, `template_id`,
//!   `group_label`, `statement`) and whether it is `closed`: a participant
//!   who closes the room or rewrites its statement over sync would do it
//!   for everyone, behind the organiser's back;
//! - the leader's tools move the conversation on (`phase`, the deck card
//!   on the table and its `card_history`, the `pinned_question`, the
//!   `working_form`, which decides whether notes on the card start
//!   silent), as the web client offers them only to the appointed leader;
//! - the shared collections (`notes`, `topics`, `agreements`,
//!   `attachments`) are never replaced once they exist, and a note is
//!   never removed from `notes` or written over (deleting is a tombstone
//!   flag): either would hide what others typed. Setting or clearing
//!   that flag is the note's writer's or the leader's: one tap on
//!   someone else's note, or a scripted peer, would otherwise take
//!   everyone's notes out of the room and the report, with no undo for
//!   their writers. (In an anonymous session no note names its writer,
//!   so anyone may.) A note put concurrently
//!   at a key that holds one already (a device publishing a silent note
//!   the server published too) is the writer's own copy or refused: of two
//!   concurrent values the document shows one, so someone else's note
//!   would disappear behind it.

use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::{AutoCommit, ObjId as ExId, ObjType, ROOT, ReadDoc, Value};

use super::touches::{Place, Touches};
use super::{Refusal, RevealRight};

/// Written by the server only.
pub const SERVER_FIELDS: &[&str] = &[
    "schema",
    "session_id",
    "round_id",
    "room_id",
    "template_id",
    "group_label",
    "statement",
    "closed",
];

/// Written by the room's appointed leader (or the organiser) only.
pub const LEADER_FIELDS: &[&str] = &[
    "phase",
    "drawn_card",
    "card_history",
    "pinned_question",
    "working_form",
];

/// Collections that, once in the document, are never replaced.
pub const COLLECTIONS: &[&str] = &["notes", "topics", "agreements", "attachments"];

/// Whether the changes write a field the writer may not; `author_id` is
/// what the writer puts on its notes.
pub fn forbidden(
    doc: &AutoCommit,
    touches: &Touches<'_>,
    lead: RevealRight,
    author_id: &str,
) -> Option<Refusal> {
    if let Some(field) = touches.first(SERVER_FIELDS) {
        return Some(Refusal::ServerField(field));
    }
    if lead == RevealRight::MayNot
        && let Some(field) = touches.first(LEADER_FIELDS)
    {
        return Some(Refusal::LeaderField(field));
    }
    if let Some(refusal) = replaced_collection(doc, touches, author_id).map(Refusal::Replaced) {
        return Some(refusal);
    }
    if lead == RevealRight::MayNot && tombstones_others_note(doc, touches, author_id) {
        return Some(Refusal::NotYourNote);
    }
    None
}

/// Whether the changes set or clear `deleted` on a note in the document
/// whose writer is not `author_id`.
fn tombstones_others_note(doc: &AutoCommit, touches: &Touches<'_>, author_id: &str) -> bool {
    touches
        .changes()
        .iter()
        .flat_map(|change| &change.operations)
        .any(|op| match (&op.obj, &op.key) {
            (ObjectId::Id(OpId(counter, actor)), Key::Map(key)) if key == "deleted" => {
                match touches.place(*counter, actor) {
                    Place::Entry(note_key) => {
                        let id = ExId::Id(*counter, actor.clone(), usize::MAX);
                        !is_own_note(doc, note_key, &id, author_id)
                    }
                    _ => false,
                }
            }
            _ => false,
        })
}

/// Whether the object `id`, found under `key` of some map, is a note in
/// `notes` written by `author_id`; true for any object that is not a note
/// (an agreement's or an attachment's tombstone is anyone's).
fn is_own_note(doc: &AutoCommit, key: &str, id: &ExId, author_id: &str) -> bool {
    let Ok(Some((_, notes))) = doc.get(ROOT, "notes") else {
        return true;
    };
    let Ok(at_key) = doc.get_all(&notes, key) else {
        return true;
    };
    match at_key.iter().find(|(_, note)| note == id) {
        None => true,
        Some((_, note)) => writer_of(doc, note).as_deref() == Some(author_id),
    }
}

/// A note's `author_id`: a string, or a text (the JavaScript client
/// stores strings as texts).
fn writer_of(doc: &AutoCommit, note: &ExId) -> Option<String> {
    match doc.get(note, "author_id").ok()?? {
        (Value::Scalar(id), _) => id.as_str().map(str::to_owned),
        (Value::Object(ObjType::Text), text) => doc.text(&text).ok(),
        _ => None,
    }
}

/// The first collection the changes replace (a root operation on a key
/// the document already holds) or, for `notes`, remove or overwrite an
/// entry of.
fn replaced_collection(
    doc: &AutoCommit,
    touches: &Touches<'_>,
    author_id: &str,
) -> Option<&'static str> {
    for op in touches
        .changes()
        .iter()
        .flat_map(|change| &change.operations)
    {
        match (&op.obj, &op.key) {
            // Read from the document only when a change writes such a key
            // on the root: a participant's change hardly ever does.
            (ObjectId::Root, Key::Map(key)) => {
                if let Some(hit) = COLLECTIONS.iter().copied().find(|k| k == key)
                    && matches!(doc.get(ROOT, hit), Ok(Some(_)))
                {
                    return Some(hit);
                }
            }
            // Removing a note, writing over one the writer has seen, or
            // beside one that is not the writer's own.
            (ObjectId::Id(OpId(counter, actor)), Key::Map(key))
                if matches!(touches.place(*counter, actor), Place::Field(f) if f == "notes")
                    && (matches!(op.action, OpType::Delete)
                        || !op.pred.is_empty()
                        || !only_own_notes_at(doc, key, author_id)) =>
            {
                return Some("notes");
            }
            _ => {}
        }
    }
    None
}

/// Whether every note the document holds at `key` of `notes` is by
/// `author_id` (true when it holds none: a new note).
fn only_own_notes_at(doc: &AutoCommit, key: &str, author_id: &str) -> bool {
    let Ok(Some((_, notes))) = doc.get(ROOT, "notes") else {
        return true;
    };
    let Ok(existing) = doc.get_all(&notes, key) else {
        return true;
    };
    existing
        .iter()
        .all(|(_, note)| writer_of(doc, note).as_deref() == Some(author_id))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::ObjType;
    use automerge::transaction::Transactable;

    use super::*;

    /// A room as the server makes it, with one note in it.
    fn room() -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "room_id", "r1").unwrap();
        doc.put(ROOT, "statement", "Stelling 1").unwrap();
        doc.put(ROOT, "closed", false).unwrap();
        doc.put(ROOT, "phase", "verkennen").unwrap();
        doc.put_object(ROOT, "pinned_question", ObjType::Text)
            .unwrap();
        let notes = doc.put_object(ROOT, "notes", ObjType::Map).unwrap();
        let note = doc.put_object(&notes, "n-carla", ObjType::Map).unwrap();
        doc.put(&note, "deleted", false).unwrap();
        doc.put_object(ROOT, "agreements", ObjType::Map).unwrap();
        doc.commit();
        doc
    }

    fn verdict(
        server: &mut AutoCommit,
        client: &mut AutoCommit,
        lead: RevealRight,
    ) -> Option<Refusal> {
        let changes = crate::gate::decoded_since(client, &server.get_heads());
        forbidden(server, &Touches::new(server, &changes), lead, "p-ana")
    }

    #[test]
    fn no_participant_closes_the_room_or_rewrites_what_the_server_set() {
        let mut server = room();
        for lead in [RevealRight::May, RevealRight::MayNot] {
            let mut client = server.fork();
            client.put(ROOT, "closed", true).unwrap();
            assert_eq!(
                verdict(&mut server, &mut client, lead),
                Some(Refusal::ServerField("closed"))
            );

            let mut client = server.fork();
            client
                .put(ROOT, "statement", "GEFORCEERDE stelling")
                .unwrap();
            assert_eq!(
                verdict(&mut server, &mut client, lead),
                Some(Refusal::ServerField("statement"))
            );
        }
    }

    #[test]
    fn the_leaders_tools_are_the_leaders_and_everything_else_stays_open() {
        let mut server = room();
        let mut client = server.fork();
        let pinned = client.get(ROOT, "pinned_question").unwrap().unwrap().1;
        client
            .splice_text(&pinned, 0, 0, "Overgenomen vraag")
            .unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::MayNot),
            Some(Refusal::LeaderField("pinned_question"))
        );
        assert_eq!(verdict(&mut server, &mut client, RevealRight::May), None);

        let mut client = server.fork();
        client.put(ROOT, "phase", "afspraken").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::MayNot),
            Some(Refusal::LeaderField("phase"))
        );

        // The working form decides whether the card's notes start silent.
        let mut client = server.fork();
        client
            .put(ROOT, "working_form", "werkvorm-eerst-stil")
            .unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::MayNot),
            Some(Refusal::LeaderField("working_form"))
        );
        assert_eq!(verdict(&mut server, &mut client, RevealRight::May), None);

        // What every participant does: a note, an agreement.
        let mut client = server.fork();
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        let mine = client.put_object(&notes, "n-mine", ObjType::Map).unwrap();
        client.put(&mine, "deleted", false).unwrap();
        let agreements = client.get(ROOT, "agreements").unwrap().unwrap().1;
        let agreement = client.put_object(&agreements, "a1", ObjType::Map).unwrap();
        client.put(&agreement, "deleted", false).unwrap();
        assert_eq!(verdict(&mut server, &mut client, RevealRight::MayNot), None);
    }

    #[test]
    fn a_note_is_deleted_or_restored_by_its_writer_or_the_leader_only() {
        let mut server = room();
        let notes = server.get(ROOT, "notes").unwrap().unwrap().1;
        let ana = server.put_object(&notes, "n-ana", ObjType::Map).unwrap();
        // As the web client writes it: a text.
        let id = server.put_object(&ana, "author_id", ObjType::Text).unwrap();
        server.splice_text(&id, 0, 0, "p-ana").unwrap();
        server.put(&ana, "deleted", false).unwrap();
        let carla = server.get(&notes, "n-carla").unwrap().unwrap().1;
        server.put(&carla, "author_id", "p-carla").unwrap();
        server.commit();

        for deleted in [true, false] {
            // Ana (not leading) deletes or restores her own note.
            let mut client = server.fork();
            client.put(&ana, "deleted", deleted).unwrap();
            assert_eq!(verdict(&mut server, &mut client, RevealRight::MayNot), None);

            // Not Carla's: it would leave the room and the report.
            let mut client = server.fork();
            client.put(&carla, "deleted", deleted).unwrap();
            assert_eq!(
                verdict(&mut server, &mut client, RevealRight::MayNot),
                Some(Refusal::NotYourNote)
            );
            // The leader tidies the wall.
            assert_eq!(verdict(&mut server, &mut client, RevealRight::May), None);

            // Both deleted, then both restored (Automerge writes nothing
            // for a value a key already holds).
            server.put(&ana, "deleted", deleted).unwrap();
            server.put(&carla, "deleted", deleted).unwrap();
            server.commit();
        }

        // Editing, moving or grouping someone's note stays open to all.
        let mut client = server.fork();
        client.put(&carla, "target", "droom").unwrap();
        client.put(&carla, "topic_id", "t1").unwrap();
        assert_eq!(verdict(&mut server, &mut client, RevealRight::MayNot), None);

        // An agreement's tombstone is anyone's.
        let agreements = server.get(ROOT, "agreements").unwrap().unwrap().1;
        let agreement = server.put_object(&agreements, "a1", ObjType::Map).unwrap();
        server.put(&agreement, "deleted", false).unwrap();
        server.commit();
        let mut client = server.fork();
        client.put(&agreement, "deleted", true).unwrap();
        assert_eq!(verdict(&mut server, &mut client, RevealRight::MayNot), None);
    }

    #[test]
    fn notes_are_never_removed_overwritten_or_replaced_wholesale() {
        let mut server = room();
        let mut client = server.fork();
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        client.delete(&notes, "n-carla").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::May),
            Some(Refusal::Replaced("notes"))
        );

        let mut client = server.fork();
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        client.put_object(&notes, "n-carla", ObjType::Map).unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::May),
            Some(Refusal::Replaced("notes"))
        );

        let mut client = server.fork();
        client.put_object(ROOT, "notes", ObjType::Map).unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RevealRight::May),
            Some(Refusal::Replaced("notes"))
        );

        // A device that copies its own note concurrently (it had not seen
        // the server publish it under its owner's name) hides nothing.
        let mut before = AutoCommit::new();
        before.put_object(ROOT, "notes", ObjType::Map).unwrap();
        before.commit();
        let mut server = before.fork();
        let notes = server.get(ROOT, "notes").unwrap().unwrap().1;
        let published = server.put_object(&notes, "n-silent", ObjType::Map).unwrap();
        server.put(&published, "author_id", "p-ana").unwrap();
        server.commit();
        let mut copy = |author: &str| {
            let mut device = before.fork();
            let note = device.put_object(&notes, "n-silent", ObjType::Map).unwrap();
            device.put(&note, "author_id", author).unwrap();
            crate::gate::decoded_since(&mut device, &before.get_heads())
        };
        let own = copy("p-ana");
        let touches = Touches::new(&server, &own);
        assert_eq!(
            forbidden(&server, &touches, RevealRight::MayNot, "p-ana"),
            None
        );

        // Anyone else putting a note at that key concurrently would hide
        // Ana's behind theirs, whichever value Automerge shows.
        let other = copy("p-ben");
        let touches = Touches::new(&server, &other);
        assert_eq!(
            forbidden(&server, &touches, RevealRight::May, "p-ben"),
            Some(Refusal::Replaced("notes"))
        );
    }
}
