//! A note carries its writer's own identity, and a vote is the voter's
//! own. Room documents are written by clients, so the server reads each
//! new change's operations before applying them:
//!
//! - `author_id`, `author_name` and `author_role` (on any object: only
//!   notes have them) may only be written once, as the writer's own
//!   values — as a string, or as a new text whose inserted characters
//!   spell it (the JavaScript client stores strings as text), and only on
//!   an object made in the same message (a new note): an existing note's
//!   author is never rewritten, not even to the writer's own name, and
//!   an existing author text is never edited;
//! - inside a `votes` map only the writer's own participant id is a key,
//!   and an existing note's `votes` map is never replaced or removed.
//!
//! In an anonymous session the writer's "own" id and name are empty, so
//! nothing in the room links a note to a person.

use std::collections::HashMap;

use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::{ActorId, ObjType, ScalarValue};

use super::touches::{Place, Touches};

const VOTES: &str = "votes";

/// The identity a writer may put on its notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author<'a> {
    /// Empty in anonymous sessions.
    pub participant_id: &'a str,
    /// Empty in anonymous sessions.
    pub name: &'a str,
    /// A `ParticipantRole` key.
    pub role: &'a str,
    /// Whose votes the writer casts: always its participant id.
    pub voter_id: &'a str,
}

impl Author<'_> {
    fn own(&self, field: Field) -> &str {
        match field {
            Field::Id => self.participant_id,
            Field::Name => self.name,
            Field::Role => self.role,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Id,
    Name,
    Role,
}

impl Field {
    fn from_key(key: &str) -> Option<Self> {
        match key {
            "author_id" => Some(Self::Id),
            "author_name" => Some(Self::Name),
            "author_role" => Some(Self::Role),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Id => "author_id",
            Self::Name => "author_name",
            Self::Role => "author_role",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Forgery {
    #[error("a note may only carry its writer's own {}", .0.key())]
    Identity(Field),
    #[error("a vote may only be the voter's own")]
    Vote,
    #[error("changes that cannot be read are refused")]
    Unreadable,
}

/// What an object is, as far as this check cares.
#[derive(Debug, Clone)]
enum Kind {
    /// An author text created in this message, with what it spells so far.
    NewAuthorText(Field, String),
    /// An author text already in the document: never edited.
    OldAuthorText(Field),
    Votes,
    /// An object made in this message: a new note may carry an identity.
    New,
    /// The root or an object already in the document: a note already
    /// there never gets another identity or another votes map.
    Other,
}

/// Checks every operation of the changes (those the document lacks)
/// against `author`.
pub fn check(touches: &Touches<'_>, author: &Author<'_>) -> Result<(), Forgery> {
    let mut kinds: HashMap<(u64, ActorId), Kind> = HashMap::new();
    for change in touches.changes() {
        let expanded = change;
        let actor = expanded.actor_id.clone();
        for (offset, op) in expanded.operations.iter().enumerate() {
            let counter = expanded.start_op.get().saturating_add(offset as u64);
            let kind = match &op.obj {
                ObjectId::Root => Kind::Other,
                ObjectId::Id(OpId(c, a)) => match kinds.get(&(*c, a.clone())) {
                    Some(kind) => kind.clone(),
                    None => {
                        let kind = existing_kind(touches.place(*c, a))?;
                        kinds.insert((*c, a.clone()), kind.clone());
                        kind
                    }
                },
            };
            let made = match &op.action {
                OpType::Make(typ) => Some(*typ),
                _ => None,
            };
            match kind {
                Kind::OldAuthorText(field) => return Err(Forgery::Identity(field)),
                Kind::NewAuthorText(field, mut spelled) => match (&op.action, op.insert) {
                    (OpType::Put(ScalarValue::Str(s)), true) => {
                        spelled.push_str(s);
                        if let ObjectId::Id(OpId(c, a)) = &op.obj {
                            kinds.insert((*c, a.clone()), Kind::NewAuthorText(field, spelled));
                        }
                    }
                    _ => return Err(Forgery::Identity(field)),
                },
                Kind::Votes => {
                    if !matches!(&op.key, Key::Map(key) if key == author.voter_id) {
                        return Err(Forgery::Vote);
                    }
                }
                Kind::New => {
                    if let Key::Map(key) = &op.key
                        && let Some(field) = Field::from_key(key)
                    {
                        match &op.action {
                            OpType::Put(ScalarValue::Str(s)) if s == author.own(field) => {}
                            OpType::Make(ObjType::Text) => {}
                            _ => return Err(Forgery::Identity(field)),
                        }
                    }
                }
                Kind::Other => {
                    if let Key::Map(key) = &op.key {
                        if let Some(field) = Field::from_key(key) {
                            return Err(Forgery::Identity(field));
                        }
                        if key == VOTES {
                            return Err(Forgery::Vote);
                        }
                    }
                }
            }
            if let Some(typ) = made {
                let key = match &op.key {
                    Key::Map(key) => Some(key.as_str()),
                    Key::Seq(_) => None,
                };
                let kind = match (typ, key.and_then(Field::from_key), key) {
                    (ObjType::Text, Some(field), _) => Kind::NewAuthorText(field, String::new()),
                    (ObjType::Map, None, Some(VOTES)) => Kind::Votes,
                    _ => Kind::New,
                };
                kinds.insert((counter, actor.clone()), kind);
            }
        }
    }
    // The first wrong field in a fixed order, so the error is stable.
    let wrong = kinds
        .values()
        .filter_map(|kind| match kind {
            Kind::NewAuthorText(field, spelled) if spelled != author.own(*field) => Some(*field),
            _ => None,
        })
        .min();
    match wrong {
        Some(field) => Err(Forgery::Identity(field)),
        None => Ok(()),
    }
}

/// What an object already in the document is, from the key it sits
/// under. An object neither in the document nor made earlier in the
/// message is refused: a change comes after what it builds on.
fn existing_kind(place: &Place) -> Result<Kind, Forgery> {
    Ok(match place {
        Place::Absent => return Err(Forgery::Unreadable),
        Place::Field(key) | Place::Entry(key) if key == VOTES => Kind::Votes,
        Place::Field(key) | Place::Entry(key) => match Field::from_key(key) {
            Some(field) => Kind::OldAuthorText(field),
            None => Kind::Other,
        },
        Place::Element => Kind::Other,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT, ReadDoc};

    use super::*;

    const ANA: Author<'static> = Author {
        participant_id: "p-ana",
        name: "Ana",
        role: "mentor",
        voter_id: "p-ana",
    };

    fn room() -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.put_object(ROOT, "notes", ObjType::Map).unwrap();
        doc.commit();
        doc
    }

    /// A note whose identity is written as text, the JavaScript way.
    fn note_as_text(doc: &mut AutoCommit, id: &str, author_id: &str, name: &str) {
        let notes = doc.get(ROOT, "notes").unwrap().unwrap().1;
        let note = doc.put_object(&notes, id, ObjType::Map).unwrap();
        for (key, value) in [
            ("author_id", author_id),
            ("author_name", name),
            ("author_role", "mentor"),
        ] {
            let text = doc.put_object(&note, key, ObjType::Text).unwrap();
            doc.splice_text(&text, 0, 0, value).unwrap();
        }
        doc.put_object(&note, VOTES, ObjType::Map).unwrap();
    }

    /// `server`'s verdict on what `client` added since it forked.
    fn verdict(server: &mut AutoCommit, client: &mut AutoCommit) -> Result<(), Forgery> {
        let changes = crate::gate::decoded_since(client, &server.get_heads());
        check(&Touches::new(server, &changes), &ANA)
    }

    #[test]
    fn an_identity_written_as_text_must_spell_the_writer() {
        let mut server = room();
        let mut client = server.fork();
        note_as_text(&mut client, "n1", "p-ana", "Ana");
        assert_eq!(verdict(&mut server, &mut client), Ok(()));

        let mut forger = server.fork();
        note_as_text(&mut forger, "n2", "p-ben", "Ben");
        assert_eq!(
            verdict(&mut server, &mut forger),
            Err(Forgery::Identity(Field::Id))
        );
    }

    #[test]
    fn an_existing_author_text_is_never_edited_and_votes_are_ones_own() {
        let mut server = room();
        let mut ben = server.fork();
        note_as_text(&mut ben, "n-ben", "p-ben", "Ben");
        server.merge(&mut ben).unwrap();

        let mut client = server.fork();
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        let note = client.get(&notes, "n-ben").unwrap().unwrap().1;
        let name = client.get(&note, "author_name").unwrap().unwrap().1;
        client.splice_text(&name, 0, 3, "Ana").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client),
            Err(Forgery::Identity(Field::Name))
        );

        let mut voter = server.fork();
        let votes = voter.get(&note, VOTES).unwrap().unwrap().1;
        voter.put(&votes, "p-ana", true).unwrap();
        assert_eq!(verdict(&mut server, &mut voter), Ok(()));
        voter.put(&votes, "p-cas", true).unwrap();
        assert_eq!(verdict(&mut server, &mut voter), Err(Forgery::Vote));
    }

    #[test]
    fn an_existing_note_never_takes_the_writers_identity_nor_loses_its_votes() {
        let mut server = room();
        let mut ben = server.fork();
        note_as_text(&mut ben, "n-ben", "p-ben", "Ben");
        server.merge(&mut ben).unwrap();
        let notes = server.get(ROOT, "notes").unwrap().unwrap().1;
        let note = server.get(&notes, "n-ben").unwrap().unwrap().1;

        // Ana's own name, written over Ben's note as a plain string.
        let mut client = server.fork();
        client.put(&note, "author_name", "Ana").unwrap();
        assert_eq!(
            verdict(&mut server, &mut client),
            Err(Forgery::Identity(Field::Name))
        );

        // Everyone's +1s dropped by replacing or removing the map.
        let mut client = server.fork();
        client.put_object(&note, VOTES, ObjType::Map).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Err(Forgery::Vote));
        let mut client = server.fork();
        client.delete(&note, VOTES).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Err(Forgery::Vote));

        // Moving or tombstoning the note is no forgery (who may tombstone
        // a note is `fields`' to decide).
        let mut client = server.fork();
        client.put(&note, "target", "kansen").unwrap();
        client.put(&note, "deleted", true).unwrap();
        assert_eq!(verdict(&mut server, &mut client), Ok(()));
    }
}
