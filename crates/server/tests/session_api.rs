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
    // Three of each target group, enough for a room of their own each.
    for (name, role) in [
        ("Ivo", "institute-based-teacher-educator"),
        ("Iris", "institute-based-teacher-educator"),
        ("Bas", "board-member"),
        ("Bo", "board-member"),
    ] {
        server.join(&organiser.code, name, role).await;
    }
    let mut events = reqwest::get(format!("{}/api/events?token={}", server.base, ana.token))
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let mut buffer = String::new();
    let state = next_event(&mut events, &mut buffer, |e| e["type"] == "state").await;
    assert!(
        state["me"]["room"].is_null(),
        "in the lobby before the round"
    );
    assert_eq!(state["me"]["participant"]["name"], "Ana");

    start_round_one(&server, &organiser).await;
    let assigned = next_event(&mut events, &mut buffer, |e| {
        e["type"] == "state" && e["me"]["room"].is_object()
    })
    .await;
    assert_eq!(assigned["me"]["participant"]["id"], ana.id.as_str());
    assert_eq!(assigned["me"]["room"]["room_id"], "instituutsopleiders");
    assert!(
        assigned["me"]["room"]["doc_url"]
            .as_str()
            .unwrap()
            .starts_with("automerge:")
    );
    assert_eq!(assigned["me"]["round"]["status"], "running");

    let (status, _) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/timer"),
            Some(&organiser.secret),
            json!({"minutes": 10}),
        )
        .await;
    assert_eq!(status, 204);
    let timer = next_event(&mut events, &mut buffer, |e| {
        e["me"]["round"]["timer_ends_at"].is_i64()
    })
    .await;
    assert!(timer["me"]["round"]["timer_ends_at"].as_i64().unwrap() > 0);
    let (status, _) = server
        .post(
            &organiser.path("/broadcast"),
            Some(&organiser.secret),
            json!({"message": "Nog 10 minuten"}),
        )
        .await;
    assert_eq!(status, 204);
    let broadcast = next_event(&mut events, &mut buffer, |e| {
        e["me"]["broadcast"].is_object()
    })
    .await;
    assert_eq!(broadcast["me"]["broadcast"]["message"], "Nog 10 minuten");

    let (status, _) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/end"),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let ended = next_event(&mut events, &mut buffer, |e| {
        e["me"]["round"]["status"] == "ended"
    })
    .await;
    assert_eq!(
        ended["me"]["room"]["closed"], true,
        "her room is read-only now"
    );
    let (_, me) = server.get("/api/me", Some(&ben.token)).await;
    assert_eq!(me["room"]["room_id"], "bestuurders-teamleiders");
    assert_eq!(me["room"]["closed"], true);
    server.stop().await;
}

#[tokio::test]
async fn a_whole_hall_behind_one_router_joins_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--join-attempts-per-minute", "5"]).await;
    let organiser = server.create_day().await;
    // 150 phones, one address (the venue's router), all with the right code.
    for n in 0..150 {
        let (status, body) = server
            .post(
                "/api/join",
                None,
                json!({"code": organiser.code, "name": format!("Deelnemer {n}"), "role": "mentor"}),
            )
            .await;
        assert_eq!(status, 201, "join {n} from the hall: {body}");
    }
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(view["participants"].as_array().unwrap().len(), 150);
    server.stop().await;
}

/// Tries `code` as a join code with the given headers; the status.
async fn try_code(server: &TestServer, code: &str, headers: &[(&str, &str)]) -> u16 {
    let body = json!({"code": code, "name": "Deelnemer", "role": "mentor"});
    server.post_with("/api/join", headers, body).await.0
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_guesser_does_not_block_the_hall() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--trusted-proxy",
        "127.0.0.1",
        "--join-attempts-per-minute",
        "3",
    ];
    let server = TestServer::start_with(dir.path(), &args).await;
    let organiser = server.create_day().await;
    let guesser = [("x-forwarded-for", "203.0.113.7")];
    for _ in 0..3 {
        assert_eq!(try_code(&server, "ZZZZZZ", &guesser).await, 404);
    }
    assert_eq!(
        try_code(&server, &organiser.code, &guesser).await,
        429,
        "the guesser waits"
    );
    // Every request comes from the proxy (127.0.0.1); the hall is elsewhere.
    let neighbour = [("x-forwarded-for", "198.51.100.20")];
    assert_eq!(
        try_code(&server, &organiser.code, &neighbour).await,
        201,
        "the hall joins"
    );
    server.stop().await;
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forged_address_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--join-attempts-per-minute", "3"]).await;
    let mut statuses = Vec::new();
    for n in 0..5 {
        let forged = format!("203.0.113.{n}");
        statuses.push(try_code(&server, "ZZZZZZ", &[("x-forwarded-for", &forged)]).await);
    }
    assert_eq!(statuses, [404, 404, 404, 429, 429]);
    server.stop().await;
}

#[tokio::test]
async fn metrics_through_a_loopback_proxy_need_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--trusted-proxy", "127.0.0.1"]).await;
    let (status, _) = server.get("/metrics", None).await;
    assert_eq!(
        status, 401,
        "the proxy's loopback address is not the operator"
    );
    server.stop().await;
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, _) = server.get("/metrics", None).await;
    assert_eq!(
        status, 200,
        "without a proxy, this machine reads its metrics"
    );
    server.stop().await;
}

#[tokio::test]
async fn one_phone_mistyping_the_code_waits_alone() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--join-attempts-per-device", "3"]).await;
    let organiser = server.create_day().await;
    let phone = [("x-samenbord-device", "telefoon-van-eva")];
    for _ in 0..3 {
        assert_eq!(try_code(&server, "ZZZZZZ", &phone).await, 404);
    }
    assert_eq!(try_code(&server, &organiser.code, &phone).await, 429);
    let next = [("x-samenbord-device", "telefoon-van-bas")];
    assert_eq!(
        try_code(&server, &organiser.code, &next).await,
        201,
        "the same hall's next phone joins"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_participant_corrects_their_role_in_the_lobby_until_grouping_by_role() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "mentor").await;
    let put_role = |role: &'static str| {
        let (server, token) = (&server, ana.token.clone());
        async move {
            let body = Some(json!({ "role": role }));
            server
                .call(reqwest::Method::PUT, "/api/me/role", Some(&token), body)
                .await
        }
    };
    let (status, me) = put_role("board-member").await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["participant"]["role"], "board-member");
    assert_eq!(me["role_open"], true);
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    let roles: Vec<_> = view["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].clone())
        .collect();
    assert_eq!(
        roles,
        ["board-member"],
        "the organiser sees the corrected role"
    );

    // Round 1 groups by role; Ana went to the board members' room.
    start_round_one(&server, &organiser).await;
    let (_, me) = server.get("/api/me", Some(&ana.token)).await;
    assert_eq!(me["room"]["room_id"], "bestuurders-teamleiders");
    assert_eq!(
        me["role_open"], false,
        "the device is told the role is fixed now"
    );
    let (status, body) = put_role("mentor").await;
    assert_eq!((status, body["code"].as_str()), (409, Some("role-locked")));
    let (_, me) = server.get("/api/me", Some(&ana.token)).await;
    assert_eq!(me["participant"]["role"], "board-member", "nothing changed");
    server.stop().await;
}

#[tokio::test]
async fn a_cohost_runs_the_day_with_their_own_link_until_revoked() {
    // Everything but inviting, revoking and deleting the session, which
    // only the main organiser does.
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let (status, invite) = server
        .post(
            &organiser.path("/cohosts"),
            Some(&organiser.secret),
            json!({"name": "Karin"}),
        )
        .await;
    assert_eq!(status, 201, "{invite}");
    let cohost = invite["secret"].as_str().unwrap().to_owned();
    assert_ne!(cohost, organiser.secret, "a link of her own");
    let (_, list) = server
        .get(&organiser.path("/cohosts"), Some(&organiser.secret))
        .await;
    assert_eq!(list[0]["name"], "Karin");
    assert!(
        list[0].get("secret").is_none(),
        "the list never shows a secret"
    );

    // Karin runs the day: she sees the session and starts the round.
    let (status, view) = server.get(&organiser.path(""), Some(&cohost)).await;
    assert_eq!(status, 200);
    assert_eq!(
        view["standing"], "co-host",
        "her console knows she is a co-host"
    );
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(view["standing"], "main");
    start_round_one(
        &server,
        &Organiser {
            secret: cohost.clone(),
            ..organiser.clone()
        },
    )
    .await;
    // But she cannot invite or revoke co-hosts.
    let (status, _) = server
        .post(
            &organiser.path("/cohosts"),
            Some(&cohost),
            json!({"name": "Eva"}),
        )
        .await;
    assert_eq!(status, 403);
    // Nor delete the session for everyone.
    let (status, body) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(""),
            Some(&cohost),
            None,
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(status, 200, "the session is still there");

    // The organiser revokes her link: it stops working at once, and after a restart.
    let id = invite["cohost"]["id"].as_str().unwrap();
    let (status, _) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(&format!("/cohosts/{id}")),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.get(&organiser.path(""), Some(&cohost)).await;
    assert_eq!(status, 403, "a revoked link no longer opens the console");
    assert_eq!(body["code"], "revoked", "and says why: {body}");
    server.stop().await;
    let server = TestServer::start(dir.path()).await;
    let (status, _) = server.get(&organiser.path(""), Some(&cohost)).await;
    assert_eq!(status, 403, "revoked for good");
    let (status, _) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(status, 200, "the organiser's own link still works");
    server.stop().await;
}

/// The organiser invites Karin as co-host: her secret and her id.
async fn invite_karin(server: &TestServer, organiser: &Organiser) -> (String, String) {
    let (status, invite) = server
        .post(
            &organiser.path("/cohosts"),
            Some(&organiser.secret),
            json!({"name": "Karin"}),
        )
        .await;
    assert_eq!(status, 201, "{invite}");
    let field = |v: &Value| v.as_str().unwrap().to_owned();
    (field(&invite["secret"]), field(&invite["cohost"]["id"]))
}

#[tokio::test]
async fn a_revoked_cohosts_open_stream_and_sockets_close_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let (cohost, id) = invite_karin(&server, &organiser).await;

    // Karin has the console open: its live stream and a sync socket.
    let mut events = reqwest::get(format!("{}/api/events?token={cohost}", server.base))
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let mut buffer = String::new();
    next_event(&mut events, &mut buffer, |e| e["type"] == "state").await;
    let mut socket = server.client(&cohost, "karin").await;
    assert_eq!(socket.closed_within(Duration::from_millis(200)).await, None);

    let (status, _) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(&format!("/cohosts/{id}")),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert_eq!(status, 204);

    // Both close now, not when she next reconnects.
    let closed = socket.closed_within(WAIT).await;
    assert!(
        matches!(&closed, Some((1008, reason)) if reason.contains("removed")),
        "{closed:?}"
    );
    let ended = tokio::time::timeout(WAIT, async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the event stream ends");
    // Reconnecting, she is told why.
    let again = reqwest::get(format!("{}/api/events?token={cohost}", server.base))
        .await
        .unwrap();
    assert_eq!(again.status(), 403);
    let (status, body) = server
        .post(
            &organiser.path("/broadcast"),
            Some(&cohost),
            json!({"message": "Nog 10 minuten"}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("revoked")));
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
            400,
            "invalid-name",
        ),
        (
            "/api/join",
            json!({"code": organiser.code, "name": "Ana", "role": "admin"}),
            400,
            "invalid-body",
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
async fn every_documented_route_is_served_and_every_body_has_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, document) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 27, "only {} paths documented", paths.len());
    for (path, item) in paths {
        let concrete = path
            .split('/')
            .map(|part| if part.starts_with('{') { "x1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for (method, operation) in item.as_object().unwrap() {
            let method: reqwest::Method = method.to_uppercase().parse().unwrap();
            let body = matches!(method, reqwest::Method::POST | reqwest::Method::PUT)
                .then(|| serde_json::json!({}));
            let (status, answer) = server.call(method.clone(), &concrete, None, body).await;
            assert_ne!(status, 405, "{method} {path} is documented but not routed");
            assert!(
                status != 404 || answer.get("code").is_some(),
                "{method} {path} is documented but the router does not know it"
            );
            if let Some(request) = operation.get("requestBody") {
                // JSON, or raw bytes for a file upload: either has a schema.
                let content = request["content"].as_object().unwrap();
                assert!(
                    !content.is_empty() && content.values().all(|c| c["schema"].is_object()),
                    "{method} {path}: request body without schema"
                );
            }
            for (code, response) in operation["responses"].as_object().unwrap() {
                if let Some(content) = response.get("content") {
                    for (media, body) in content.as_object().unwrap() {
                        assert!(
                            body["schema"].is_object(),
                            "{method} {path} {code} {media}: response without schema"
                        );
                    }
                }
            }
        }
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in [
        "OrganiserView",
        "MeView",
        "TemplateView",
        "Assignment",
        "ErrorBody",
    ] {
        assert!(schemas.contains_key(name), "{name} has no schema");
    }
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

#[tokio::test]
async fn an_oversized_or_unreadable_body_gets_the_json_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let http = reqwest::Client::new();
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(4 * 1024 * 1024));
    let cases = [
        (huge, 413, "too-large"),
        ("{\"title\": ".to_owned(), 400, "invalid-body"),
        ("[1, 2".to_owned(), 400, "invalid-body"),
    ];
    for (body, status, code) in cases {
        let response = http
            .post(format!("{}/api/sessions", server.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status);
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["code"], code, "{error}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{error}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn creating_sessions_is_bounded_per_address_and_in_all() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(
        dir.path(),
        &[
            "--sessions-per-address-per-hour",
            "2",
            "--max-sessions",
            "5",
        ],
    )
    .await;
    let day = json!({"title": "Dag", "programme_id": "partnerschapsdag"});
    for _ in 0..2 {
        let (status, body) = server.post("/api/sessions", None, day.clone()).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = server.post("/api/sessions", None, day.clone()).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "rate-limited");
    server.stop().await;

    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--max-sessions", "1"]).await;
    let (status, _) = server.post("/api/sessions", None, day.clone()).await;
    assert_eq!(status, 201);
    let (status, body) = server.post("/api/sessions", None, day).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "full");
    server.stop().await;
}

#[tokio::test]
async fn only_the_participant_sets_their_attendance_and_only_hosts_set_call_links() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let ben = server.join(&organiser.code, "Ben", "school-leader").await;
    let (cohost, _) = invite_karin(&server, &organiser).await;
    let put = |path: String, token: String, body: Value| {
        let server = &server;
        async move {
            server
                .call(reqwest::Method::PUT, &path, Some(&token), Some(body))
                .await
        }
    };
    let round = organiser.path("/rounds/dialoogsessie-1/call-links");
    let room = organiser.path("/rounds/dialoogsessie-1/rooms/schoolleiders-hr-1/call-link");

    // Ana says she is at home: her own record, nobody else's.
    let (status, me) = put(
        "/api/me/attendance".into(),
        ana.token.clone(),
        json!({"attendance": "remote"}),
    )
    .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["participant"]["attendance"], "remote");
    let (status, _) = put(
        "/api/me/attendance".into(),
        ana.token.clone(),
        json!({"attendance": "in-room", "participant_id": ben.id}),
    )
    .await;
    assert_eq!(status, 400, "no way to name someone else");
    let (_, ben_me) = server.get("/api/me", Some(&ben.token)).await;
    assert_eq!(ben_me["participant"]["attendance"], "in-room");
    let (status, _) = put(
        "/api/me/attendance".into(),
        organiser.secret.clone(),
        json!({"attendance": "remote"}),
    )
    .await;
    assert_eq!(status, 401, "the attendance is a participant's own");

    // A participant cannot give a room (or a round) a call link.
    let link = json!({"link": "https://evil.example.org/phish"});
    let pattern = json!({"pattern": "https://evil.example.org/{room}"});
    for (path, body) in [(&room, &link), (&round, &pattern)] {
        let (status, _) = put(path.clone(), ana.token.clone(), body.clone()).await;
        assert_eq!(status, 403, "{path}");
    }
    // Hostile links are refused with a clear 400 and change nothing.
    for bad in [
        json!({"link": "javascript:alert(1)"}),
        json!({"link": "https://a.org/\" onmouseover=x"}),
        json!({"link": format!("https://a.org/{}", "a".repeat(600))}),
    ] {
        let (status, body) = put(room.clone(), organiser.secret.clone(), bad).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("invalid-call-link"))
        );
    }
    let (status, body) = put(
        round.clone(),
        organiser.secret.clone(),
        json!({"pattern": "https://meet.example.org/dag"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid-call-link"))
    );
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert!(view["rounds"][0]["groups"][1]["call_link"].is_null());

    // The organiser (or a co-host) gives every room its link.
    let (status, body) = put(
        round.clone(),
        cohost.clone(),
        json!({"pattern": "https://meet.example.org/dag-{room}"}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = put(
        room.clone(),
        organiser.secret.clone(),
        json!({"link": "https://call.example.org/hr-1"}),
    )
    .await;
    assert_eq!(status, 204);
    start_round_one(&server, &organiser).await;
    let (_, me) = server.get("/api/me", Some(&ana.token)).await;
    let link = me["room"]["call_link"].as_str().unwrap();
    assert!(
        link == "https://call.example.org/hr-1"
            || link == "https://meet.example.org/dag-schoolleiders-hr-medewerkers-2",
        "{link}"
    );
    let (_, overview) = server
        .get(&organiser.path("/overview"), Some(&organiser.secret))
        .await;
    let remote: u64 = overview
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["remote"].as_u64().unwrap())
        .sum();
    assert_eq!(remote, 1, "the console counts Ana as remote: {overview}");

    // Kept with the participant across a restart.
    server.stop().await;
    let server = TestServer::start(dir.path()).await;
    let (_, me) = server.get("/api/me", Some(&ana.token)).await;
    assert_eq!(me["participant"]["attendance"], "remote");
    assert_eq!(me["room"]["call_link"].as_str(), Some(link));
    server.stop().await;
}

/// Without a saved grouping, the organiser's screen previews the grouping
/// (and its warnings) before starting; the round must then start with
/// exactly that grouping, not a new draw.
#[tokio::test]
async fn a_round_starts_with_the_grouping_its_preview_showed() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let day = server.create_day().await;
    let mut people = Vec::new();
    for n in 0..9 {
        // Nine school-based teacher educators over three groups: a new
        // draw places them differently almost every time.
        let name = format!("Opleider {n}");
        people.push(
            server
                .join(&day.code, &name, "school-based-teacher-educator")
                .await,
        );
    }
    let round = "dialoogsessie-1";
    let (status, preview) = server
        .post(
            &day.path(&format!("/rounds/{round}/preview")),
            Some(&day.secret),
            json!({ "seed": 7 }),
        )
        .await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        !preview["warnings"].as_array().unwrap().is_empty(),
        "groups of other roles stay empty, and the preview says so: {preview}"
    );
    let (status, body) = server
        .post(
            &day.path(&format!("/rounds/{round}/start")),
            Some(&day.secret),
            json!({ "seed": 7 }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    for person in &people {
        assert_eq!(
            group_of(&server, person).await,
            preview["placements"][person.id.as_str()].as_str().unwrap(),
            "{} sits where the preview put them",
            person.name
        );
    }
    server.stop().await;
}

/// The join page asks what a code opens before anyone types: the title
/// for a right code, the same refusals as a join otherwise, and guesses
/// this way count against the same limit as wrong joins.
#[tokio::test]
async fn a_code_is_checked_before_joining_and_guessing_it_is_limited() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--join-attempts-per-minute", "3"]).await;
    let day = server.create_day().await;
    let (status, check) = server
        .get(&format!("/api/join/{}", day.code.to_lowercase()), None)
        .await;
    assert_eq!(status, 200, "{check}");
    assert!(!check["title"].as_str().unwrap().is_empty(), "{check}");

    let (status, _) = server
        .post(
            &day.path("/joining"),
            Some(&day.secret),
            json!({ "joining": "closed" }),
        )
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.get(&format!("/api/join/{}", day.code), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("joining-closed"))
    );

    let mut statuses = Vec::new();
    for n in 0..5 {
        statuses.push(server.get(&format!("/api/join/ZZZZZ{n}"), None).await.0);
    }
    assert_eq!(statuses, [404, 404, 404, 429, 429], "guesses are limited");
    server.stop().await;
}

/// Optional bodies (the grouping seed) may be left out the way HTTP
/// clients leave them out: no body, or none at all behind a JSON content
/// type (the upstream interop client does that). A malformed one is the
/// usual JSON 400.
#[tokio::test]
async fn a_start_without_a_body_starts_and_a_malformed_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let day = server.create_day().await;
    server.join(&day.code, "Ana", "school-leader").await;
    let http = reqwest::Client::new();
    let preview = format!(
        "{}{}",
        server.base,
        day.path("/rounds/dialoogsessie-1/preview")
    );
    let send = |url: String, body: &'static str| {
        http.post(url)
            .bearer_auth(&day.secret)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let malformed = send(preview.clone(), "{\"seed\":").await.unwrap();
    assert_eq!(malformed.status(), 400);
    let error: Value = malformed.json().await.unwrap();
    assert_eq!(error["code"], "invalid-body", "{error}");
    let empty = send(preview, "").await.unwrap();
    assert_eq!(empty.status(), 200, "an empty body is no body");
    let start = format!(
        "{}{}",
        server.base,
        day.path("/rounds/dialoogsessie-1/start")
    );
    let started = send(start, "").await.unwrap();
    assert_eq!(started.status(), 204);
    server.stop().await;
}

/// A quiet live stream keeps saying it is alive, at the pace it names, so
/// a device can tell a quiet session from a connection that died without
/// closing (tests/browser/dead-connection.test.mjs shows the device side).
#[tokio::test]
async fn a_quiet_live_stream_says_it_is_alive_at_the_pace_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--ping-seconds", "1"]).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    for token in [&ana.token, &organiser.secret] {
        let mut events = reqwest::get(format!("{}/api/events?token={token}", server.base))
            .await
            .unwrap();
        assert_eq!(events.status(), 200);
        let mut buffer = String::new();
        next_event(&mut events, &mut buffer, |e| e["type"] == "state").await;
        for _ in 0..2 {
            let alive = next_event(&mut events, &mut buffer, |_| true).await;
            assert_eq!(alive, json!({"type": "alive", "every_ms": 1000}));
        }
    }
    server.stop().await;
}
