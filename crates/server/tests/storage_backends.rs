//! The storage stories every backend must tell the same way: each test
//! body below runs once on SQLite and once on a PostgreSQL server of its
//! own (see `support/postgres.rs`). PostgreSQL alone has several nodes, so
//! lease takeover and fencing are told only there, at the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use samenbord_server::sync::coalescing::{Coalescing, Policy};
use std::sync::Arc;
use std::time::Duration;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc};
use samenbord_core::attachment::{AttachmentLimits, AttachmentRefusal};
use samenbord_core::ids::{AttachmentId, ParticipantId, RoomId, SessionId};
use samenbord_protocol::document_id::DocumentId;
use samenbord_server::storage::{
    AttachmentRecord, ChunkWrite, DocumentKind, DocumentRecord, Lease, NodeName, NodeOptions,
    PutOutcome, Storage, StorageError, StoredSession, WriteKind,
};
use support::postgres::TempPostgres;

/// Opens (and reopens) one database, as this node or another.
type Open<'a> = dyn Fn(&str) -> Arc<dyn Storage> + 'a;

const LEASE: Duration = Duration::from_secs(1);

fn node(name: &str) -> NodeOptions {
    NodeOptions {
        node: NodeName(name.to_owned()),
        lease_ttl: LEASE,
    }
}

fn on_sqlite(story: fn(&Open)) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    story(&|name| samenbord_server::storage::open(&url, &node(name)).unwrap());
}

fn on_postgres(story: fn(&Open)) {
    let Some(server) = TempPostgres::start() else {
        return;
    };
    story(&|name| samenbord_server::storage::open(&server.url(), &node(name)).unwrap());
}

macro_rules! on_both {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $story() { super::on_sqlite(super::$story) })*
        }
        mod postgres {
            $(#[test] fn $story() { super::on_postgres(super::$story) })*
        }
    };
}

on_both!(
    notes_written_in_batches_are_there_after_a_restart,
    a_compacted_document_loads_as_before,
    a_retried_batch_changes_nothing,
    a_deleted_session_leaves_nothing_and_takes_no_late_writes,
    review_edits_keep_their_order_and_the_overall_text_can_be_cleared,
    sessions_are_found_by_id_and_by_join_code,
    attachments_keep_their_bounds_and_go_with_their_session,
);

fn session(id: &str, code: &str) -> StoredSession {
    StoredSession {
        session_id: SessionId::new(id).unwrap(),
        join_code: code.to_owned(),
        state_json: format!("{{\"id\":\"{id}\"}}"),
        expires_at: i64::MAX,
    }
}

/// A session this node holds, with one private document.
fn session_with_document(storage: &dyn Storage, id: &str, code: &str) -> (DocumentId, AutoCommit) {
    let session_id = SessionId::new(id).unwrap();
    assert!(matches!(
        storage.acquire(&session_id).unwrap(),
        Lease::Held { .. }
    ));
    storage.save_session(&session(id, code)).unwrap();
    let document_id = DocumentId::random();
    let mut doc = AutoCommit::new();
    doc.put(automerge::ROOT, "schema", 1_u64).unwrap();
    let record = DocumentRecord {
        document_id,
        session_id,
        kind: DocumentKind::Private {
            participant_id: ParticipantId::new("p1").unwrap(),
        },
    };
    storage.insert_document(&record, &doc.save()).unwrap();
    (document_id, doc)
}

fn note(doc: &mut AutoCommit, key: &str, text: &str) -> Vec<u8> {
    doc.put(automerge::ROOT, key, text).unwrap();
    doc.save_incremental()
}

fn load(storage: &dyn Storage, id: &DocumentId) -> AutoCommit {
    AutoCommit::load(&storage.load_chunks(id).unwrap().concat()).unwrap()
}

fn text(doc: &AutoCommit, key: &str) -> Option<String> {
    doc.get(automerge::ROOT, key)
        .unwrap()
        .map(|(value, _)| value.as_str().unwrap_or_default().to_owned())
}

fn notes_written_in_batches_are_there_after_a_restart(open: &Open) {
    let storage = open("a");
    let (id, mut doc) = session_with_document(storage.as_ref(), "s1", "AAAAAA");
    let (_, mut other) = session_with_document(storage.as_ref(), "s2", "BBBBBB");
    let other_id = storage
        .documents()
        .unwrap()
        .into_iter()
        .find(|d| d.session_id.as_str() == "s2")
        .unwrap()
        .document_id;
    // One batch with changes of two sessions' documents (group commit).
    let batch = [
        ChunkWrite {
            document_id: id,
            bytes: note(&mut doc, "first", "een"),
            kind: WriteKind::Append,
        },
        ChunkWrite {
            document_id: other_id,
            bytes: note(&mut other, "first", "ander"),
            kind: WriteKind::Append,
        },
    ];
    storage.write_chunks(&batch).unwrap();
    storage
        .append_chunk(&id, &note(&mut doc, "second", "twee"))
        .unwrap();
    drop(storage);

    let storage = open("a");
    let loaded = load(storage.as_ref(), &id);
    assert_eq!(text(&loaded, "first").as_deref(), Some("een"));
    assert_eq!(text(&loaded, "second").as_deref(), Some("twee"));
    assert_eq!(
        text(&load(storage.as_ref(), &other_id), "first").as_deref(),
        Some("ander")
    );
    assert_eq!(storage.documents().unwrap().len(), 2);
}

fn a_compacted_document_loads_as_before(open: &Open) {
    let storage = open("a");
    let (id, mut doc) = session_with_document(storage.as_ref(), "s1", "AAAAAA");
    for i in 0..5 {
        storage
            .append_chunk(&id, &note(&mut doc, &format!("n{i}"), "tekst"))
            .unwrap();
    }
    storage.compact(&id, &doc.save()).unwrap();
    assert_eq!(storage.load_chunks(&id).unwrap().len(), 1);
    storage
        .append_chunk(&id, &note(&mut doc, "after", "daarna"))
        .unwrap();
    let mut loaded = load(storage.as_ref(), &id);
    assert_eq!(loaded.get_heads(), doc.get_heads());
    assert_eq!(text(&loaded, "n4").as_deref(), Some("tekst"));
}

/// A writer that did not hear the COMMIT's answer writes again.
fn a_retried_batch_changes_nothing(open: &Open) {
    let storage = open("a");
    let (id, mut doc) = session_with_document(storage.as_ref(), "s1", "AAAAAA");
    let write = ChunkWrite {
        document_id: id,
        bytes: note(&mut doc, "first", "een"),
        kind: WriteKind::Append,
    };
    storage.write_chunks(std::slice::from_ref(&write)).unwrap();
    let mut before = load(storage.as_ref(), &id);
    storage.write_chunks(&[write]).unwrap();
    let mut after = load(storage.as_ref(), &id);
    assert_eq!(before.get_heads(), after.get_heads());
    assert_eq!(text(&after, "first").as_deref(), Some("een"));
}

fn a_deleted_session_leaves_nothing_and_takes_no_late_writes(open: &Open) {
    let storage = open("a");
    let (id, mut doc) = session_with_document(storage.as_ref(), "s1", "AAAAAA");
    storage.append_summary_edit("s1", "{}").unwrap();
    storage
        .save_summary_overall("s1", "", Some("overall"))
        .unwrap();
    storage.delete_session("s1").unwrap();
    // An actor still shutting down writes after the delete.
    let late = note(&mut doc, "late", "te laat");
    storage
        .write_chunks(&[ChunkWrite {
            document_id: id,
            bytes: late,
            kind: WriteKind::Append,
        }])
        .unwrap();
    storage
        .save_closing_snapshot("s1", "r1", 1, b"late")
        .unwrap();
    assert!(storage.load_chunks(&id).unwrap().is_empty());
    assert!(storage.documents().unwrap().is_empty());
    assert!(storage.sessions().unwrap().is_empty());
    assert!(storage.summary_edits("s1").unwrap().is_empty());
    assert_eq!(storage.summary_overall("s1", "").unwrap(), None);
}

fn review_edits_keep_their_order_and_the_overall_text_can_be_cleared(open: &Open) {
    let storage = open("a");
    session_with_document(storage.as_ref(), "s1", "AAAAAA");
    for i in 0..20 {
        storage
            .append_summary_edit("s1", &format!("{{\"n\":{i}}}"))
            .unwrap();
    }
    let edits = storage.summary_edits("s1").unwrap();
    let expected: Vec<String> = (0..20).map(|i| format!("{{\"n\":{i}}}")).collect();
    assert_eq!(edits, expected);
    storage
        .save_summary_overall("s1", "round-1", Some("eerst"))
        .unwrap();
    storage
        .save_summary_overall("s1", "round-1", Some("daarna"))
        .unwrap();
    assert_eq!(
        storage.summary_overall("s1", "round-1").unwrap().as_deref(),
        Some("daarna")
    );
    storage.save_summary_overall("s1", "round-1", None).unwrap();
    assert_eq!(storage.summary_overall("s1", "round-1").unwrap(), None);
    storage.check().unwrap();
}

fn sessions_are_found_by_id_and_by_join_code(open: &Open) {
    let storage = open("a");
    session_with_document(storage.as_ref(), "s1", "AAAAAA");
    session_with_document(storage.as_ref(), "s2", "BBBBBB");
    let mut updated = session("s1", "AAAAAA");
    updated.state_json = "{\"changed\":true}".into();
    storage.save_session(&updated).unwrap();
    let found = storage
        .session(&SessionId::new("s1").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(found, updated);
    let by_code = storage.session_by_code("BBBBBB").unwrap().unwrap();
    assert_eq!(by_code.session_id.as_str(), "s2");
    assert_eq!(storage.session_by_code("CCCCCC").unwrap(), None);
    assert_eq!(storage.sessions().unwrap().len(), 2);
}

// ---- Several nodes on one PostgreSQL database ----

fn with_two_nodes(story: impl FnOnce(Arc<dyn Storage>, Arc<dyn Storage>)) {
    let Some(server) = TempPostgres::start() else {
        return;
    };
    let open = |name: &str| samenbord_server::storage::open(&server.url(), &node(name)).unwrap();
    story(open("a"), open("b"));
}

/// Split brain: node a still thinks it serves the session after node b
/// took it over. The fencing token refuses a's writes; every write that
/// was acknowledged (to a before, to b after) is there.
#[test]
fn a_stale_owner_cannot_write_after_a_takeover_and_nothing_acknowledged_is_lost() {
    with_two_nodes(|a, b| {
        let s1 = SessionId::new("s1").unwrap();
        let (id, mut doc) = session_with_document(a.as_ref(), "s1", "AAAAAA");
        a.append_chunk(&id, &note(&mut doc, "by-a", "acknowledged"))
            .unwrap();
        assert!(matches!(
            b.acquire(&s1).unwrap(),
            Lease::Elsewhere { node } if node == "a"
        ));

        // a stops renewing (it hangs); its lease runs out and b takes over.
        std::thread::sleep(LEASE + Duration::from_millis(300));
        let Lease::Held { token } = b.acquire(&s1).unwrap() else {
            panic!("b could not take over an expired lease");
        };
        assert!(token > 1, "a takeover raises the fencing token");
        let mut at_b = load(b.as_ref(), &id);
        assert_eq!(text(&at_b, "by-a").as_deref(), Some("acknowledged"));
        b.append_chunk(&id, &note(&mut at_b, "by-b", "after takeover"))
            .unwrap();

        // a wakes up and writes as if nothing happened: every write refused.
        let stale = note(&mut doc, "stale", "never acknowledged");
        let refused = |result: Result<(), StorageError>| {
            assert!(
                matches!(result, Err(StorageError::LeaseLost(_))),
                "{result:?}"
            );
        };
        refused(a.append_chunk(&id, &stale));
        refused(a.compact(&id, &doc.save()));
        refused(a.save_session(&session("s1", "AAAAAA")));
        refused(a.append_summary_edit("s1", "{}"));
        refused(a.delete_session("s1"));
        assert_eq!(a.renew().unwrap(), vec![s1.clone()], "a learns it lost s1");
        assert!(!a.holds(&s1));

        let stored = load(b.as_ref(), &id);
        assert_eq!(text(&stored, "by-a").as_deref(), Some("acknowledged"));
        assert_eq!(text(&stored, "by-b").as_deref(), Some("after takeover"));
        assert_eq!(text(&stored, "stale"), None);
        assert!(b.summary_edits("s1").unwrap().is_empty());
    });
}

/// A renewed lease outlives its period; another node (the one HAProxy
/// sends the session to now) cannot take it while it is live, but asks,
/// and the holder hands it over at its next renewal, without the wait.
#[test]
fn a_renewed_lease_is_kept_until_another_node_asks_for_it() {
    with_two_nodes(|a, b| {
        let s1 = SessionId::new("s1").unwrap();
        let Lease::Held { token } = a.acquire(&s1).unwrap() else {
            panic!("a free lease is taken");
        };
        for _ in 0..4 {
            std::thread::sleep(LEASE / 2);
            assert!(a.renew().unwrap().is_empty());
        }
        assert_eq!(a.acquire(&s1).unwrap(), Lease::Held { token });
        assert!(matches!(b.acquire(&s1).unwrap(), Lease::Elsewhere { .. }));
        assert_eq!(a.renew().unwrap(), vec![s1.clone()], "a hands s1 over");
        assert!(!a.holds(&s1));
        let Lease::Held { token: next } = b.acquire(&s1).unwrap() else {
            panic!("b takes a handed-over lease at once");
        };
        assert!(next > token);
    });
}

#[test]
fn two_nodes_migrating_one_new_database_at_once_both_start() {
    let Some(server) = TempPostgres::start() else {
        return;
    };
    let url = server.url();
    let starts: Vec<_> = (0..3)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                samenbord_server::storage::open(&url, &node(&format!("n{i}"))).map(|_| ())
            })
        })
        .collect();
    for start in starts {
        start.join().unwrap().unwrap();
    }
}

/// A session whose creator released it (HAProxy routes it elsewhere) and
/// that no node serves still deletes itself when its retention passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_nobody_serves_is_deleted_by_another_node() {
    use samenbord_core::ids::TemplateId;
    use samenbord_core::session::{SessionSettings, single_card_plan};
    use samenbord_server::metrics::Metrics;
    use samenbord_server::registry::Registry;
    use samenbord_server::sync::hub::{Hub, HubConfig};

    const DAY: i64 = 24 * 60 * 60 * 1000;
    let Some(server) = TempPostgres::start() else {
        return;
    };
    let registry_on = |name: &str| {
        let storage = samenbord_server::storage::open(&server.url(), &node(name)).unwrap();
        let hub = Arc::new(
            Hub::new(
                storage.clone(),
                Arc::new(Metrics::default()),
                HubConfig {
                    queue_size: 16,
                    idle_unload: Duration::from_secs(60),
                    coalesce: Coalescing::new(Policy::Fixed(Duration::ZERO)),
                    dormant_after: None,
                    max_document_bytes: usize::MAX,
                },
                tokio_util::task::TaskTracker::new(),
            )
            .unwrap(),
        );
        let registry = Registry::load(storage.clone(), hub, Default::default()).unwrap();
        (registry, storage)
    };
    let now = 1_800_000_000_000;
    let (a, _) = registry_on("a");
    let template = TemplateId::new("dialoogkaart-partnerschapsdag").unwrap();
    let settings = SessionSettings {
        title: "Dag".into(),
        anonymous: false,
        retention_days: 7,
    };
    a.create(
        settings,
        single_card_plan("Dag", &template, 2).unwrap(),
        now,
    )
    .await
    .unwrap();

    let (b, storage) = registry_on("b");
    assert_eq!(b.delete_expired(now + 7 * DAY - 1).await.unwrap(), 0);
    assert_eq!(b.delete_expired(now + 7 * DAY).await.unwrap(), 1);
    assert!(storage.sessions().unwrap().is_empty());
}

fn attachment(n: u32, participant: &str, size: usize) -> (AttachmentRecord, Vec<u8>) {
    let record = AttachmentRecord {
        id: AttachmentId::new(format!("a{n}")).unwrap(),
        session_id: SessionId::new("s1").unwrap(),
        room_id: RoomId::new("r1").unwrap(),
        participant_id: ParticipantId::new(participant).unwrap(),
        name: format!("data-{n}.csv"),
        content_type: "text/csv".into(),
        size: size as u64,
    };
    (record, vec![b'x'; size])
}

fn attachments_keep_their_bounds_and_go_with_their_session(open: &Open) {
    let storage = open("a");
    session_with_document(storage.as_ref(), "s1", "AAAAAA");
    let limits = AttachmentLimits {
        max_file_bytes: 100,
        max_files_per_participant: 2,
        max_bytes_per_participant: 150,
        max_files_per_session: 3,
        max_bytes_per_session: 1_000,
    };
    let put = |n, who, size| {
        let (record, bytes) = attachment(n, who, size);
        storage.put_attachment(&record, &bytes, &limits).unwrap()
    };
    assert_eq!(put(1, "p1", 80), PutOutcome::Stored);
    // Past one person's bytes, then past their number of files.
    assert_eq!(
        put(2, "p1", 80),
        PutOutcome::Refused(AttachmentRefusal::ParticipantFull)
    );
    assert_eq!(put(3, "p1", 10), PutOutcome::Stored);
    assert_eq!(
        put(4, "p1", 10),
        PutOutcome::Refused(AttachmentRefusal::ParticipantFull)
    );
    assert_eq!(put(5, "p2", 10), PutOutcome::Stored);
    assert_eq!(
        put(6, "p3", 10),
        PutOutcome::Refused(AttachmentRefusal::SessionFull)
    );
    let session = SessionId::new("s1").unwrap();
    let (record, bytes) = storage
        .attachment(&session, &AttachmentId::new("a1").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((record.name.as_str(), bytes.len()), ("data-1.csv", 80));
    assert!(
        storage
            .attachment(&session, &AttachmentId::new("a2").unwrap())
            .unwrap()
            .is_none()
    );
    // Another session cannot read it by id.
    assert!(
        storage
            .attachment(
                &SessionId::new("s2").unwrap(),
                &AttachmentId::new("a1").unwrap()
            )
            .unwrap()
            .is_none()
    );
    storage.delete_session("s1").unwrap();
    assert!(
        storage
            .attachment(&session, &AttachmentId::new("a1").unwrap())
            .unwrap()
            .is_none()
    );
}
