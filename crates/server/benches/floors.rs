//! Physical floors for the sync server: what no server on this machine can
//! beat, so BENCHMARKS.md can show our latency and CPU as multiples.
//!
//! - `ws_echo_round_trip`: one 64-byte binary frame to a loopback
//!   WebSocket echo server and back (tokio-tungstenite on both ends);
//! - `receive_change/N`: Automerge applying one received sync message
//!   that carries one typed word, in a room of N notes;
//! - `generate_sync_message/N`: Automerge producing the sync message that
//!   tells one other peer about that change;
//! - `receive_ack/N`: Automerge receiving that peer's reply (heads and
//!   `have` only, no changes): the per-peer cost of fanning a change out;
//! - `receive_ack_shortcut/N`: the same reply through the server's
//!   shortcut for acknowledgements (`sync::acknowledgement`), what the
//!   server pays instead of `receive_ack`;
//! - `answer_ack/N`: Automerge deciding there is nothing to answer;
//! - `answer_ack_shortcut/N`: the server deciding the same from the sync
//!   state alone (`sync::shared_messages::has_nothing_to_send`);
//! - `load_5000_note_room`: `AutoCommit::load` of a saved 5,000-note room.
//!
//! Rooms have the note shape of docs/room-document.md and are built the
//! way people build them: one change per note. Every sync floor is
//! measured at one fixed state: a server replica and two peers (`writer`,
//! `reader`) loaded from the saved room, settled, and past one warm-up
//! round, so the history is N + 2 changes (the empty room, N notes, one
//! typed word). Iterations run in chunks of at most 50, each chunk starting
//! from a copy of that state (restored outside the timed section), and each
//! typed word goes into a different note's text: the history never exceeds
//! N + 52 changes and no text grows by more than two letters.
//!
//! That matters because Automerge's costs grow with the history:
//! `receive_sync_message` walks the whole change graph (`filter_changes` →
//! `ChangeGraph::remove_ancestors`), and typing at the end of a long text
//! walks that text. Reusing one document for every criterion iteration
//! made the numbers depend on how many iterations criterion chose to run.
//! The warm-up round matters too: after the first handshake the `have` each
//! side holds has an empty `last_sync`, so generating the first change for
//! a peer checks the whole history against its Bloom filter (about 2 ms at
//! 5,000 notes, 10 ms at 20,000), once per peer session; a running session
//! no longer pays that, and neither do these floors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::time::{Duration, Instant};

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use futures_util::{SinkExt, StreamExt};
use samenbord_server::sync::{acknowledgement, shared_messages};
use tokio_tungstenite::tungstenite::Message;

const SIZES: [u64; 4] = [50, 500, 5_000, 20_000];

/// Iterations between two restores of the settled state; also how many
/// notes the writer types into, one word each, before a restore.
const CHUNK: u64 = 50;

/// Saved rooms of each of `sizes` notes (ascending), each note added as its
/// own change, and the text objects of the first `CHUNK` notes. One room is
/// built, saved as it passes each size: a room is the first notes of the
/// next one.
fn rooms(sizes: &[u64]) -> (Vec<(u64, Vec<u8>)>, Vec<ObjId>) {
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "schema", 1).unwrap();
    let notes = doc.put_object(ROOT, "notes", ObjType::Map).unwrap();
    doc.commit();
    let mut saved = Vec::new();
    let mut texts = Vec::new();
    for i in 0..sizes.iter().copied().max().unwrap_or(0) {
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
        doc.commit();
        if i < CHUNK {
            texts.push(text);
        }
        if sizes.contains(&(i + 1)) {
            saved.push((i + 1, doc.save()));
        }
    }
    (saved, texts)
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

/// Which step of a round the benchmark times.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    ReceiveChange,
    GenerateSyncMessage,
    ReceiveAck,
    /// The same acknowledgement through our shortcut (not a floor: what
    /// the server pays).
    ReceiveAckShortcut,
    /// Asking Automerge what to answer that acknowledgement (nothing).
    AnswerAck,
    /// Deciding that from the sync state (what the server pays).
    AnswerAckShortcut,
}

/// A server replica with two peers (`writer`, `reader`), all in sync.
#[derive(Clone)]
struct Trio {
    server: AutoCommit,
    writer: AutoCommit,
    reader: AutoCommit,
    texts: Vec<ObjId>,
    s_w: sync::State,
    w_s: sync::State,
    s_r: sync::State,
    r_s: sync::State,
}

impl Trio {
    /// The server replica loaded from `bytes`, the peers forked from it
    /// (own actors), with settled sync states.
    fn new(bytes: &[u8], texts: &[ObjId]) -> Self {
        let mut server = AutoCommit::load(bytes).unwrap();
        let mut trio = Self {
            writer: server.fork(),
            reader: server.fork(),
            server,
            texts: texts.to_vec(),
            s_w: sync::State::new(),
            w_s: sync::State::new(),
            s_r: sync::State::new(),
            r_s: sync::State::new(),
        };
        trio.settle();
        // One round, so every sync state holds a `have` with a non-empty
        // `last_sync`, as in a running session (see the module docs).
        trio.round(0, Step::ReceiveChange);
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

    /// One round: the writer types a word into the text of note
    /// `round % CHUNK`, the server receives it and tells the reader, the
    /// reader acknowledges, then everyone settles. Returns how long `step`
    /// took.
    ///
    /// A Bloom filter's false positive (about one round in a hundred) can
    /// leave the change out of the server's message to the reader, who
    /// then asks for it: that round is not the common case the floors
    /// describe, so it is settled untimed and typed again (CI failed on
    /// it). A retry adds one more letter to that note.
    fn round(&mut self, round: usize, step: Step) -> Duration {
        for _ in 0..10 {
            if let Some(took) = self.try_round(round, step) {
                return took;
            }
        }
        panic!("ten rounds in a row were not the common case: an acknowledgement needs no answer");
    }

    /// [`Self::round`], or `None` (everyone settled) when a false positive
    /// disturbed it.
    fn try_round(&mut self, round: usize, step: Step) -> Option<Duration> {
        let text = &self.texts[round % self.texts.len()];
        let end = self.writer.length(text);
        self.writer.splice_text(text, end, 0, "x").unwrap();
        self.writer.commit();
        let typed = self
            .writer
            .sync()
            .generate_sync_message(&mut self.w_s)
            .unwrap();

        let started = Instant::now();
        self.server
            .sync()
            .receive_sync_message(&mut self.s_w, typed)
            .unwrap();
        let receive_change = started.elapsed();
        // The first round after the handshake checks the writer's change
        // against a Bloom filter of the server's whole history: about one
        // time in a hundred a false positive leaves the change out (CI
        // failed on it once). Automerge's next round trip asks for it by
        // hash; untimed, so the floors stay those of the common case.
        if self.server.get_heads() != self.writer.get_heads() {
            settle(
                &mut self.server,
                &mut self.s_w,
                &mut self.writer,
                &mut self.w_s,
            );
        }

        let started = Instant::now();
        let to_reader = self.server.sync().generate_sync_message(&mut self.s_r);
        let generate = started.elapsed();

        self.reader
            .sync()
            .receive_sync_message(&mut self.r_s, to_reader.unwrap())
            .unwrap();
        if self.reader.get_heads() != self.server.get_heads() {
            self.settle();
            return None;
        }
        let ack = self
            .reader
            .sync()
            .generate_sync_message(&mut self.r_s)
            .unwrap();
        assert!(ack.changes.is_empty(), "the reader's reply carries changes");

        let started = Instant::now();
        if step == Step::ReceiveAckShortcut {
            let recent = acknowledgement::RecentHeads::default();
            acknowledgement::receive(&mut self.server, &recent, &mut self.s_r, ack).unwrap();
        } else {
            self.server
                .sync()
                .receive_sync_message(&mut self.s_r, ack)
                .unwrap();
        }
        let receive_ack = started.elapsed();

        let started = Instant::now();
        let answer = if step == Step::AnswerAckShortcut {
            let recent = acknowledgement::RecentHeads::default();
            let silent =
                shared_messages::has_nothing_to_send(&self.server.get_heads(), &recent, &self.s_r);
            assert!(silent, "the shortcut decides an acknowledgement");
            None
        } else {
            self.server.sync().generate_sync_message(&mut self.s_r)
        };
        let answer_ack = started.elapsed();
        if answer.is_some() {
            self.settle();
            return None;
        }

        self.settle();
        Some(match step {
            Step::ReceiveChange => receive_change,
            Step::GenerateSyncMessage => generate,
            Step::ReceiveAck | Step::ReceiveAckShortcut => receive_ack,
            Step::AnswerAck | Step::AnswerAckShortcut => answer_ack,
        })
    }
}

/// Times `iters` rounds of `step`, restoring `settled` (untimed) before
/// every chunk of at most `CHUNK` rounds.
fn measure(settled: &Trio, iters: u64, step: Step) -> Duration {
    let mut spent = Duration::ZERO;
    let mut done = 0;
    while done < iters {
        let mut trio = settled.clone();
        let chunk = (iters - done).min(CHUNK);
        for round in 0..chunk {
            spent += trio.round(round as usize, step);
        }
        done += chunk;
    }
    spent
}

fn sync_floors(c: &mut Criterion) {
    let mut group = c.benchmark_group("floors");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    // `cargo test --all-targets` runs this once without `--bench`: keep
    // that quick by skipping the large rooms.
    let measuring = std::env::args().any(|a| a == "--bench");
    let sizes: Vec<u64> = SIZES
        .into_iter()
        .filter(|&s| measuring || s <= 500)
        .collect();
    let (rooms, texts) = rooms(&sizes);
    let load_size = if measuring { 5_000 } else { 500 };
    for (size, bytes) in &rooms {
        let texts = &texts[..texts.len().min(*size as usize)];
        let settled = Trio::new(bytes, texts);
        for (name, step) in [
            ("receive_change", Step::ReceiveChange),
            ("generate_sync_message", Step::GenerateSyncMessage),
            ("receive_ack", Step::ReceiveAck),
            ("receive_ack_shortcut", Step::ReceiveAckShortcut),
            ("answer_ack", Step::AnswerAck),
            ("answer_ack_shortcut", Step::AnswerAckShortcut),
        ] {
            group.bench_function(BenchmarkId::new(name, size), |b| {
                b.iter_custom(|iters| measure(&settled, iters, step))
            });
        }
    }
    let (_, bytes) = rooms
        .iter()
        .find(|(size, _)| *size == load_size)
        .expect("the load room is one of the sizes");
    group.bench_function("load_5000_note_room", |b| {
        b.iter(|| AutoCommit::load(bytes).unwrap())
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
