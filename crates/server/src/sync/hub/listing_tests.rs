//! A document that is loading while its session moves to another node
//! must not come up afterwards as an actor nobody will stop.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use automerge::AutoCommit;
use samenbord_core::ids::{ParticipantId, SessionId};
use tokio_util::task::TaskTracker;

use super::{Hub, HubConfig};
use crate::metrics::Metrics;
use crate::storage::{DocumentKind, DocumentRecord, SessionStore, SqliteStorage, StoredSession};
use crate::sync::coalescing::{Coalescing, Policy};
use crate::sync::document_id::DocumentId;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_loading_as_its_session_moves_away_is_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Arc::new(SqliteStorage::open(dir.path().join("db")).unwrap());
    let session_id = SessionId::new("s1").unwrap();
    storage
        .save_session(&StoredSession {
            session_id: session_id.clone(),
            join_code: "ABC".into(),
            state_json: "{}".into(),
            expires_at: i64::MAX,
        })
        .unwrap();
    let hub = Arc::new(
        Hub::new(
            storage,
            Arc::new(Metrics::default()),
            HubConfig {
                queue_size: 16,
                idle_unload: Duration::from_secs(60),
                coalesce: Coalescing::new(Policy::Fixed(Duration::ZERO)),
                dormant_after: None,
                max_document_bytes: usize::MAX,
            },
            TaskTracker::new(),
        )
        .unwrap(),
    );
    let record = DocumentRecord {
        document_id: DocumentId::random(),
        session_id: session_id.clone(),
        kind: DocumentKind::Private {
            participant_id: ParticipantId::new("p1").unwrap(),
        },
    };
    let id = record.document_id;
    hub.create(record.clone(), AutoCommit::new()).await.unwrap();

    let mut left_serving = 0;
    for _ in 0..200 {
        // A device asks for the document just as the node lets the
        // session go; then the node takes the session back.
        let loading = tokio::spawn({
            let hub = hub.clone();
            async move { hub.actor(id).await.is_ok() }
        });
        tokio::task::yield_now().await;
        hub.unload_session(&session_id).await;
        let _ = loading.await;
        if hub.loaded_actor(&id).is_some() {
            left_serving += 1;
        }
        hub.reload_session(&session_id, vec![record.clone()]).await;
    }
    assert_eq!(
        left_serving, 0,
        "times a document was still loaded after its session moved away"
    );
    assert!(
        hub.actor(id).await.is_ok(),
        "the session taken back serves its document"
    );
}
