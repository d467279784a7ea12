//! The floor under the day load's CPU per change that Automerge's floor
//! leaves out: what a server spends on a change when it does nothing but
//! the I/O every durable sync server must do for it, with the changes
//! spaced as the partnership-day load spaces them.
//!
//! One room of ten WebSocket clients on loopback; every 1/70 s one of
//! them sends a change (200 bytes). The relay, alone on its core, appends
//! the change to a file and syncs it (`fdatasync`) — or does not, in the
//! second run — then sends it to the nine others and a reply to the
//! author, and reads the nine acknowledgements (60 bytes each) the others
//! send back: the twenty messages of one change in the automerge-repo sync
//! protocol, and no work at all on their content. The clients run on the
//! other core, as `bench/run` pins the generator.
//!
//! Printed per change: the relay thread's CPU time (from
//! `/proc/self/task/<tid>/schedstat`) and its context switches.
//! `cargo bench -p samenbord-server --bench relay_floor`; with
//! `SAMENBORD_RELAY_FLOOR_OUT=<file>` the CPU per change (ns) is also
//! written there as JSON, which `bench/run` does for its report. Not a
//! criterion bench: criterion times a hot loop, and the point here is the
//! cost of waking from idle for each message.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

use std::io::Write;
use std::time::{Duration, Instant};

use futures_util::stream::SelectAll;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

const CLIENTS: usize = 10;
const CHANGES_PER_SECOND: f64 = 70.0;
const WARM_UP: Duration = Duration::from_secs(2);
const MEASURE: Duration = Duration::from_secs(10);
/// What the day load's generator spends on each message it receives: 15 %
/// of its core at 70 changes/s is ~2.1 ms a change, ~20 messages. A client
/// here busy-waits that long before it answers, so the acknowledgements
/// reach the relay spread out as they do in the day load (the second
/// pattern; the first answers at once).
const GENERATOR_WORK: Duration = Duration::from_micros(100);
const CHANGE: u8 = 1;
const ACK: u8 = 2;

#[derive(Clone, Copy, PartialEq)]
enum Durability {
    Synced,
    NotSynced,
}

/// How soon a client answers what it receives.
#[derive(Clone, Copy)]
enum Answers {
    AtOnce,
    LikeTheGenerator,
}

fn main() {
    let mut floors = std::collections::BTreeMap::new();
    for answers in [Answers::AtOnce, Answers::LikeTheGenerator] {
        for durability in [Durability::Synced, Durability::NotSynced] {
            let (cpu, switches, changes) = run(durability, answers);
            let key = format!(
                "relay_floor/{}/{}",
                match durability {
                    Durability::Synced => "synced",
                    Durability::NotSynced => "not_synced",
                },
                match answers {
                    Answers::AtOnce => "answered_at_once",
                    Answers::LikeTheGenerator => "answered_like_the_generator",
                }
            );
            floors.insert(key, cpu.as_secs_f64() * 1e9 / changes as f64);
            let storage = match durability {
                Durability::Synced => "append + fdatasync",
                Durability::NotSynced => "no storage",
            };
            let pace = match answers {
                Answers::AtOnce => "answered at once",
                Answers::LikeTheGenerator => "answered after 100 µs",
            };
            report(&format!("{storage}, {pace}"), cpu, switches, changes);
        }
    }
    if let Some(out) = std::env::var_os("SAMENBORD_RELAY_FLOOR_OUT") {
        let text = serde_json::to_string_pretty(&floors).unwrap();
        std::fs::write(out, text + "\n").unwrap();
    }
}

fn report(label: &str, cpu: Duration, switches: u64, changes: u64) {
    println!(
        "relay_floor/{label}: {:.1} µs CPU and {:.1} context switches per change ({changes} changes)",
        cpu.as_secs_f64() * 1e6 / changes as f64,
        switches as f64 / changes as f64,
    );
}

/// This thread's id, from `/proc/thread-self` (a link to `<pid>/task/<tid>`).
fn thread_id() -> u64 {
    let link = std::fs::read_link("/proc/thread-self").unwrap();
    link.file_name().unwrap().to_str().unwrap().parse().unwrap()
}

/// Pins the calling thread to `core` when the machine has that core, with
/// util-linux's `taskset` (the workspace forbids the `unsafe` a direct
/// `sched_setaffinity` would need).
fn pin(core: usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        return;
    }
    let status = std::process::Command::new("taskset")
        .args(["-p", "-c", &core.to_string(), &thread_id().to_string()])
        .stdout(std::process::Stdio::null())
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!("relay_floor: could not pin a thread to core {core}; results are unpinned");
    }
}

/// The relay thread's CPU time and context switches so far.
fn thread_usage(tid: u64) -> (Duration, u64) {
    let schedstat = std::fs::read_to_string(format!("/proc/self/task/{tid}/schedstat")).unwrap();
    let nanos: u64 = schedstat
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let status = std::fs::read_to_string(format!("/proc/self/task/{tid}/status")).unwrap();
    let switches = status
        .lines()
        .filter(|l| l.contains("ctxt_switches"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum();
    (Duration::from_nanos(nanos), switches)
}

fn run(durability: Durability, answers: Answers) -> (Duration, u64, u64) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let (tid_sender, tid_receiver) = std::sync::mpsc::channel();
    let relay = std::thread::spawn(move || {
        pin(0);
        tid_sender.send(thread_id()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(serve(listener, durability));
    });
    let tid = tid_receiver.recv().unwrap();
    let clients = std::thread::spawn(move || {
        pin(1);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(drive(address, tid, answers))
    });
    let measured = clients.join().unwrap();
    relay.join().unwrap();
    measured
}

/// Relays every change of one room, as described in the module docs;
/// returns when every client has gone.
async fn serve(listener: std::net::TcpListener, durability: Durability) {
    listener.set_nonblocking(true).unwrap();
    let listener = TcpListener::from_std(listener).unwrap();
    let file_dir = tempfile::tempdir().unwrap();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file_dir.path().join("changes"))
        .unwrap();
    let mut sinks = Vec::new();
    let mut streams = SelectAll::new();
    for index in 0..CLIENTS {
        let (stream, _) = listener.accept().await.unwrap();
        stream.set_nodelay(true).unwrap();
        let socket = tokio_tungstenite::accept_async(stream).await.unwrap();
        let (sink, stream) = socket.split();
        sinks.push(sink);
        streams.push(stream.map(move |message| (index, message)));
    }
    while let Some((from, Ok(message))) = streams.next().await {
        let Message::Binary(bytes) = message else {
            continue;
        };
        if bytes.first() != Some(&CHANGE) {
            continue;
        }
        if durability == Durability::Synced {
            file.write_all(&bytes).unwrap();
            file.sync_data().unwrap();
        }
        for (index, sink) in sinks.iter_mut().enumerate() {
            let out = if index == from {
                Message::Binary(vec![ACK; 60].into())
            } else {
                Message::Binary(bytes.clone())
            };
            if sink.send(out).await.is_err() {
                return;
            }
        }
    }
}

/// Connects the clients, sends changes at the day load's pace, and
/// measures the relay thread over the measured window.
async fn drive(address: std::net::SocketAddr, tid: u64, answers: Answers) -> (Duration, u64, u64) {
    let mut senders = Vec::new();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let stream = TcpStream::connect(address).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (socket, _) = tokio_tungstenite::client_async(format!("ws://{address}/"), stream)
            .await
            .unwrap();
        let (changes, mut to_send) = mpsc::channel::<()>(4);
        let (done, stopped) = oneshot::channel::<()>();
        senders.push((changes, done));
        tasks.push(tokio::spawn(async move {
            let (mut sink, mut stream) = socket.split();
            let mut stopped = stopped;
            loop {
                tokio::select! {
                    Some(()) = to_send.recv() => {
                        sink.send(Message::Binary(vec![CHANGE; 200].into())).await.unwrap();
                    }
                    Some(Ok(Message::Binary(bytes))) = stream.next() => {
                        if let Answers::LikeTheGenerator = answers {
                            let until = Instant::now() + GENERATOR_WORK;
                            while Instant::now() < until {
                                std::hint::spin_loop();
                            }
                        }
                        if bytes.first() == Some(&CHANGE) {
                            sink.send(Message::Binary(vec![ACK; 60].into())).await.unwrap();
                        }
                    }
                    _ = &mut stopped => break,
                }
            }
            let _ = sink.close().await;
        }));
    }
    let interval = Duration::from_secs_f64(1.0 / CHANGES_PER_SECOND);
    let mut ticker = tokio::time::interval(interval);
    let started = Instant::now();
    let mut sent = 0u64;
    let mut at_start = None;
    let mut counted_from = 0;
    while started.elapsed() < WARM_UP + MEASURE {
        ticker.tick().await;
        if at_start.is_none() && started.elapsed() >= WARM_UP {
            at_start = Some(thread_usage(tid));
            counted_from = sent;
        }
        let (changes, _) = &senders[sent as usize % CLIENTS];
        changes.send(()).await.unwrap();
        sent += 1;
    }
    // Let the last change's acknowledgements arrive before reading.
    tokio::time::sleep(interval).await;
    let (cpu_end, switches_end) = thread_usage(tid);
    let (cpu_start, switches_start) = at_start.unwrap();
    for (_, done) in senders {
        let _ = done.send(());
    }
    for task in tasks {
        task.await.unwrap();
    }
    (
        cpu_end - cpu_start,
        switches_end - switches_start,
        sent - counted_from,
    )
}
