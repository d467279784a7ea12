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
use automerge::{AutoCommit, ObjId, ROOT, ReadDoc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use samenbord_protocol::gate::{self, RecordRight, RevealRight, Writer};

#[path = "support/room.rs"]
mod support;

const SIZES: [u64; 2] = [50, 500];

/// The server's replica of a room of `size` notes, the writer's replica
/// of it, and the writer's own last note's text.
fn room(size: u64) -> (AutoCommit, AutoCommit, ObjId) {
    let (mut server, text) = support::room(size, &support::ANA);
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
        author: support::ANA,
        reveal: RevealRight::MayNot,
        record: RecordRight::MayNot,
    };
    for size in SIZES {
        let (mut server, mut client, text) = room(size);
        let notes = client.get(ROOT, "notes").unwrap().unwrap().1;
        let new_note = message_with(&mut server, &mut client, |doc| {
            support::put_note(doc, &notes, "n-new", &support::ANA);
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
