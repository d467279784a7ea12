//! A hall joining from behind one router: 150 phones, one address, the
//! right code, all at once (each phone its own device key); then one
//! address trying 1,000 wrong codes. Prints how long the hall took and how
//! many guesses were answered before the limit, for BENCHMARKS.md
//! ("Joining a hall"). Run: `cargo bench -p samenbord-server --bench joins`.
//!
//! Default limits, release build, in-process server on loopback. The
//! numbers it must show: every join succeeds, well within 10 s; of the
//! 1,000 guesses all but the address's per-minute allowance are refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on setup failure

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use serde_json::json;
use support::TestServer;

const HALL: usize = 150;
const GUESSES: usize = 1_000;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;

    let started = Instant::now();
    let joins = (0..HALL).map(|n| {
        let (server, code) = (&server, organiser.code.clone());
        async move {
            let device = format!("telefoon-{n}");
            let body = json!({"code": code, "name": format!("Deelnemer {n}"), "role": "mentor"});
            server
                .post_with("/api/join", &[("x-samenbord-device", &device)], body)
                .await
                .0
        }
    });
    let statuses = futures_util::future::join_all(joins).await;
    let hall = started.elapsed();
    let joined = statuses.iter().filter(|s| **s == 201).count();

    let started = Instant::now();
    let mut answered = 0;
    let mut refused = 0;
    for n in 0..GUESSES {
        let body = json!({"code": format!("Z{n:05}"), "name": "Eve", "role": "other"});
        match server.post_with("/api/join", &[], body).await.0 {
            404 => answered += 1,
            429 => refused += 1,
            other => panic!("guess {n}: unexpected status {other}"),
        }
    }
    let guessing = started.elapsed();
    println!(
        "joins: {joined}/{HALL} joined from one address in {:.2} s; \
         {GUESSES} wrong codes from one address: {answered} answered, {refused} refused (429) in {:.2} s",
        hall.as_secs_f64(),
        guessing.as_secs_f64()
    );
    assert_eq!(joined, HALL, "every phone in the hall joins: {statuses:?}");
    assert!(hall.as_secs() < 10, "the hall joined in {hall:?}");
    assert!(refused >= GUESSES - 100, "guessing is throttled");
    server.stop().await;
}
