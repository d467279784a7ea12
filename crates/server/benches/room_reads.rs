//! What the organiser's overview pays per room per poll to read a room
//! document (`samenbord_server::room_reads`):
//!
//! - `overview_read_changed/N`: a room written to since the last poll,
//!   loaded and read afresh;
//! - `overview_read_unchanged/N`: a room nobody wrote to, answered from
//!   the kept reading;
//! - `read_room_loaded/N`: only reading an already loaded document into a
//!   `RoomDoc`, the part of a changed room's cost that is not loading.
//!
//! Rooms are made as the server makes them and filled one note per
//! change (N notes, each as the web client writes it).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::time::Duration;

use automerge::AutoCommit;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use samenbord_core::document_id::DocumentId;
use samenbord_core::room::read_room;
use samenbord_server::room_reads::RoomReads;

#[path = "support/room.rs"]
mod support;

const SIZES: [u64; 2] = [50, 500];

fn saved_room(size: u64) -> Vec<u8> {
    support::room(size, &support::ANA).0.save()
}

fn room_reads(c: &mut Criterion) {
    let mut group = c.benchmark_group("room_reads");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let bytes = saved_room(size);
        group.bench_function(BenchmarkId::new("overview_read_changed", size), |b| {
            b.iter(|| {
                // A fresh cache: every read loads.
                let reads = RoomReads::default();
                reads.read(DocumentId::random(), bytes.clone()).unwrap()
            })
        });
        let reads = RoomReads::default();
        let id = DocumentId::random();
        reads.read(id, bytes.clone()).unwrap();
        group.bench_function(BenchmarkId::new("overview_read_unchanged", size), |b| {
            b.iter(|| reads.read(id, bytes.clone()).unwrap())
        });
        let loaded = AutoCommit::load(&bytes).unwrap();
        group.bench_function(BenchmarkId::new("read_room_loaded", size), |b| {
            b.iter(|| read_room(&loaded).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, room_reads);
criterion_main!(benches);
