//! A test peer that talks to a document actor directly (no socket), and
//! a room stored in a real SQLite database for it to talk to.

use std::sync::Arc;
use std::time::Duration;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use tokio::sync::mpsc;

use super::{DocActor, DocCommand, DocumentAccess, SizeLimit, Stored};
use crate::metrics::Metrics;
use crate::storage::{ChunkWriter, DocumentKind, DocumentRecord, DocumentStore, SqliteStorage};
use crate::sync::document_id::DocumentId;
use crate::sync::peer::{Closer, ConnectionId, PeerHandle};
use crate::sync::wire::WireMessage;

/// A room document stored in a fresh database, and its actor (not yet
/// running). The folder must outlive the test.
pub fn stored_room() -> (tempfile::TempDir, Arc<SqliteStorage>, DocActor, AutoCommit) {
    let folder = tempfile::tempdir().unwrap();
    let storage = Arc::new(SqliteStorage::open(folder.path().join("db.sqlite")).unwrap());
    let id = DocumentId::random();
    let mut server_doc = AutoCommit::new();
    server_doc.put(automerge::ROOT, "schema", 1).unwrap();
    let saved = server_doc.save();
    let record = DocumentRecord {
        document_id: id,
        session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
        kind: DocumentKind::Private {
            participant_id: samenbord_core::ids::ParticipantId::new("p").unwrap(),
        },
    };
    storage.insert_document(&record, &saved).unwrap();
    let actor = DocActor::new(
        id,
        server_doc.fork(),
        DocumentAccess::ReadWrite,
        SizeLimit {
            stored: Stored {
                bytes: saved.len(),
                chunks: 1,
                unreadable_chunks: 0,
            },
            max_bytes: usize::MAX,
        },
        "server".into(),
        ChunkWriter::spawn(storage.clone()),
        Arc::new(Metrics::default()),
    );
    (folder, storage, actor, server_doc)
}

pub struct TestPeer {
    pub connection: ConnectionId,
    pub doc: AutoCommit,
    state: sync::State,
    inbox: mpsc::Receiver<WireMessage>,
}

impl TestPeer {
    pub async fn attach(commands: &mpsc::Sender<DocCommand>, doc: AutoCommit, name: &str) -> Self {
        let (outbound, inbox) = mpsc::channel(64);
        let connection = ConnectionId::next();
        let peer = PeerHandle {
            connection,
            peer_id: name.into(),
            principal: crate::sync::hub::Principal::Organiser {
                session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
                host: crate::sync::hub::Host::Main,
            },
            outbound,
            closer: Closer::default(),
        };
        commands.send(DocCommand::Attach { peer }).await.unwrap();
        Self {
            connection,
            doc,
            state: sync::State::new(),
            inbox,
        }
    }

    pub async fn send_sync(&mut self, commands: &mpsc::Sender<DocCommand>) {
        while let Some(message) = self.doc.sync().generate_sync_message(&mut self.state) {
            commands
                .send(DocCommand::Sync {
                    connection: self.connection,
                    message,
                    received: std::time::Instant::now(),
                })
                .await
                .unwrap();
        }
    }

    /// Applies what the server sent until it has been quiet for `quiet`;
    /// returns how many change-carrying messages arrived.
    pub async fn settle(&mut self, commands: &mpsc::Sender<DocCommand>, quiet: Duration) -> usize {
        let mut with_changes = 0;
        while let Ok(Some(reply)) = tokio::time::timeout(quiet, self.inbox.recv()).await {
            let WireMessage::Sync { data, .. } = reply else {
                continue;
            };
            let message = sync::Message::decode(&data).unwrap();
            if !message.changes.is_empty() {
                with_changes += 1;
            }
            self.doc
                .sync()
                .receive_sync_message(&mut self.state, message)
                .unwrap();
            self.send_sync(commands).await;
        }
        with_changes
    }

    /// The next message the server sends this peer, of any kind.
    pub async fn next_message(&mut self, wait: Duration) -> Option<WireMessage> {
        tokio::time::timeout(wait, self.inbox.recv())
            .await
            .ok()
            .flatten()
    }
}
