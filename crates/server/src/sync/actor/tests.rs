//! A document actor whose storage fails: the change is not acknowledged,
//! the sender is disconnected with a reason, and health turns red.

use std::sync::atomic::Ordering;

use automerge::transaction::Transactable;

use super::*;
use crate::storage::{DocumentRecord, DocumentStore};
use crate::sync::coalescing::{Coalescing, Policy};
use crate::sync::peer::Closer;

struct FailingStorage;

fn full() -> StorageError {
    StorageError::Unavailable("disk full".into())
}

impl DocumentStore for FailingStorage {
    fn storage_id(&self) -> Result<String, StorageError> {
        Ok("failing".into())
    }
    fn insert_document(&self, _: &DocumentRecord, _: &[u8]) -> Result<(), StorageError> {
        Err(full())
    }
    fn documents(&self) -> Result<Vec<DocumentRecord>, StorageError> {
        Ok(Vec::new())
    }
    fn append_chunk(&self, _: &DocumentId, _: &[u8]) -> Result<(), StorageError> {
        Err(full())
    }
    fn load_chunks(&self, _: &DocumentId) -> Result<Vec<Vec<u8>>, StorageError> {
        Ok(Vec::new())
    }
    fn compact(&self, _: &DocumentId, _: &[u8]) -> Result<(), StorageError> {
        Err(full())
    }
}

#[tokio::test]
async fn a_failed_write_is_never_acknowledged_and_closes_the_sender() {
    let metrics = Arc::new(Metrics::default());
    let id = DocumentId::random();
    let mut server_doc = AutoCommit::new();
    let mut client_doc = server_doc.fork();
    let actor = DocActor::new(
        id,
        server_doc,
        DocumentAccess::ReadWrite,
        SizeLimit {
            stored: Stored {
                bytes: 0,
                chunks: 1,
                unreadable_chunks: 0,
            },
            max_bytes: usize::MAX,
        },
        "server".into(),
        ChunkWriter::spawn(Arc::new(FailingStorage)),
        metrics.clone(),
    );
    let (commands, receiver) = mpsc::channel(16);
    let times = ActorTimes {
        idle: Duration::from_secs(60),
        coalesce: Coalescing::new(Policy::Fixed(Duration::ZERO)),
        dormant_after: None,
    };
    tokio::spawn(actor.run(receiver, times, |_| false));
    let (outbound, mut delivered) = mpsc::channel(16);
    let closer = Closer::default();
    let connection = ConnectionId::next();
    let peer = PeerHandle {
        connection,
        peer_id: "ana".into(),
        principal: crate::sync::hub::Principal::Organiser {
            session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
            host: crate::sync::hub::Host::Main,
        },
        outbound,
        closer: closer.clone(),
    };
    commands.send(DocCommand::Attach { peer }).await.unwrap();

    client_doc
        .put(automerge::ROOT, "note", "niet verliezen")
        .unwrap();
    let unsaved = client_doc.get_heads();
    let mut state = sync::State::new();
    let mut carried_change = false;
    // The sync exchange: heads first, then the change the server asks for.
    for _ in 0..5 {
        if let Some(message) = client_doc.sync().generate_sync_message(&mut state) {
            carried_change |= !message.changes.is_empty();
            commands
                .send(DocCommand::Sync {
                    connection,
                    message,
                    received: std::time::Instant::now(),
                })
                .await
                .unwrap();
        }
        tokio::select! {
            () = closer.closed() => break,
            reply = delivered.recv() => {
                let Some(WireMessage::Sync { data, .. }) = reply else { break };
                let message = sync::Message::decode(&data).unwrap();
                assert!(
                    !unsaved.iter().any(|h| message.heads.contains(h)),
                    "the server acknowledged a change it could not store"
                );
                client_doc.sync().receive_sync_message(&mut state, message).unwrap();
            }
        }
    }
    assert!(carried_change, "the change was sent");
    tokio::time::timeout(Duration::from_secs(5), closer.closed())
        .await
        .expect("the sender is disconnected");
    assert_eq!(closer.reason(), Some(CloseReason::StorageUnavailable));
    while let Ok(WireMessage::Sync { data, .. }) = delivered.try_recv() {
        let message = sync::Message::decode(&data).unwrap();
        assert!(
            !unsaved.iter().any(|h| message.heads.contains(h)),
            "the server acknowledged a change it could not store"
        );
    }
    assert!(
        metrics.storage_failing.load(Ordering::Relaxed),
        "health is red"
    );
    assert_eq!(metrics.storage_errors.load(Ordering::Relaxed), 1);
}
