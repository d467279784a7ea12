//! The coalescing window: changes from different peers that arrive within
//! it reach everyone else as one sync message, not one per change.

use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::*;
use crate::storage::SqliteStorage;
use crate::storage::{DocumentKind, DocumentRecord};
use crate::sync::peer::Closer;

struct TestPeer {
    connection: ConnectionId,
    doc: AutoCommit,
    state: sync::State,
    inbox: mpsc::Receiver<WireMessage>,
}

impl TestPeer {
    async fn attach(commands: &mpsc::Sender<DocCommand>, doc: AutoCommit, name: &str) -> Self {
        let (outbound, inbox) = mpsc::channel(64);
        let connection = ConnectionId::next();
        let peer = PeerHandle {
            connection,
            peer_id: name.into(),
            outbound,
            closer: Closer::default(),
        };
        commands
            .send(DocCommand::Attach {
                peer,
                can_write: true,
            })
            .await
            .unwrap();
        Self {
            connection,
            doc,
            state: sync::State::new(),
            inbox,
        }
    }

    async fn send_sync(&mut self, commands: &mpsc::Sender<DocCommand>) {
        while let Some(message) = self.doc.sync().generate_sync_message(&mut self.state) {
            commands
                .send(DocCommand::Sync {
                    connection: self.connection,
                    data: message.encode(),
                })
                .await
                .unwrap();
        }
    }

    /// Applies what the server sent until it has been quiet for `quiet`;
    /// returns how many change-carrying messages arrived.
    async fn settle(&mut self, commands: &mpsc::Sender<DocCommand>, quiet: Duration) -> usize {
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
}

#[tokio::test]
async fn changes_within_the_window_reach_a_peer_in_one_message() {
    let folder = tempfile::tempdir().unwrap();
    let storage = Arc::new(SqliteStorage::open(folder.path().join("db.sqlite")).unwrap());
    let id = DocumentId::random();
    let mut server_doc = AutoCommit::new();
    server_doc.put(automerge::ROOT, "schema", 1).unwrap();
    let saved = server_doc.save();
    let record = DocumentRecord {
        document_id: id,
        session_id: "s".into(),
        kind: DocumentKind::Private {
            participant_id: "p".into(),
        },
    };
    storage.insert_document(&record, &saved).unwrap();
    let actor = DocActor::new(
        id,
        server_doc.fork(),
        true,
        SizeLimit {
            stored_bytes: saved.len(),
            max_bytes: usize::MAX,
        },
        "server".into(),
        ChunkWriter::spawn(storage),
        Arc::new(Metrics::default()),
    );
    let (commands, receiver) = mpsc::channel(64);
    let window = Duration::from_millis(400);
    let times = ActorTimes {
        idle: Duration::from_secs(60),
        coalesce: window,
    };
    tokio::spawn(actor.run(receiver, times, |_| false));

    let mut ana = TestPeer::attach(&commands, server_doc.fork(), "ana").await;
    let mut bram = TestPeer::attach(&commands, server_doc.fork(), "bram").await;
    let mut cas = TestPeer::attach(&commands, server_doc.fork(), "cas").await;
    for peer in [&mut ana, &mut bram, &mut cas] {
        peer.send_sync(&commands).await;
    }
    let quiet = window * 2;
    for peer in [&mut ana, &mut bram, &mut cas] {
        peer.settle(&commands, quiet).await;
    }

    // Ana and Bram type 100 ms apart: without a window the server would
    // answer Ana's change before Bram's arrives.
    ana.doc.put(automerge::ROOT, "ana", "eerste").unwrap();
    ana.send_sync(&commands).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    bram.doc.put(automerge::ROOT, "bram", "tweede").unwrap();
    bram.send_sync(&commands).await;

    let messages = cas.settle(&commands, quiet).await;
    assert_eq!(
        cas.doc
            .get(automerge::ROOT, "ana")
            .unwrap()
            .unwrap()
            .0
            .as_str(),
        Some("eerste")
    );
    assert_eq!(
        cas.doc
            .get(automerge::ROOT, "bram")
            .unwrap()
            .unwrap()
            .0
            .as_str(),
        Some("tweede")
    );
    assert_eq!(messages, 1, "both changes arrive in one sync message");
}
