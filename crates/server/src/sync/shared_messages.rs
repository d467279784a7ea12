//! One sync message per distinct peer state in a fan-out.
//!
//! After a change, most peers of a room stand where the last change left
//! them: their sync states are equal, so Automerge would build the same
//! message for each (collecting the change's bytes again and a Bloom
//! filter over the recent history every time: most of a big room's CPU,
//! see BENCHMARKS.md). `generate_sync_message` is a function of the
//! document and the state alone, so a fan-out builds the message once per
//! distinct state and gives every peer in that state the same bytes and
//! the same state after it.

use std::collections::HashMap;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};

/// What one fan-out has built so far; live for one fan-out only (the
/// document must not change while it is in use).
#[derive(Default)]
pub struct SharedMessages {
    built: HashMap<sync::State, (Option<Vec<u8>>, sync::State)>,
}

impl SharedMessages {
    /// The next encoded sync message for a peer in `state` (advancing it),
    /// as `doc.sync().generate_sync_message` would give it.
    pub fn next(&mut self, doc: &mut AutoCommit, state: &mut sync::State) -> Option<Vec<u8>> {
        if let Some((message, after)) = self.built.get(state) {
            state.clone_from(after);
            return message.clone();
        }
        let before = state.clone();
        let message = doc
            .sync()
            .generate_sync_message(state)
            .map(sync::Message::encode);
        self.built.insert(before, (message.clone(), state.clone()));
        message
    }

    /// How many distinct messages were built.
    #[cfg(test)]
    fn built(&self) -> usize {
        self.built.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use automerge::ROOT;
    use automerge::transaction::Transactable;

    use super::*;

    /// Peers that synced the same way are in equal states: each gets the
    /// message Automerge builds for it, built once; a peer in another
    /// state gets its own.
    #[test]
    fn equal_states_share_one_message_and_others_get_their_own() {
        let mut server = AutoCommit::new();
        server.put(ROOT, "title", "Kansen").unwrap();
        server.commit();
        let mut peers: Vec<(AutoCommit, sync::State, sync::State)> = (0..5)
            .map(|_| (AutoCommit::new(), sync::State::new(), sync::State::new()))
            .collect();
        for _ in 0..10 {
            for (doc, state, server_state) in &mut peers {
                if let Some(m) = server.sync().generate_sync_message(server_state) {
                    doc.sync().receive_sync_message(state, m).unwrap();
                }
                if let Some(m) = doc.sync().generate_sync_message(state) {
                    server.sync().receive_sync_message(server_state, m).unwrap();
                }
            }
        }
        // One peer writes; the server takes its change.
        let (doc, state, server_state) = &mut peers[0];
        doc.put(ROOT, "eerste", "idee").unwrap();
        doc.commit();
        let m = doc.sync().generate_sync_message(state).unwrap();
        server.sync().receive_sync_message(server_state, m).unwrap();

        let mut shared = SharedMessages::default();
        for (_, _, server_state) in &mut peers {
            let mut by_automerge = server_state.clone();
            let expected = server
                .sync()
                .generate_sync_message(&mut by_automerge)
                .map(sync::Message::encode);
            let got = shared.next(&mut server, server_state);
            assert_eq!(got, expected);
            assert_eq!(*server_state, by_automerge);
        }
        assert_eq!(
            shared.built(),
            2,
            "the writer's message, and one for the other four"
        );
    }
}
