//! Which top-level fields of a room document a batch of decoded changes
//! writes: an operation on the root under the field's key, on an object
//! stored there (a map's entries, a text's characters), or on an object
//! made inside one of those in the same batch.

use std::collections::HashSet;

use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::{ActorId, AutoCommit, Change, ObjId, ROOT, ReadDoc};

/// The changes a message adds, read against the document they would join.
pub struct Touches<'a> {
    doc: &'a AutoCommit,
    changes: &'a [Change],
}

impl<'a> Touches<'a> {
    pub fn new(doc: &'a AutoCommit, changes: &'a [Change]) -> Self {
        Self { doc, changes }
    }

    /// Whether any change writes the top-level field `key`.
    pub fn key(&self, key: &str) -> bool {
        let mut inside: HashSet<(u64, ActorId)> = self
            .doc
            .get_all(ROOT, key)
            .map(|values| {
                values
                    .into_iter()
                    .filter_map(|(_, id)| match id {
                        ObjId::Id(counter, actor, _) => Some((counter, actor)),
                        ObjId::Root => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for change in self.changes {
            let expanded = change.decode();
            for (offset, op) in expanded.operations.iter().enumerate() {
                let hit = match &op.obj {
                    ObjectId::Root => matches!(&op.key, Key::Map(k) if k == key),
                    ObjectId::Id(OpId(counter, actor)) => {
                        inside.contains(&(*counter, actor.clone()))
                    }
                };
                if hit {
                    return true;
                }
                // An object made inside the field is the field too.
                if let (OpType::Make(_), ObjectId::Id(OpId(counter, actor))) = (&op.action, &op.obj)
                    && inside.contains(&(*counter, actor.clone()))
                {
                    let made = expanded.start_op.get().saturating_add(offset as u64);
                    inside.insert((made, expanded.actor_id.clone()));
                }
            }
        }
        false
    }
}
