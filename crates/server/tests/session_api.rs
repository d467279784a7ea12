//! The session API as devices use it: the live event stream, join-code
//! rate limiting, validation errors, and the OpenAPI document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::*;

/// Reads server-sent events until `want` matches one, or times out.
async fn next_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
    want: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            for line in block.lines() {
                if let Some(data) = line.strip_prefix("data: ")
                    && let Ok(event) = serde_json::from_str::<Value>(data)
                    && want(&event)
                {
                    return event;
                }
            }
        }
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("timed out waiting for an event")
            .unwrap()
            .expect("stream ended");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_device_hears_its_room_the_timer_a_broadcast_and_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server
        .join(&organiser.code, "Ana", "institute-based-teacher-educator")
        .await;
    let ben = server.join(&organiser.code, "Ben", "board-member").await;
    let mut events = reqwest::get(format!("{}/api/events?token={}", server.base, ana.token))
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let mut buffer = String::new();
    let state = next_event(&mut events, &mut buffer, |e| e["type"] == "state").await;
    assert!(state["room"].is_null(), "in the lobby before the round");

    start_round_one(&server, &organiser).await;
    let assigned = next_event(&mut events, &mut buffer, |e| e["type"] == "room-assigned").await;
    assert_eq!(
        assigned["participant_id"],
        ana.id.as_str(),
        "only Ana's own assignment reaches her"
    );
    assert_eq!(assigned["room_id"], "instituutsopleiders");
    assert!(
        assigned["doc_url"]
            .as_str()
            .unwrap()
            .starts_with("automerge:")
    );

    let (status, _) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/timer"),
            Some(&organiser.secret),
            json!({"minutes": 10}),
        )
        .await;
    assert_eq!(status, 204);
    let timer = next_event(&mut events, &mut buffer, |e| e["type"] == "timer").await;
    assert!(timer["ends_at"].as_i64().unwrap() > 0);
    let (status, _) = server
        .post(
            &organiser.path("/broadcast"),
            Some(&organiser.secret),
            json!({"message": "Nog 10 minuten"}),
        )
        .await;
    assert_eq!(status, 204);
    let broadcast = next_event(&mut events, &mut buffer, |e| e["type"] == "broadcast").await;
    assert_eq!(broadcast["message"], "Nog 10 minuten");

    let (status, _) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/end"),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let closed = next_event(&mut events, &mut buffer, |e| e["type"] == "room-closed").await;
    assert!(closed["room_id"].is_string());
    next_event(&mut events, &mut buffer, |e| e["type"] == "round-ended").await;
    let (_, me) = server.get("/api/me", Some(&ben.token)).await;
    assert_eq!(me["room"]["room_id"], "bestuurders-teamleiders");
    assert_eq!(me["room"]["closed"], true);
    server.stop().await;
}

#[tokio::test]
async fn join_codes_cannot_be_guessed_at_speed() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--join-attempts-per-minute", "5"]).await;
    let organiser = server.create_day().await;
    let mut statuses = Vec::new();
    for n in 0..8 {
        let (status, body) = server
            .post(
                "/api/join",
                None,
                json!({"code": format!("ZZZZZ{n}"), "name": "Eve", "role": "other"}),
            )
            .await;
        assert!(
            body["code"].is_string(),
            "errors are JSON with a code: {body}"
        );
        statuses.push(status);
    }
    assert_eq!(
        &statuses[..5],
        &[404; 5],
        "wrong codes are simply not found"
    );
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // Even the right code is refused until the minute is over.
    let (status, _) = server
        .post(
            "/api/join",
            None,
            json!({"code": organiser.code, "name": "Eve", "role": "other"}),
        )
        .await;
    assert_eq!(status, 429);
    server.stop().await;
}

#[tokio::test]
async fn bad_requests_get_a_clear_error_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let cases = [
        (
            "/api/join",
            json!({"code": organiser.code, "name": "  ", "role": "mentor"}),
            409,
            "invalid-name",
        ),
        (
            "/api/join",
            json!({"code": organiser.code, "name": "Ana", "role": "admin"}),
            400,
            "invalid-role",
        ),
        (
            "/api/sessions",
            json!({"title": "X", "programme_id": "bestaat-niet"}),
            404,
            "not-found",
        ),
        (
            "/api/sessions",
            json!({"title": "", "programme_id": "partnerschapsdag"}),
            400,
            "invalid-title",
        ),
    ];
    for (path, body, status, code) in cases {
        let (got, answer) = server.post(path, None, body.clone()).await;
        assert_eq!(
            (got, answer["code"].as_str()),
            (status, Some(code)),
            "{path} {body}: {answer}"
        );
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, answer) = server
        .post(
            &organiser.path("/rounds/ronde-9/start"),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (404, Some("unknown-round"))
    );
    let (status, answer) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/timer"),
            Some(&organiser.secret),
            json!({"minutes": 5}),
        )
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (409, Some("round-not-running"))
    );
    let (_, session) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert!(
        session["participants"].as_array().unwrap().is_empty(),
        "no one was added"
    );
    assert!(
        session["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "planned")
    );
    server.stop().await;
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, document) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    for path in samenbord_server::api::ROUTE_PATHS {
        assert!(
            document["paths"].get(*path).is_some(),
            "{path} is not documented"
        );
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
    server.stop().await;
}

#[tokio::test]
async fn a_browser_on_another_site_cannot_open_the_sync_socket() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "mentor").await;
    let url = format!("{}?token={}", server.ws, ana.token);
    let mut foreign = url.as_str().into_client_request().unwrap();
    foreign
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let refused = tokio_tungstenite::connect_async(foreign).await;
    assert!(refused.is_err(), "a foreign origin is refused");
    let mut own = url.as_str().into_client_request().unwrap();
    let own_origin = server.base.clone();
    own.headers_mut()
        .insert("origin", own_origin.parse().unwrap());
    assert!(
        tokio_tungstenite::connect_async(own).await.is_ok(),
        "the server's own origin is allowed"
    );
    server.stop().await;
}

#[tokio::test]
async fn connections_past_the_limit_are_refused_and_others_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--max-connections", "2"]).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "mentor").await;
    let first = server.client(&ana.token, "one").await;
    let _second = server.client(&ana.token, "two").await;
    let third =
        tokio_tungstenite::connect_async(format!("{}?token={}", server.ws, ana.token)).await;
    assert!(third.is_err(), "the third connection is refused");
    drop(first);
    let mut retried = false;
    for _ in 0..50 {
        if tokio_tungstenite::connect_async(format!("{}?token={}", server.ws, ana.token))
            .await
            .is_ok()
        {
            retried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(retried, "a freed slot can be used again");
    server.stop().await;
}
