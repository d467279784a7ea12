//! Which top-level fields of a room document a batch of decoded changes
//! writes: an operation on the root under the field's key, on an object
//! stored there (a map's entries, a text's characters; making an object
//! inside one is such an operation).
//!
//! Where each object the changes write sits is looked up once per
//! message, however many fields the checks ask about: asking the root for
//! every field's objects was a third of the gate's cost.

use automerge::legacy::{Key, ObjectId, OpId};
use automerge::{ActorId, AutoCommit, ExpandedChange, ObjId, Prop, ReadDoc};

/// Where an object that an operation writes sits in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The object a top-level field holds (current or overwritten).
    Field(String),
    /// Under a key of a map that is not the root.
    Entry(String),
    /// An element of a list or a text.
    Element,
    /// Not in the document: made in this message, or nowhere.
    Absent,
}

/// The changes a message adds, read against the document they would join.
pub struct Touches<'a> {
    changes: &'a [ExpandedChange],
    /// Each object an operation writes, with where it sits. A message
    /// writes few objects, so a list beats hashing every operation's id.
    places: Vec<(u64, ActorId, Place)>,
    /// The top-level fields written, each once, in the order of the first
    /// operation that writes it.
    fields: Vec<String>,
}

impl<'a> Touches<'a> {
    pub fn new(doc: &AutoCommit, changes: &'a [ExpandedChange]) -> Self {
        let mut places: Vec<(u64, ActorId, Place)> = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        for op in changes.iter().flat_map(|change| &change.operations) {
            // An operation on an object inside a field (making one there
            // included) is a hit itself, so objects made inside need no
            // tracking.
            let field = match (&op.obj, &op.key) {
                (ObjectId::Root, Key::Map(field)) => Some(field.as_str()),
                (ObjectId::Root, Key::Seq(_)) => None,
                (ObjectId::Id(OpId(counter, actor)), _) => {
                    let known = places
                        .iter()
                        .position(|(c, a, _)| c == counter && a == actor);
                    let index = known.unwrap_or_else(|| {
                        places.push((*counter, actor.clone(), place(doc, *counter, actor)));
                        places.len() - 1
                    });
                    match places.get(index) {
                        Some((_, _, Place::Field(field))) => Some(field.as_str()),
                        _ => None,
                    }
                }
            };
            if let Some(field) = field
                && !fields.iter().any(|known| known == field)
            {
                fields.push(field.to_owned());
            }
        }
        Self {
            changes,
            places,
            fields,
        }
    }

    fn find(&self, counter: u64, actor: &ActorId) -> Option<&Place> {
        self.places
            .iter()
            .find(|(c, a, _)| *c == counter && a == actor)
            .map(|(_, _, place)| place)
    }

    /// The changes, decoded.
    pub fn changes(&self) -> &'a [ExpandedChange] {
        self.changes
    }

    /// Where the object `(counter, actor)` sits, if an operation writes it.
    pub fn place(&self, counter: u64, actor: &ActorId) -> &Place {
        self.find(counter, actor).unwrap_or(&Place::Absent)
    }

    /// Whether any change writes the top-level field `key`.
    pub fn key(&self, key: &'static str) -> bool {
        self.first(&[key]).is_some()
    }

    /// The first of the top-level fields `keys` that a change writes, if
    /// any.
    pub fn first(&self, keys: &[&'static str]) -> Option<&'static str> {
        self.fields
            .iter()
            .find_map(|field| keys.iter().copied().find(|key| key == field))
    }
}

/// Where `(counter, actor)` sits in `doc`, from the operation that made it.
fn place(doc: &AutoCommit, counter: u64, actor: &ActorId) -> Place {
    // The actor index is only a lookup hint; Automerge falls back to
    // finding the actor when it does not match.
    let id = ObjId::Id(counter, actor.clone(), usize::MAX);
    let Ok(mut parents) = doc.parents(&id) else {
        return Place::Absent;
    };
    match parents.next() {
        Some(parent) => match parent.prop {
            Prop::Map(key) if parent.obj == ObjId::Root => Place::Field(key),
            Prop::Map(key) => Place::Entry(key),
            Prop::Seq(_) => Place::Element,
        },
        // Only the root has no parent, and the root is not an `Id`.
        None => Place::Absent,
    }
}
