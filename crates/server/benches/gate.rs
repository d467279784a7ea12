//! What the room gate (`samenbord_protocol::gate::inspect`) costs the
//! server per received change, beside Automerge's own floors: the gate
//! reads every participant's change before Automerge applies it.
//!
//! - `gate_new_note/N`: a participant adds a note (the note map, its text
//!   and author fields, as the web client writes them) to a room of N
//!   notes;
//! - `gate_typed_word/N`: a participant types a word into a note of theirs.
//!
//! Rooms are made as the server makes them (`create_room_document`, so
//! every server field and collection is there) and filled one note per
//! change. Inspecting does not change the document, so every iteration
//! reads the same state.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::time::Duration;

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use samenbord_core::room::{RoomMeta, create_room_document};
use samenbord_protocol::gate::{self, Author, RecordRight, RevealRight, Writer};

const SIZES: [u64; 2] = [50, 500];

const WRITER: Author<'static> = Author {
    participant_id: "p-ana",
    name: "Ana",
    role: "mentor",
    voter_id: "p-ana",
};

/// Puts a note by `author` under `notes[id]`, as the web client does;
/// returns its text object.
fn put_note(doc: &mut AutoCommit, notes: &ObjId, id: &str, author: &Author<'_>) -> ObjId {
    let note = doc.put_object(notes, id, ObjType::Map).unwrap();
    doc.put(&note, "id", id).unwrap();
    doc.put(&note, "target", "opbrengsten").unwrap();
    let text = doc.put_object(&note, "text", ObjType::Text).unwrap();
    doc.splice_text(&text, 0, 0, "de school zou meer tijd moeten maken")
        .unwrap();
    doc.put(&note, "author_id", author.participant_id).unwrap();
    doc.put(&note, "author_name", author.name).unwrap();
    doc.put(&note, "author_role", author.role).unwrap();
    doc.put(&note, "colour", "yellow").unwrap();
    doc.put(&note, "created_at", ScalarValue::Int(1_700_000_000_000))
        .unwrap();
    doc.put(&note, "order", ScalarValue::F64(1.0)).unwrap();
    doc.put_object(&note, "votes", ObjType::Map).unwrap();
    doc.put(&note, "topic_id", ScalarValue::Null).unwrap();
    doc.put(&note, "deleted", false).unwrap();
    text
}

/// The server's replica of a room of `size` notes, the writer's replica
/// of it, and the writer's own last note's text.
fn room(size: u64) -> (AutoCommit, AutoCommit, ObjId) {
    let mut server = create_room_document(&RoomMeta {
        session_id: "s1".into(),
        round_id: "r1".into(),
        room_id: "room-1".into(),
        template_id: "dialoogkaart".into(),
        group_label: "Groep 1".into(),
        statement: "Samen opleiden begint bij de werkplek".into(),
        initial_phase: Some("verkennen".into()),
    })
    .unwrap();
    let notes = match server.get(ROOT, "notes").unwrap() {
        Some((_, id)) => id,
        None => server.put_object(ROOT, "notes", ObjType::Map).unwrap(),
    };
    server.commit();
    let mut text = None;
    for i in 0..size {
        text = Some(put_note(&mut server, &notes, &format!("n{i}"), &WRITER));
        server.commit();
    }
    let writer = server.fork();
    (server, writer, text.expect("a room of at least one note"))
}

/// The message that carries `edit`'s change from the writer to a server
/// that has everything else.
fn message_with(
    server: &mut AutoCommit,
    writer: &mut AutoCommit,
    edit: impl FnOnce(&mut AutoCommit),
) -> sync::Message {
    let mut writer = writer.fork();
    let mut to_server = sync::State::new();
    let mut to_writer = sync::State::new();
    // Settle first, so the message below holds the one new change.
    for _ in 0..10 {
        let a = writer.sync().generate_sync_message(&mut to_server);
        let b = server.sync().generate_sync_message(&mut to_writer);
        if a.is_none() && b.is_none() {
            break;
        }
        if let Some(m) = a {
            server
                .sync()
                .receive_sync_message(&mut to_writer, m)
                .unwrap();
        }
        if let Some(m) = b {
            writer
                .sync()
                .receive_sync_message(&mut to_server, m)
                .unwrap();
        }
    }
    edit(&mut writer);
    writer.commit();
    let message = writer.sync().generate_sync_message(&mut to_server).unwrap();
    assert_eq!(message.changes.len(), 1, "one new change in the message");
    message
}

fn gate(c: &mut Criterion) {
    let mut group = c.benchmark_group("gate");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let writer = Writer::Participant {
        author: WRITER,
        reveal: RevealRight::MayNot,
        record: RecordRight::MayNot,
    };
    for size in SIZES {
        let (mut server, mut client, text) = room(size);
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        let new_note = message_with(&mut server, &mut client, |doc| {
            put_note(doc, &notes, "n-new", &WRITER);
        });
        let typed = message_with(&mut server, &mut client, |doc| {
            let end = doc.length(&text);
            doc.splice_text(&text, end, 0, " en visie").unwrap();
        });
        for (name, message) in [("gate_new_note", &new_note), ("gate_typed_word", &typed)] {
            gate::inspect(&mut server, message, &writer).expect("the gate lets it in");
            group.bench_function(BenchmarkId::new(name, size), |b| {
                b.iter(|| gate::inspect(&mut server, message, &writer))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, gate);
criterion_main!(benches);
