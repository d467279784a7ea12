//! The bytes of the changes a batch received, as their authors sent them.
//!
//! Automerge 0.12 keeps a document's changes as columns, not as bytes:
//! every time a change is stored or sent it is encoded again from the
//! whole operation set (`ChangeCollector::from_build_meta`). Under the
//! large load that was 12 % of the server's CPU, once for the storage
//! write and once per distinct peer state in the fan-out (BENCHMARKS.md,
//! issue 17). But the batch's new changes arrived as bytes a moment ago,
//! and a change's bytes are what its hash is computed from, so those are
//! what gets stored and sent instead.

use std::collections::HashMap;

use automerge::{Change, ChangeHash};

/// The batch's received changes by hash; empty between batches.
#[derive(Debug, Default)]
pub struct ArrivedChanges {
    bytes: HashMap<ChangeHash, Vec<u8>>,
}

impl ArrivedChanges {
    /// Keeps the bytes of changes the document is about to apply.
    pub fn keep(&mut self, changes: &[Change]) {
        for change in changes {
            self.bytes
                .entry(change.hash())
                .or_insert_with(|| change.raw_bytes().to_vec());
        }
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
    }

    pub fn bytes_of(&self, hash: &ChangeHash) -> Option<&[u8]> {
        self.bytes.get(hash).map(Vec::as_slice)
    }

    /// The chunk storage needs for `added` (in that order, as
    /// `save_after` would give them), if every one of them arrived in this
    /// batch; `None` if any was made otherwise (by the server, or held
    /// back from an earlier batch until its dependencies came).
    pub fn chunk(&self, added: &[ChangeHash]) -> Option<Vec<u8>> {
        let mut chunk = Vec::new();
        for hash in added {
            chunk.extend_from_slice(self.bytes_of(hash)?);
        }
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use automerge::sync::{self, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;

    /// Two writers' changes, received as bytes, stored as one chunk:
    /// loading what was stored gives the document `save_after` would.
    #[test]
    fn the_stored_chunk_loads_as_the_rebuilt_one_would() {
        let mut server = AutoCommit::new();
        server.put(ROOT, "title", "Kansen").unwrap();
        server.commit();
        let before = server.get_heads();
        let mut arrived = ArrivedChanges::default();
        for (writer, text) in [("ana", "eerste idee"), ("ben", "tweede idee")] {
            let mut peer = server.fork();
            let note = peer
                .put_object(ROOT, writer, automerge::ObjType::Text)
                .unwrap();
            peer.splice_text(&note, 0, 0, text).unwrap();
            peer.commit();
            let changes = peer.get_changes(&before);
            arrived.keep(&changes);
            let mut state = sync::State::new();
            let message = sync::Message {
                heads: peer.get_heads(),
                need: Vec::new(),
                have: Vec::new(),
                changes: changes
                    .iter()
                    .map(|c| c.raw_bytes().to_vec())
                    .collect::<Vec<_>>()
                    .into(),
                flags: None,
                version: sync::MessageVersion::V1,
            };
            server
                .sync()
                .receive_sync_message(&mut state, message)
                .unwrap();
        }
        let added: Vec<ChangeHash> = server
            .get_changes_meta(&before)
            .into_iter()
            .map(|meta| meta.hash)
            .collect();
        assert_eq!(added.len(), 2);
        let ours = arrived.chunk(&added).expect("both arrived");
        let rebuilt = server.save_after(&before);

        let heads = server.get_heads();
        let mut load = |chunk: &[u8]| {
            let mut doc = server.fork_at(&before).unwrap();
            doc.load_incremental(chunk).unwrap();
            (doc.get_heads(), doc.save())
        };
        let stored = load(&ours);
        assert_eq!(stored, load(&rebuilt));
        assert_eq!(stored.0, heads);
    }

    /// A change the server made itself never arrived: storage falls back.
    #[test]
    fn a_change_that_did_not_arrive_gives_no_chunk() {
        let mut server = AutoCommit::new();
        server.put(ROOT, "closed", true).unwrap();
        server.commit();
        let added: Vec<ChangeHash> = server.get_heads();
        assert_eq!(ArrivedChanges::default().chunk(&added), None);
    }
}
