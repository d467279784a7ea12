//! Retention: a session deletes itself once its retention period has
//! passed, and not a moment before; and a deleted session is never
//! written again.

use std::time::Duration;

use samenbord_core::ids::TemplateId;
use samenbord_core::session::{Attendance, single_card_plan};
use tokio_util::task::TaskTracker;

use super::*;
use crate::metrics::Metrics;
use crate::storage::SqliteStorage;
use crate::sync::hub::HubConfig;

const DAY: i64 = 24 * 60 * 60 * 1000;

fn registry(dir: &std::path::Path) -> (Registry, Arc<dyn Storage>) {
    let storage: Arc<dyn Storage> = Arc::new(SqliteStorage::open(dir.join("db")).unwrap());
    let hub = Arc::new(
        Hub::new(
            storage.clone(),
            Arc::new(Metrics::default()),
            HubConfig {
                queue_size: 16,
                idle_unload: Duration::from_secs(60),
                coalesce: crate::sync::coalescing::Coalescing::new(
                    crate::sync::coalescing::Policy::Fixed(Duration::ZERO),
                ),
                dormant_after: None,
                max_document_bytes: usize::MAX,
            },
            TaskTracker::new(),
        )
        .unwrap(),
    );
    (
        Registry::load(storage.clone(), hub, HashMap::new()).unwrap(),
        storage,
    )
}

async fn create(registry: &Registry, retention_days: u32, now: i64) -> Created {
    let template = TemplateId::new("dialoogkaart-partnerschapsdag").unwrap();
    let plan = single_card_plan("Dag", &template, 2).unwrap();
    let settings = SessionSettings {
        title: "Dag".into(),
        anonymous: false,
        retention_days,
    };
    registry.create(settings, plan, now).await.unwrap()
}

#[tokio::test]
async fn a_session_deletes_itself_when_its_retention_period_has_passed() {
    let dir = tempfile::tempdir().unwrap();
    let (registry, storage) = registry(dir.path());
    let now = 1_800_000_000_000;
    let short = create(&registry, 7, now).await;
    let long = create(&registry, 30, now).await;
    let joined = registry
        .join(
            &short.join_code,
            "Ana",
            ParticipantRole::Mentor,
            Attendance::InRoom,
            None,
            now,
        )
        .await
        .unwrap();

    assert_eq!(registry.delete_expired(now + 7 * DAY - 1).await.unwrap(), 0);
    assert!(registry.slot(&short.session_id).is_some());

    assert_eq!(registry.delete_expired(now + 7 * DAY).await.unwrap(), 1);
    assert!(
        registry.slot(&short.session_id).is_none(),
        "the expired session is gone"
    );
    assert!(
        registry.authenticate(&joined.token).is_none(),
        "its tokens no longer work"
    );
    assert!(
        registry.slot(&long.session_id).is_some(),
        "the other session stays"
    );
    let stored: Vec<String> = storage
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| s.session_id.to_string())
        .collect();
    assert_eq!(
        stored,
        vec![long.session_id.to_string()],
        "the row is deleted from storage"
    );
    assert!(
        storage.documents().unwrap().is_empty(),
        "the participant's private document is deleted too"
    );
}

/// Whether the room document `id` says it is closed, as stored.
async fn document_closed(registry: &Registry, id: DocumentId) -> bool {
    let snapshot = registry.hub.snapshot(id).await.unwrap();
    let doc = automerge::AutoCommit::load(&snapshot.bytes).unwrap();
    samenbord_core::room::read_room(&doc).unwrap().closed
}

#[tokio::test]
async fn a_round_that_cannot_close_every_room_closes_none() {
    let dir = tempfile::tempdir().unwrap();
    let (registry, _) = registry(dir.path());
    let now = 1_800_000_000_000;
    let created = create(&registry, 30, now).await;
    let slot = registry.slot(&created.session_id).unwrap();
    let round = slot.lock().await.session().plan.rounds[0].id.clone();
    registry
        .update(&slot, now, |session| {
            Ok((
                (),
                session.start_round(&round, 1, now, &mut DocumentId::random)?,
            ))
        })
        .await
        .unwrap();
    let rooms: Vec<DocumentId> = slot.lock().await.session().rounds[&round]
        .rooms
        .values()
        .map(|room| room.document_id)
        .collect();
    assert_eq!(rooms.len(), 2);
    // The second room's card cannot be reached: closing it fails after
    // the first room was closed.
    {
        let mut slot = slot.lock().await;
        let second = slot.state.session.rounds.get_mut(&round).unwrap();
        let room = second.rooms.values_mut().nth(1).unwrap();
        room.document_id = DocumentId::random();
    }
    let ended = registry
        .update(&slot, now + 1, |session| {
            Ok(((), session.end_round(&round, now + 1)?))
        })
        .await;
    assert!(ended.is_err(), "the round cannot end");
    assert!(
        !document_closed(&registry, rooms[0]).await,
        "the first room's card is open again, as the session says"
    );
    let slot = slot.lock().await;
    assert_eq!(
        slot.session().rounds[&round].status,
        samenbord_core::session::RoundStatus::Running
    );
    assert!(
        slot.session().rounds[&round]
            .rooms
            .values()
            .all(|r| !r.closed)
    );
}

/// Polls `future` once, so it queues on whatever lock it waits for.
async fn queue<F: Future + Unpin>(future: &mut F) {
    tokio::select! {
        biased;
        _ = future => panic!("it should be waiting on the session's lock"),
        () = std::future::ready(()) => {}
    }
}

#[tokio::test]
async fn a_change_waiting_while_its_session_is_deleted_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (registry, storage) = registry(dir.path());
    let now = 1_800_000_000_000;
    let created = create(&registry, 30, now).await;
    let slot = registry.slot(&created.session_id).unwrap();
    let held = slot.lock().await;
    // The delete queues first, a change (say, a round start) right after.
    let mut delete = Box::pin(registry.delete(&created.session_id));
    queue(&mut delete).await;
    let mut change = Box::pin(registry.update(&slot, now, |session| {
        session.settings.title = "Nog bezig".into();
        Ok(((), Outcome::default()))
    }));
    queue(&mut change).await;
    drop(held);
    delete.await.unwrap();
    assert!(
        matches!(change.await, Err(ApiError::NotFound(_))),
        "the waiting change finds the session gone"
    );
    assert!(
        storage.sessions().unwrap().is_empty(),
        "no session row was written back after the delete"
    );
}

#[tokio::test]
async fn an_unreadable_session_row_is_left_aside_and_the_rest_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let now = 1_800_000_000_000;
    let good = {
        let (registry, storage) = registry(dir.path());
        let good = create(&registry, 30, now).await;
        storage
            .save_session(&crate::storage::StoredSession {
                session_id: SessionId::new("kapot").unwrap(),
                join_code: "KAPOT1".into(),
                state_json: "{\"session\": ".into(),
                expires_at: i64::MAX,
            })
            .unwrap();
        good
    };
    let (registry, storage) = registry(dir.path());
    assert!(
        registry.slot(&good.session_id).is_some(),
        "the good day is served"
    );
    assert_eq!(registry.quarantined(), [SessionId::new("kapot").unwrap()]);
    assert_eq!(
        storage.sessions().unwrap().len(),
        2,
        "the bad row is kept for the operator, not deleted"
    );
}
