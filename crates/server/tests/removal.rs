//! The organiser removes a participant and closes joining: the removed
//! device's token stops working with a clear message and its sockets
//! close with a reason; a closed join code refuses newcomers with a
//! message the join page shows; reopened, it lets them in again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn a_removed_participant_is_locked_out_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "mentor")
        .await;
    let path = story
        .organiser
        .path(&format!("/participants/{}/revoke", story.ana.id));

    // Only the organiser may.
    let (status, _) = story.server.post(&path, Some(&ben.token), json!({})).await;
    assert_eq!(status, 403);
    let (status, body) = story
        .server
        .post(&path, Some(&story.organiser.secret), json!({}))
        .await;
    assert_eq!(status, 204, "{body}");

    let closed = story.client.closed_within(WAIT).await;
    assert!(
        matches!(&closed, Some((1008, reason)) if reason.contains("removed")),
        "{closed:?}"
    );
    let (status, body) = story.server.get("/api/me", Some(&story.ana.token)).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "revoked");
    assert!(
        body["message"].as_str().unwrap().contains("removed"),
        "{body}"
    );
    let (_, session) = story
        .server
        .get(&story.organiser.path(""), Some(&story.organiser.secret))
        .await;
    let names: Vec<&str> = session["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ben"]);

    // Ben carries on; a second removal of Ana finds no one.
    let (status, _) = story.server.get("/api/me", Some(&ben.token)).await;
    assert_eq!(status, 200);
    let (status, _) = story
        .server
        .post(&path, Some(&story.organiser.secret), json!({}))
        .await;
    assert_eq!(status, 404);
    story.server.stop().await;
}

#[tokio::test]
async fn a_closed_join_code_refuses_newcomers_until_it_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let day = server.create_day().await;
    let joining = |open: &str| json!({ "joining": open });
    let (status, body) = server
        .post(&day.path("/joining"), Some(&day.secret), joining("closed"))
        .await;
    assert_eq!(status, 204, "{body}");
    let (_, view) = server.get(&day.path(""), Some(&day.secret)).await;
    assert_eq!(view["joining"], "closed");

    let (status, body) = server
        .post(
            "/api/join",
            None,
            json!({"code": day.code, "name": "Laatkomer", "role": "mentor"}),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "joining-closed");

    let (status, _) = server
        .post(&day.path("/joining"), Some(&day.secret), joining("open"))
        .await;
    assert_eq!(status, 204);
    server.join(&day.code, "Laatkomer", "mentor").await;
    server.stop().await;
}

#[tokio::test]
async fn names_no_one_can_read_are_a_bad_request() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let day = server.create_day().await;
    let long = "a".repeat(81);
    for name in [
        "",
        "\u{0}",
        "\u{200B}\u{200B}",
        "Ana\u{202E}nesnaJ",
        long.as_str(),
    ] {
        let (status, body) = server
            .post(
                "/api/join",
                None,
                json!({"code": day.code, "name": name, "role": "mentor"}),
            )
            .await;
        assert_eq!(status, 400, "{name:?}: {body}");
        assert_eq!(body["code"], "invalid-name", "{body}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_removed_device_cannot_join_again_with_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let day = server.create_day().await;
    let from = |device: &'static str| [("x-samenbord-device", device)];
    let join = |name: &str| json!({"code": day.code, "name": name, "role": "mentor"});
    let (status, ana) = server
        .post_with("/api/join", &from("apparaat-ana"), join("Ana"))
        .await;
    assert_eq!(status, 201, "{ana}");
    let path = day.path(&format!(
        "/participants/{}/revoke",
        ana["participant_id"].as_str().unwrap()
    ));
    let (status, body) = server.post(&path, Some(&day.secret), json!({})).await;
    assert_eq!(status, 204, "{body}");

    // The same browser, under another name, while joining is open.
    let (status, body) = server
        .post_with("/api/join", &from("apparaat-ana"), join("Anna"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "revoked", "the join page says why: {body}");
    // Another device joins as ever.
    let (status, body) = server
        .post_with("/api/join", &from("apparaat-ben"), join("Ben"))
        .await;
    assert_eq!(status, 201, "{body}");

    // It holds across a restart.
    server.stop().await;
    let server = TestServer::start(dir.path()).await;
    let (status, _) = server
        .post_with("/api/join", &from("apparaat-ana"), join("Ana"))
        .await;
    assert_eq!(status, 403);
    server.stop().await;
}
