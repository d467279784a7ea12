//! Spots sync messages that change a room's `revealed_targets` — opening
//! a silent question makes every author's private notes public, so only
//! the room's leader may do it (see docs/room-document.md).
//!
//! Decoded changes have their operations read; a message whose chunks do
//! not decode is applied to a throwaway fork and the map compared, which
//! is slower but rare.

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ObjId, ROOT, ReadDoc};

use super::touches::Touches;

/// The room document's key for opened silent questions.
pub const REVEALED: &str = "revealed_targets";

/// Whether applying `message` (whose new changes are `touches`, if they
/// decode) to `doc` would change what is revealed.
pub fn touches_revealed(
    doc: &mut AutoCommit,
    message: &sync::Message,
    touches: Option<&Touches<'_>>,
) -> bool {
    match touches {
        Some(touches) => touches.key(REVEALED),
        None => probe(doc, message),
    }
}

/// What is revealed now: the targets set to true.
pub fn revealed_targets(doc: &AutoCommit) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    if let Ok(Some((_, map))) = doc.get(ROOT, REVEALED) {
        for item in doc.map_range(&map, ..) {
            if automerge::Value::from(item.value).as_bool() == Some(true) {
                out.insert(item.key.to_string());
            }
        }
    }
    out
}

/// Every object stored under `revealed_targets` (several if concurrent
/// writes conflict).
fn revealed_maps(doc: &AutoCommit) -> Vec<ObjId> {
    doc.get_all(ROOT, REVEALED)
        .map(|values| values.into_iter().map(|(_, id)| id).collect())
        .unwrap_or_default()
}

/// What is revealed, as comparable text.
fn revealed(doc: &AutoCommit) -> Vec<String> {
    let mut out = Vec::new();
    for map in revealed_maps(doc) {
        out.push(format!("{map}"));
        for item in doc.map_range(&map, ..) {
            out.push(format!("{}={:?}", item.key, item.value));
        }
    }
    out
}

/// Applies `message` to a fork and compares.
fn probe(doc: &mut AutoCommit, message: &sync::Message) -> bool {
    let before = revealed(doc);
    let mut fork = doc.fork();
    let mut state = sync::State::new();
    if fork
        .sync()
        .receive_sync_message(&mut state, message.clone())
        .is_err()
    {
        // Automerge will refuse it too; nothing gets revealed.
        return false;
    }
    revealed(&fork) != before
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::ObjType;
    use automerge::transaction::Transactable;

    use super::*;

    fn room() -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.put_object(ROOT, "notes", ObjType::Map).unwrap();
        doc.put_object(ROOT, REVEALED, ObjType::Map).unwrap();
        doc
    }

    /// The message `client` would send `server` with its new changes.
    fn message_from(client: &mut AutoCommit, server: &mut AutoCommit) -> sync::Message {
        let mut state = sync::State::new();
        let mut server_state = sync::State::new();
        let hello = server
            .sync()
            .generate_sync_message(&mut server_state)
            .unwrap();
        client
            .sync()
            .receive_sync_message(&mut state, hello)
            .unwrap();
        client.sync().generate_sync_message(&mut state).unwrap()
    }

    fn touches(server: &mut AutoCommit, message: &sync::Message) -> bool {
        let changes = crate::gate::new_changes(server, message).map(|changes| {
            changes
                .iter()
                .map(automerge::Change::decode)
                .collect::<Vec<_>>()
        });
        let touches = changes
            .as_deref()
            .map(|changes| Touches::new(server, changes));
        touches_revealed(server, message, touches.as_ref())
    }

    #[test]
    fn a_note_is_not_a_reveal_and_opening_a_question_is() {
        let mut server = room();
        let mut client = server.fork();
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        client.put(&notes, "n1", "tekst").unwrap();
        let message = message_from(&mut client, &mut server);
        assert!(!touches(&mut server, &message));

        let map = client.get(ROOT, REVEALED).unwrap().unwrap().1;
        client.put(&map, "stilte", true).unwrap();
        let message = message_from(&mut client, &mut server);
        assert!(touches(&mut server, &message));
    }

    #[test]
    fn replacing_the_map_or_sending_a_whole_document_is_caught() {
        let mut server = room();
        let mut client = server.fork();
        client.put_object(ROOT, REVEALED, ObjType::Map).unwrap();
        let message = message_from(&mut client, &mut server);
        assert!(touches(&mut server, &message));

        let mut whole = client.fork();
        let map = whole.get(ROOT, REVEALED).unwrap().unwrap().1;
        whole.put(&map, "stilte", true).unwrap();
        let save = sync::Message {
            heads: whole.get_heads(),
            need: Vec::new(),
            have: Vec::new(),
            changes: vec![whole.save()].into(),
            flags: None,
            version: sync::MessageVersion::V2,
        };
        assert!(touches(&mut server, &save));
    }
}
