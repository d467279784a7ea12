//! Files attached to a room: Ana attaches the group's data; Ben, in her
//! room, reads it; Olga, in another room, and anyone without a token do
//! not. Empty, too large and one-too-many files are refused and change
//! nothing; deleting the session erases the files from the database file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TestServer, start_round_one};

const MARKER: &[u8] = b"uitval-jaar-1-vertrouwelijk";

async fn upload(
    server: &TestServer,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/attachments?name={name}", server.base))
        .bearer_auth(token)
        .header("Content-Type", "text/csv")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

#[tokio::test]
async fn room_members_share_files_within_bounds_and_deletion_erases_them() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let ben = server.join(&organiser.code, "Ben", "school-leader").await;
    let olga = server
        .join(&organiser.code, "Olga", "institute-based-teacher-educator")
        .await;
    // Three of each target group: enough for a room of their own each.
    server.join(&organiser.code, "Cor", "school-leader").await;
    for name in ["Ivo", "Iris"] {
        server
            .join(&organiser.code, name, "institute-based-teacher-educator")
            .await;
    }

    let (status, body) = upload(&server, &ana.token, "data.csv", MARKER.to_vec()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("not-in-room")),
        "{body}"
    );

    let round = start_round_one(&server, &organiser).await;
    // The organiser seats Ben with Ana.
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    let groups = view["rounds"][0]["groups"].as_array().unwrap();
    let anas = groups
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == &ana.id)
        })
        .unwrap()["id"]
        .clone();
    let (status, body) = server
        .post(
            &organiser.path(&format!("/participants/{}/move", ben.id)),
            Some(&organiser.secret),
            serde_json::json!({"round_id": round, "group_id": anas}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(server.room_of(&ana).await, server.room_of(&ben).await);
    assert_ne!(server.room_of(&ana).await, server.room_of(&olga).await);

    let (status, uploaded) =
        upload(&server, &ana.token, "../../cijfers.csv", MARKER.to_vec()).await;
    assert_eq!(status, 201, "{uploaded}");
    assert_eq!(uploaded["name"], "cijfers.csv");
    let url = uploaded["url"].as_str().unwrap().to_owned();

    let (status, bytes) = server
        .raw(reqwest::Method::GET, &url, Some(&ben.token), None)
        .await;
    assert_eq!(
        (status, bytes.as_slice()),
        (200, MARKER),
        "Ben, in Ana's room, reads it"
    );
    let (status, _) = server
        .raw(reqwest::Method::GET, &url, Some(&olga.token), None)
        .await;
    assert_eq!(status, 404, "Olga, in another room, does not");
    let (status, _) = server.raw(reqwest::Method::GET, &url, None, None).await;
    assert_eq!(status, 401);
    let (status, bytes) = server
        .raw(reqwest::Method::GET, &url, Some(&organiser.secret), None)
        .await;
    assert_eq!(
        (status, bytes.as_slice()),
        (200, MARKER),
        "the organiser reads it"
    );

    let (status, body) = upload(&server, &ben.token, "leeg.csv", Vec::new()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("attachment-empty"))
    );
    let (status, body) = upload(
        &server,
        &ben.token,
        "groot.csv",
        vec![b'x'; 5 * 1024 * 1024 + 1],
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("attachment-too-large"))
    );
    for i in 0..10 {
        let (status, body) = upload(&server, &ben.token, &format!("{i}.csv"), vec![b'y'; 10]).await;
        assert_eq!(status, 201, "file {i}: {body}");
    }
    let (status, body) = upload(&server, &ben.token, "elf.csv", vec![b'y'; 10]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("attachment-participant-full")),
        "one person cannot fill the server"
    );
    let (status, _) = upload(&server, &ana.token, "nog-een.csv", vec![b'z'; 10]).await;
    assert_eq!(status, 201, "Ben's refusal does not count against Ana");

    let (status, _) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(""),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert_eq!(status, 204);
    server.stop().await;
    let file = std::fs::read(dir.path().join("samenbord.db")).unwrap();
    assert!(
        !file.windows(MARKER.len()).any(|w| w == MARKER),
        "the file's bytes are gone from the database"
    );
}
