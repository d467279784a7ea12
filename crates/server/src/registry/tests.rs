//! Retention: a session deletes itself once its retention period has
//! passed, and not a moment before.

use std::time::Duration;

use samenbord_core::ids::TemplateId;
use samenbord_core::session::single_card_plan;
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
                coalesce: Duration::ZERO,
                max_document_bytes: usize::MAX,
            },
            TaskTracker::new(),
        )
        .unwrap(),
    );
    (Registry::load(storage.clone(), hub).unwrap(), storage)
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
        .join(&short.join_code, "Ana", ParticipantRole::Mentor, now)
        .await
        .unwrap();

    assert_eq!(registry.delete_expired(now + 7 * DAY - 1).await.unwrap(), 0);
    assert!(registry.slot(short.session_id.as_str()).is_some());

    assert_eq!(registry.delete_expired(now + 7 * DAY).await.unwrap(), 1);
    assert!(
        registry.slot(short.session_id.as_str()).is_none(),
        "the expired session is gone"
    );
    assert!(
        registry.authenticate(&joined.token).is_none(),
        "its tokens no longer work"
    );
    assert!(
        registry.slot(long.session_id.as_str()).is_some(),
        "the other session stays"
    );
    let stored: Vec<String> = storage
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| s.session_id)
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
