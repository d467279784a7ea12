//! The conversation roles of a room (`roles`: procesbegeleider,
//! verslaglegger, …) and the note-taker's `record`:
//!
//! - `roles` is written only by the server, when the organiser or the
//!   room's appointed leader assigns a role through the API (which checks
//!   who may and that the person sits in the room); no participant
//!   changes it over sync, the leader included;
//! - `record` is written only by whoever holds one of the card's
//!   note-taker roles (and by the organiser).

use automerge::{AutoCommit, ROOT, ReadDoc, Value};

use super::touches::Touches;

/// The room document's key for who holds which role.
pub const ROLES: &str = "roles";
/// The room document's key for the note-taker's record.
pub const RECORD: &str = "record";

/// Whether the writer may write the room's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRight {
    May,
    MayNot,
}

/// The card the room document is on (`template_id`, written by the
/// server when it creates the room).
pub fn template_id(doc: &AutoCommit) -> Option<String> {
    match doc.get(ROOT, "template_id").ok()?? {
        (Value::Scalar(v), _) => v.as_str().map(str::to_owned),
        (Value::Object(_), id) => doc.text(&id).ok(),
    }
}

/// Whether `participant_id` holds one of `note_takers` (the card's
/// note-taker role ids) in `doc` now.
pub fn record_right(doc: &AutoCommit, note_takers: &[String], participant_id: &str) -> RecordRight {
    let Ok(Some((_, roles))) = doc.get(ROOT, ROLES) else {
        return RecordRight::MayNot;
    };
    let holds = note_takers.iter().any(|role| {
        matches!(doc.get(&roles, role.as_str()), Ok(Some((Value::Scalar(v), _)))
            if v.as_str() == Some(participant_id))
    });
    if holds && !participant_id.is_empty() {
        RecordRight::May
    } else {
        RecordRight::MayNot
    }
}

/// Whether `touches` changes `roles`, or `record` without the right.
pub fn forbidden(touches: &Touches<'_>, record: RecordRight) -> Option<super::Refusal> {
    if touches.key(ROLES) {
        return Some(super::Refusal::RolesByServer);
    }
    if record == RecordRight::MayNot && touches.key(RECORD) {
        return Some(super::Refusal::NotNoteTaker);
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::ObjType;
    use automerge::transaction::Transactable;

    use super::*;

    fn room_with_note_taker(holder: &str) -> AutoCommit {
        let mut doc = AutoCommit::new();
        let roles = doc.put_object(ROOT, ROLES, ObjType::Map).unwrap();
        doc.put(&roles, "verslaglegger", holder).unwrap();
        doc.put(&roles, "procesbegeleider", "p-ana").unwrap();
        doc.put_object(ROOT, RECORD, ObjType::Text).unwrap();
        doc.commit();
        doc
    }

    fn verdict(
        server: &mut AutoCommit,
        client: &mut AutoCommit,
        record: RecordRight,
    ) -> Option<super::super::Refusal> {
        let changes = crate::gate::decoded_since(client, &server.get_heads());
        let touches = Touches::new(server, &changes);
        forbidden(&touches, record)
    }

    #[test]
    fn only_the_note_taker_holds_the_record_right() {
        let doc = room_with_note_taker("p-ben");
        let takers = ["verslaglegger".to_owned()];
        assert_eq!(record_right(&doc, &takers, "p-ben"), RecordRight::May);
        assert_eq!(record_right(&doc, &takers, "p-ana"), RecordRight::MayNot);
        assert_eq!(record_right(&doc, &[], "p-ben"), RecordRight::MayNot);
        assert_eq!(
            record_right(&AutoCommit::new(), &takers, "p-ben"),
            RecordRight::MayNot
        );
    }

    #[test]
    fn roles_are_never_written_over_sync_and_the_record_only_with_the_right() {
        use super::super::Refusal;
        let mut server = room_with_note_taker("p-ben");
        let mut client = server.fork();
        let roles = client.get(ROOT, ROLES).unwrap().unwrap().1;
        client.put(&roles, "verslaglegger", "p-ana").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RecordRight::May),
            Some(Refusal::RolesByServer)
        );

        let mut client = server.fork();
        client.put_object(ROOT, ROLES, ObjType::Map).unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RecordRight::May),
            Some(Refusal::RolesByServer)
        );

        let mut client = server.fork();
        let record = client.get(ROOT, RECORD).unwrap().unwrap().1;
        client.splice_text(&record, 0, 0, "Verslag").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RecordRight::MayNot),
            Some(Refusal::NotNoteTaker)
        );
        assert_eq!(verdict(&mut server, &mut client, RecordRight::May), None);

        let mut client = server.fork();
        client.put(ROOT, RECORD, "overschreven").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RecordRight::MayNot),
            Some(Refusal::NotNoteTaker)
        );

        let mut client = server.fork();
        client.put(ROOT, "phase", "check-out").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client, RecordRight::MayNot),
            None,
            "other fields are free"
        );
    }
}
