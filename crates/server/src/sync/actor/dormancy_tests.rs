//! A room whose peers stay connected but quiet packs its document away;
//! presence and snapshots are served from the packed save, and the next
//! change wakes it with nothing lost and the server's actor unchanged.

use std::sync::atomic::Ordering;

use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::test_peer::{TestPeer, stored_room};
use super::*;
use crate::sync::coalescing::{Coalescing, Policy};

async fn wait_for_dormant(metrics: &Metrics, wanted: u64) {
    for _ in 0..100 {
        if metrics.documents_dormant.load(Ordering::Relaxed) == wanted {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "dormant documents: {} (wanted {wanted})",
        metrics.documents_dormant.load(Ordering::Relaxed)
    );
}

fn text(doc: &AutoCommit, key: &str) -> Option<String> {
    doc.get(automerge::ROOT, key)
        .unwrap()
        .and_then(|(value, _)| value.as_str().map(str::to_owned))
}

#[tokio::test]
async fn a_quiet_room_sleeps_and_wakes_with_nothing_lost() {
    let (_folder, storage, mut actor, mut server_doc) = stored_room();
    let id = actor.id;
    let metrics = actor.metrics.clone();
    let server_actor = actor.doc.loaded().get_actor().clone();
    let (commands, receiver) = mpsc::channel(64);
    let times = ActorTimes {
        idle: Duration::from_secs(60),
        coalesce: Coalescing::new(Policy::Fixed(Duration::ZERO)),
        dormant_after: Some(Duration::from_millis(300)),
    };
    tokio::spawn(actor.run(receiver, times, |_| false));
    let quiet = Duration::from_millis(200);
    let mut ana = TestPeer::attach(&commands, server_doc.fork(), "ana").await;
    let mut bram = TestPeer::attach(&commands, server_doc.fork(), "bram").await;
    ana.doc.put(automerge::ROOT, "voor", "de stilte").unwrap();
    for peer in [&mut ana, &mut bram] {
        peer.send_sync(&commands).await;
    }
    for peer in [&mut ana, &mut bram] {
        peer.settle(&commands, quiet).await;
    }
    assert_eq!(text(&bram.doc, "voor").as_deref(), Some("de stilte"));
    wait_for_dormant(&metrics, 1).await;

    // Presence passes between the two without waking the room.
    commands
        .send(DocCommand::Ephemeral {
            connection: ana.connection,
            count: 1,
            session_id: "ana-sessie".into(),
            data: vec![1, 2, 3],
        })
        .await
        .unwrap();
    let heard = bram.next_message(Duration::from_secs(2)).await;
    assert!(
        matches!(heard, Some(WireMessage::Ephemeral { ref data, .. }) if data == &vec![1, 2, 3]),
        "Bram hears Ana's presence: {heard:?}"
    );
    // A snapshot (the organiser's overview) is the packed save.
    let (reply, snapshot) = oneshot::channel();
    commands.send(DocCommand::Save { reply }).await.unwrap();
    let snapshot = snapshot.await.unwrap();
    assert_eq!(snapshot.peers, 2);
    let packed = AutoCommit::load(&snapshot.bytes).unwrap();
    assert_eq!(text(&packed, "voor").as_deref(), Some("de stilte"));
    assert_eq!(metrics.documents_dormant.load(Ordering::Relaxed), 1);

    // Ana types again: the room wakes, Bram gets it, storage has it.
    ana.doc.put(automerge::ROOT, "na", "de stilte").unwrap();
    ana.send_sync(&commands).await;
    bram.settle(&commands, quiet).await;
    assert_eq!(text(&bram.doc, "na").as_deref(), Some("de stilte"));
    assert_eq!(text(&bram.doc, "voor").as_deref(), Some("de stilte"));
    let stored = AutoCommit::load(&storage.load_chunks(&id).unwrap().concat()).unwrap();
    assert_eq!(text(&stored, "na").as_deref(), Some("de stilte"));

    // Asleep again, the server's own change (a room closing) wakes it and
    // is made by the same actor as before.
    ana.settle(&commands, quiet).await;
    wait_for_dormant(&metrics, 1).await;
    let (reply, saved) = oneshot::channel();
    commands
        .send(DocCommand::Apply {
            change: Box::new(|doc: &mut AutoCommit| {
                doc.put(automerge::ROOT, "gesloten", true)
                    .map_err(|e| e.to_string())
            }),
            access: None,
            reply,
        })
        .await
        .unwrap();
    let mut saved = AutoCommit::load(&saved.await.unwrap().unwrap()).unwrap();
    let last = saved.get_changes(&[]).last().map(|c| c.actor_id().clone());
    assert_eq!(last, Some(server_actor));
    assert_eq!(metrics.documents_dormant.load(Ordering::Relaxed), 0);
    for peer in [&mut ana, &mut bram] {
        peer.settle(&commands, quiet).await;
        assert!(peer.doc.get(automerge::ROOT, "gesloten").unwrap().is_some());
    }
}
