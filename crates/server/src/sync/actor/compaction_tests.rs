//! When the last peer leaves, the room is stored as one compressed save,
//! so the next cold open loads one chunk instead of replaying batches.

use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::test_peer::{TestPeer, stored_room};
use super::*;
use crate::sync::coalescing::{Coalescing, Policy};

#[tokio::test]
async fn an_emptied_room_is_stored_as_one_chunk_with_everything_in_it() {
    let (_folder, storage, actor, mut server_doc) = stored_room();
    let id = actor.id;
    let (commands, receiver) = mpsc::channel(64);
    let times = ActorTimes {
        idle: Duration::from_secs(60),
        coalesce: Coalescing::new(Policy::Fixed(Duration::ZERO)),
        dormant_after: None,
    };
    tokio::spawn(actor.run(receiver, times, |_| false));
    let mut ana = TestPeer::attach(&commands, server_doc.fork(), "ana").await;
    let quiet = Duration::from_millis(300);
    ana.send_sync(&commands).await;
    ana.settle(&commands, quiet).await;
    // Three batches: three chunks after the first save.
    for word in ["een", "twee", "drie"] {
        ana.doc.put(automerge::ROOT, word, word).unwrap();
        ana.send_sync(&commands).await;
        ana.settle(&commands, quiet).await;
    }
    assert_eq!(
        storage.load_chunks(&id).unwrap().len(),
        4,
        "stored in chunks while Ana is here"
    );

    commands
        .send(DocCommand::Detach {
            connection: ana.connection,
        })
        .await
        .unwrap();
    let mut chunks = Vec::new();
    for _ in 0..50 {
        chunks = storage.load_chunks(&id).unwrap();
        if chunks.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(chunks.len(), 1, "compacted when the room emptied");
    let stored = AutoCommit::load(&chunks.concat()).unwrap();
    for word in ["een", "twee", "drie"] {
        let value = stored.get(automerge::ROOT, word).unwrap().unwrap().0;
        assert_eq!(value.as_str(), Some(word));
    }
}
