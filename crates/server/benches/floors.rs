//! Physical floors for the sync server: what no server on this machine can
//! beat, so BENCHMARKS.md can show our latency and CPU as multiples.
//!
//! - `ws_echo_round_trip`: one 64-byte binary frame to a loopback
//!   WebSocket echo server and back (tokio-tungstenite on both ends);
//! - `receive_change/N`: Automerge applying one received sync message
//!   that carries one typed word, in a room of N notes;
//! - `generate_sync_message/N`: Automerge producing the sync message that
//!   tells one other peer about that change;
//! - `load_5000_note_room`: `AutoCommit::load` of a saved 5,000-note room.
//!
//! Rooms have the note shape of docs/room-document.md, built the way the
//! load generator (crates/loadgen `notes::big_room`) builds them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::time::{Duration, Instant};

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

const SIZES: [u64; 3] = [500, 5_000, 20_000];

fn room(count: u64) -> (AutoCommit, ObjId) {
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "schema", 1).unwrap();
    let notes = doc.put_object(ROOT, "notes", ObjType::Map).unwrap();
    let mut first_text = None;
    for i in 0..count {
        let note = doc
            .put_object(&notes, format!("n{i}"), ObjType::Map)
            .unwrap();
        doc.put(&note, "id", format!("n{i}")).unwrap();
        doc.put(&note, "target", "opbrengsten").unwrap();
        let text = doc.put_object(&note, "text", ObjType::Text).unwrap();
        let words = format!("Opmerking {i}: de school zou meer tijd voor begeleiding moeten maken");
        doc.splice_text(&text, 0, 0, &words).unwrap();
        for (key, value) in [
            ("author_id", "p1"),
            ("author_name", "p1"),
            ("author_role", "school-leader"),
            ("colour", "yellow"),
        ] {
            doc.put(&note, key, value).unwrap();
        }
        doc.put(
            &note,
            "created_at",
            ScalarValue::Int(1_700_000_000_000 + i as i64),
        )
        .unwrap();
        doc.put(&note, "order", ScalarValue::F64(i as f64)).unwrap();
        doc.put_object(&note, "votes", ObjType::Map).unwrap();
        doc.put(&note, "topic_id", ScalarValue::Null).unwrap();
        doc.put(&note, "deleted", false).unwrap();
        first_text.get_or_insert(text);
        if i % 100 == 99 {
            doc.commit();
        }
    }
    doc.commit();
    (doc, first_text.unwrap())
}

/// Exchanges sync messages until neither side has anything to say.
fn settle(
    a: &mut AutoCommit,
    a_state: &mut sync::State,
    b: &mut AutoCommit,
    b_state: &mut sync::State,
) {
    for _ in 0..100 {
        let to_b = a.sync().generate_sync_message(a_state);
        let to_a = b.sync().generate_sync_message(b_state);
        if to_b.is_none() && to_a.is_none() {
            return;
        }
        if let Some(m) = to_b {
            b.sync().receive_sync_message(b_state, m).unwrap();
        }
        if let Some(m) = to_a {
            a.sync().receive_sync_message(a_state, m).unwrap();
        }
    }
    panic!("sync did not settle");
}

/// A server replica with two peers (`writer`, `reader`), all in sync.
struct Trio {
    server: AutoCommit,
    writer: AutoCommit,
    reader: AutoCommit,
    text: ObjId,
    s_w: sync::State,
    w_s: sync::State,
    s_r: sync::State,
    r_s: sync::State,
}

impl Trio {
    fn new(count: u64) -> Self {
        let (mut server, text) = room(count);
        let bytes = server.save_nocompress();
        let mut trio = Self {
            writer: AutoCommit::load(&bytes).unwrap(),
            reader: AutoCommit::load(&bytes).unwrap(),
            server,
            text,
            s_w: sync::State::new(),
            w_s: sync::State::new(),
            s_r: sync::State::new(),
            r_s: sync::State::new(),
        };
        trio.settle();
        trio
    }

    fn settle(&mut self) {
        settle(
            &mut self.server,
            &mut self.s_w,
            &mut self.writer,
            &mut self.w_s,
        );
        settle(
            &mut self.server,
            &mut self.s_r,
            &mut self.reader,
            &mut self.r_s,
        );
    }

    /// The writer types a word; its sync message to the server.
    fn typed(&mut self) -> sync::Message {
        let end = self.writer.length(&self.text);
        self.writer.splice_text(&self.text, end, 0, "x").unwrap();
        self.writer.commit();
        self.writer
            .sync()
            .generate_sync_message(&mut self.w_s)
            .unwrap()
    }
}

fn sync_floors(c: &mut Criterion) {
    let mut group = c.benchmark_group("floors");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    // `cargo test --all-targets` runs this once without `--bench`: keep
    // that quick by skipping the largest room.
    let measuring = std::env::args().any(|a| a == "--bench");
    for size in SIZES.into_iter().filter(|&s| measuring || s <= 500) {
        let mut trio = Trio::new(size);
        group.bench_function(BenchmarkId::new("receive_change", size), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let message = trio.typed();
                    let started = Instant::now();
                    trio.server
                        .sync()
                        .receive_sync_message(&mut trio.s_w, message)
                        .unwrap();
                    spent += started.elapsed();
                    trio.settle();
                }
                spent
            })
        });
        group.bench_function(BenchmarkId::new("generate_sync_message", size), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let message = trio.typed();
                    trio.server
                        .sync()
                        .receive_sync_message(&mut trio.s_w, message)
                        .unwrap();
                    let started = Instant::now();
                    let to_reader = trio.server.sync().generate_sync_message(&mut trio.s_r);
                    spent += started.elapsed();
                    if let Some(m) = to_reader {
                        trio.reader
                            .sync()
                            .receive_sync_message(&mut trio.r_s, m)
                            .unwrap();
                    }
                    trio.settle();
                }
                spent
            })
        });
    }
    let bytes = room(if measuring { 5_000 } else { 500 }).0.save();
    group.bench_function("load_5000_note_room", |b| {
        b.iter(|| AutoCommit::load(&bytes).unwrap())
    });
    group.finish();
}

fn ws_echo(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let url = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
                        return;
                    };
                    while let Some(Ok(message)) = socket.next().await {
                        if message.is_binary() && socket.send(message).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        format!("ws://{address}")
    });
    let mut socket =
        runtime.block_on(async { tokio_tungstenite::connect_async(&url).await.unwrap().0 });
    let payload = vec![7u8; 64];
    let mut group = c.benchmark_group("floors");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("ws_echo_round_trip", |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    socket
                        .send(Message::Binary(payload.clone().into()))
                        .await
                        .unwrap();
                    while let Some(Ok(message)) = socket.next().await {
                        if message.is_binary() {
                            break;
                        }
                    }
                }
                started.elapsed()
            })
        })
    });
    group.finish();
}

criterion_group!(floors, ws_echo, sync_floors);
criterion_main!(floors);
