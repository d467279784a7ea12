#![allow(clippy::unwrap_used)]

use super::*;
use crate::storage::{ChunkWrite, DocumentKind, DocumentRecord, StoredSession};

fn chunk_rows(storage: &SqliteStorage) -> i64 {
    storage
        .with(|c| Ok(c.query_row("SELECT count(*) FROM chunks", [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn a_deleted_sessions_documents_are_never_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path().join("db.sqlite")).unwrap();
    storage
        .save_session(&StoredSession {
            session_id: samenbord_core::ids::SessionId::new("s1").unwrap(),
            join_code: "ABC".into(),
            state_json: "{}".into(),
            expires_at: i64::MAX,
        })
        .unwrap();
    let id = DocumentId::random();
    let record = DocumentRecord {
        document_id: id,
        session_id: samenbord_core::ids::SessionId::new("s1").unwrap(),
        kind: DocumentKind::Private {
            participant_id: samenbord_core::ids::ParticipantId::new("p1").unwrap(),
        },
    };
    storage.insert_document(&record, b"first").unwrap();
    storage.delete_session("s1").unwrap();
    assert_eq!(chunk_rows(&storage), 0);

    // An actor still shutting down writes, appends and compacts.
    let late = |kind| ChunkWrite {
        document_id: id,
        bytes: b"late note text".to_vec(),
        kind,
    };
    storage
        .write_chunks(&[late(WriteKind::Append), late(WriteKind::Compact)])
        .unwrap();
    storage.append_chunk(&id, b"late").unwrap();
    storage.compact(&id, b"late").unwrap();
    storage
        .save_closing_snapshot("s1", "room", 1, b"late")
        .unwrap();
    assert_eq!(chunk_rows(&storage), 0, "nothing of the session is stored");
    let snapshots: i64 = storage
        .with(|c| Ok(c.query_row("SELECT count(*) FROM closing_snapshots", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(snapshots, 0);
}

#[test]
fn orphan_chunks_left_by_an_older_server_are_removed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let storage = SqliteStorage::open(&path).unwrap();
    storage
        .with(|c| {
            c.execute_batch(
                "DROP TRIGGER chunks_need_a_document;
                 INSERT INTO chunks (document_id, data) VALUES ('gone', x'00');",
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(chunk_rows(&storage), 1);
    drop(storage);
    let storage = SqliteStorage::open(&path).unwrap();
    assert_eq!(chunk_rows(&storage), 0);
}
