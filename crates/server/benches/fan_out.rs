//! What one change costs the server to pass on, with and without the
//! bytes it arrived as (`samenbord_server::sync::arrived`, issue 17):
//!
//! - `message_rebuilt/N` / `message_as_arrived/N`: the sync message for a
//!   peer that lacks a word just typed into a room of N notes, as
//!   Automerge builds it (encoding the change again from the operation
//!   set) and as the fan-out builds it (Automerge's message, the change's
//!   bytes as they arrived);
//! - `stored_rebuilt/N` / `stored_as_arrived/N`: the chunk storage gets
//!   for that change, from `save_after` and from the arrived bytes.
//!
//! Nothing measured changes the document, so every iteration starts from
//! the same state (the peer's sync state is cloned each time).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::time::Duration;

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT, ReadDoc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use samenbord_protocol::gate;
use samenbord_server::sync::acknowledgement::RecentHeads;
use samenbord_server::sync::arrived::ArrivedChanges;
use samenbord_server::sync::shared_messages::SharedMessages;

#[path = "support/room.rs"]
mod support;

const SIZES: [u64; 2] = [50, 500];

/// Syncs `peer` and `server` until neither has anything to say.
fn settle(
    server: &mut AutoCommit,
    to_peer: &mut sync::State,
    peer: &mut AutoCommit,
    to_server: &mut sync::State,
) {
    for _ in 0..20 {
        let a = peer.sync().generate_sync_message(to_server);
        let b = server.sync().generate_sync_message(to_peer);
        if a.is_none() && b.is_none() {
            return;
        }
        if let Some(m) = a {
            server.sync().receive_sync_message(to_peer, m).unwrap();
        }
        if let Some(m) = b {
            peer.sync().receive_sync_message(to_server, m).unwrap();
        }
    }
    panic!("did not settle");
}

fn fan_out(c: &mut Criterion) {
    let mut group = c.benchmark_group("fan_out");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let (mut server, text) = support::room(size, &support::ANA);
        let text = text.expect("a room of at least one note");
        let (mut writer, mut reader) = (server.fork(), server.fork());
        let (mut to_writer, mut writer_to_server) = (sync::State::new(), sync::State::new());
        let (mut to_reader, mut reader_to_server) = (sync::State::new(), sync::State::new());
        settle(
            &mut server,
            &mut to_writer,
            &mut writer,
            &mut writer_to_server,
        );
        settle(
            &mut server,
            &mut to_reader,
            &mut reader,
            &mut reader_to_server,
        );
        let mut recent = RecentHeads::default();
        recent.record(&mut server);
        let before = server.get_heads();

        let end = writer.length(&text);
        writer.splice_text(&text, end, 0, " en visie").unwrap();
        writer.commit();
        let message = writer
            .sync()
            .generate_sync_message(&mut writer_to_server)
            .unwrap();
        let mut arrived = ArrivedChanges::default();
        arrived.keep(&gate::new_changes(&mut server, &message).unwrap());
        server
            .sync()
            .receive_sync_message(&mut to_writer, message)
            .unwrap();
        recent.record(&mut server);
        let added = recent.last_batch().unwrap().added.to_vec();
        assert_eq!(added.len(), 1, "one new change");
        assert!(server.get(ROOT, "notes").unwrap().is_some());

        group.bench_function(BenchmarkId::new("message_rebuilt", size), |b| {
            b.iter(|| {
                let mut state = to_reader.clone();
                SharedMessages::new(&mut server).next(&mut server, &recent, &mut state)
            })
        });
        group.bench_function(BenchmarkId::new("message_as_arrived", size), |b| {
            b.iter(|| {
                let mut state = to_reader.clone();
                let mut shared =
                    SharedMessages::new(&mut server).with_arrived(recent.last_batch(), &arrived);
                let message = shared.next(&mut server, &recent, &mut state);
                assert_eq!(shared.sent_as_arrived(), 1);
                message
            })
        });
        group.bench_function(BenchmarkId::new("stored_rebuilt", size), |b| {
            b.iter(|| server.save_after(&before))
        });
        group.bench_function(BenchmarkId::new("stored_as_arrived", size), |b| {
            b.iter(|| arrived.chunk(&added))
        });
    }
    group.finish();
}

criterion_group!(benches, fan_out);
criterion_main!(benches);
