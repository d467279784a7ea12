//! CI smoke run of the load generator against our server, in process:
//! two small rooms edit for two seconds, and every participant's replica
//! ends up with every note added in its room, light writers' included.
//! Asserts convergence, never timings.

#![allow(clippy::expect_used)] // a test fails loudly on setup failure

use std::path::Path;
use std::time::Duration;

use clap::Parser;
use samenbord_loadgen::smoke;
use samenbord_loadgen::target::Server;
use samenbord_loadgen::workload::Replicas;
use samenbord_server::cli::{Cli, Command};
use tokio_util::sync::CancellationToken;

fn serve_args(data_dir: &Path) -> samenbord_server::config::ServeArgs {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let argv = [
        "samenbord",
        "serve",
        "--data-dir",
        data_dir.to_str().expect("utf-8 temp path"),
        "--content-dir",
        content.to_str().expect("utf-8 content path"),
        "--web-dir",
        "/nonexistent",
        "--join-attempts-per-minute",
        "10000",
    ];
    match Cli::parse_from(argv).command {
        Command::Serve(args) => *args,
        _ => unreachable!("serve was asked for"),
    }
}

/// Runs the smoke load against a fresh in-process server.
async fn smoke_run(rooms: usize, participants: usize, replicas: Replicas) -> smoke::SmokeReport {
    let data = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("loopback port");
    let address = listener.local_addr().expect("address");
    let shutdown = CancellationToken::new();
    let args = serve_args(data.path());
    let token = shutdown.clone();
    let server = tokio::spawn(async move {
        samenbord_server::app::run(listener, args, token)
            .await
            .expect("server runs");
    });
    let target = Server::Ours {
        base: format!("http://{address}"),
    };
    let report = tokio::time::timeout(
        Duration::from_secs(60),
        smoke::run(
            &target,
            rooms,
            participants,
            replicas,
            Duration::from_secs(2),
        ),
    )
    .await
    .expect("smoke run within a minute")
    .expect("smoke run");
    shutdown.cancel();
    let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
    report
}

fn assert_converged(report: &smoke::SmokeReport, participants: usize) {
    assert!(
        report.notes_added >= participants,
        "every participant added a note: {report:?}"
    );
    assert!(
        report.missing.is_empty(),
        "replicas diverged: {:?}",
        report.missing
    );
    assert!(report.errors.is_empty(), "peer errors: {:?}", report.errors);
    assert!(
        report.step.latency.delivered > 0,
        "peers saw each other's edits"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_rooms_of_three_converge() {
    let report = smoke_run(2, 3, Replicas::All).await;
    assert_converged(&report, 6);
    assert_eq!(report.step.light_writers, 0);
}

/// Light writers re-base their changes onto a graph they never apply:
/// the server must take them as a browser's, and the replicas in the
/// room must end up with every note the writers added.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn light_writers_notes_reach_the_replicas_of_their_room() {
    let report = smoke_run(2, 4, Replicas::Measuring(2)).await;
    assert_converged(&report, 8);
    assert_eq!(report.step.light_writers, 4, "two per room write light");
}
