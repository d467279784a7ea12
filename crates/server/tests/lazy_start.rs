//! A server started over many stored sessions does not read their room
//! documents at start: it answers at once, and a room's document is read
//! when someone first opens it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;

/// The `samenbord_documents_loaded` gauge.
async fn documents_loaded(server: &TestServer) -> u64 {
    let (status, body) = server.get("/metrics", None).await;
    assert_eq!(status, 200);
    let text = body.as_str().unwrap_or_default().to_owned();
    text.lines()
        .find_map(|line| line.strip_prefix("samenbord_documents_loaded "))
        .and_then(|value| value.trim().parse::<f64>().ok())
        .map(|value| value as u64)
        .expect("the gauge is published")
}

#[tokio::test]
async fn room_documents_are_read_when_first_opened_not_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let flags = ["--sessions-per-address-per-hour", "100"];
    let server = TestServer::start_with(dir.path(), &flags).await;
    let mut days = Vec::new();
    for _ in 0..20 {
        let organiser = server.create_day().await;
        start_round_one(&server, &organiser).await;
        days.push(organiser);
    }
    let ana = server.join(&days[7].code, "Ana", "school-leader").await;
    server.stop().await;

    // 20 sessions × 7 rooms stored; none of them is read at start.
    let server = TestServer::start_with(dir.path(), &flags).await;
    let (status, _) = server.get("/healthz", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        documents_loaded(&server).await,
        0,
        "no document read at start"
    );

    let room = server.room_of(&ana).await;
    let mut client = server.client(&ana.token, "ana").await;
    open_loaded(&mut client, room).await;
    assert_eq!(
        documents_loaded(&server).await,
        1,
        "the room Ana opened, and only that"
    );
    server.stop().await;
}
