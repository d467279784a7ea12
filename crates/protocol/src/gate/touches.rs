//! Which top-level fields of a room document a batch of decoded changes
//! writes: an operation on the root under the field's key, on an object
//! stored there (a map's entries, a text's characters; making an object
//! inside one is such an operation).

use std::collections::HashMap;

use automerge::legacy::{Key, ObjectId, OpId};
use automerge::{ActorId, AutoCommit, ExpandedChange, ObjId, ROOT, ReadDoc};

/// The changes a message adds, read against the document they would join.
pub struct Touches<'a> {
    doc: &'a AutoCommit,
    changes: &'a [ExpandedChange],
}

impl<'a> Touches<'a> {
    pub fn new(doc: &'a AutoCommit, changes: &'a [ExpandedChange]) -> Self {
        Self { doc, changes }
    }

    /// Whether any change writes the top-level field `key`.
    pub fn key(&self, key: &'static str) -> bool {
        self.first(&[key]).is_some()
    }

    /// The first of the top-level fields `keys` that a change writes, if
    /// any; the changes are decoded once whatever the number of keys.
    pub fn first(&self, keys: &[&'static str]) -> Option<&'static str> {
        let mut inside: HashMap<(u64, ActorId), &'static str> = HashMap::new();
        for &key in keys {
            for (_, id) in self.doc.get_all(ROOT, key).unwrap_or_default() {
                if let ObjId::Id(counter, actor, _) = id {
                    inside.insert((counter, actor), key);
                }
            }
        }
        for change in self.changes {
            let expanded = change;
            // An operation on an object inside a field (making one there
            // included) is a hit itself, so objects made inside need no
            // tracking.
            for op in &expanded.operations {
                let hit = match &op.obj {
                    ObjectId::Root => match &op.key {
                        Key::Map(k) => keys.iter().copied().find(|key| key == k),
                        Key::Seq(_) => None,
                    },
                    ObjectId::Id(OpId(counter, actor)) => {
                        inside.get(&(*counter, actor.clone())).copied()
                    }
                };
                if hit.is_some() {
                    return hit;
                }
            }
        }
        None
    }
}
