//! The server process is killed with SIGKILL in the middle of a burst of
//! writes and started again; clients reconnect with the replicas they hold.
//! Afterwards every note any client holds is on the server, and all
//! replicas have identical heads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use samenbord_core::room::read_room;
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use serde_json::json;
use support::process::Process;
use support::*;

async fn post(
    base: &str,
    path: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let mut request = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap_or(serde_json::Value::Null)
}

async fn loaded(client: &mut Client, room: DocumentId) {
    assert!(
        client
            .pump_until(WAIT, |c| c.doc(&room).is_some_and(|d| read_room(d).is_ok()))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn nothing_is_lost_when_the_server_is_killed_mid_burst() {
    let dir = tempfile::tempdir().unwrap();
    let server = Process::start(dir.path());
    let created = post(
        &server.base,
        "/api/sessions",
        None,
        json!({"title": "Crash", "template_id": "dialoogkaart-partnerschapsdag"}),
    )
    .await;
    let code = created["join_code"].as_str().unwrap().to_owned();
    let secret = created["organiser_secret"].as_str().unwrap().to_owned();
    let session = created["session_id"].as_str().unwrap().to_owned();
    let mut tokens = Vec::new();
    let mut authors = Vec::new();
    for name in ["Ana", "Ben", "Cas"] {
        let joined = post(
            &server.base,
            "/api/join",
            None,
            json!({"code": code, "name": name, "role": "mentor"}),
        )
        .await;
        tokens.push(joined["token"].as_str().unwrap().to_owned());
        authors.push(By {
            id: joined["participant_id"].as_str().unwrap().to_owned(),
            name: name.to_owned(),
            role: "mentor".into(),
        });
    }
    post(
        &server.base,
        &format!("/api/sessions/{session}/rounds/ronde-1/start"),
        Some(&secret),
        json!({}),
    )
    .await;
    let me: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/me", server.base))
        .bearer_auth(&tokens[0])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room: DocumentId = me["room"]["doc_url"].as_str().unwrap().parse().unwrap();

    let mut clients = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        let mut client = Client::connect(&server.sync_url(token), &format!("peer-{n}"))
            .await
            .unwrap();
        client.open(room).await.unwrap();
        loaded(&mut client, room).await;
        clients.push(client);
    }
    // A burst: each client writes notes as fast as it can; the server is
    // killed while messages are still in flight.
    for round in 0..40 {
        for (n, client) in clients.iter_mut().enumerate() {
            client
                .change(room, |doc| {
                    add_note(
                        doc,
                        &format!("c{n}-{round}"),
                        "kansen",
                        &format!("Noot {n}.{round}"),
                        &authors[n],
                    );
                    Ok(())
                })
                .await
                .unwrap();
        }
        if round == 25 {
            for client in clients.iter_mut() {
                let _ = client
                    .pump_until(Duration::from_millis(20), |_| false)
                    .await;
            }
        }
    }
    server.kill_9();

    // Restart on the same data; each client reconnects with its replica.
    let server = Process::start(dir.path());
    let mut replicas: Vec<_> = clients.iter_mut().map(|c| c.take(&room).unwrap()).collect();
    drop(clients);
    let mut clients = Vec::new();
    for (n, (token, doc)) in tokens.iter().zip(replicas.drain(..)).enumerate() {
        let mut client = Client::connect(&server.sync_url(token), &format!("peer-{n}-again"))
            .await
            .unwrap();
        client.open_with(room, doc).await.unwrap();
        clients.push(client);
    }
    // Everyone syncs until every replica holds all 120 notes.
    let everything = |c: &Client| {
        c.doc(&room).is_some_and(|d| note_texts(d).len() == 120) && c.acknowledged(&room)
    };
    for _ in 0..50 {
        let mut done = true;
        for client in clients.iter_mut() {
            client
                .pump_until(Duration::from_millis(100), everything)
                .await
                .unwrap();
            done &= everything(client);
        }
        if done {
            break;
        }
    }
    for client in &clients {
        assert_eq!(
            note_texts(client.doc(&room).unwrap()).len(),
            120,
            "a replica misses notes"
        );
        assert!(
            client.acknowledged(&room),
            "the server has not acknowledged a replica"
        );
    }
    let mut heads: Vec<_> = clients
        .iter_mut()
        .map(|c| {
            let mut doc = c.take(&room).unwrap();
            let mut h = doc.get_heads();
            h.sort();
            h
        })
        .collect();
    heads.dedup();
    assert_eq!(heads.len(), 1, "replicas have different heads");

    // And the server has all of it on disk: a fresh reader after another kill.
    server.kill_9();
    let server = Process::start(dir.path());
    let mut reader = Client::connect(&server.sync_url(&secret), "reader")
        .await
        .unwrap();
    reader.open(room).await.unwrap();
    assert!(
        reader
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| note_texts(d).len() == 120))
            .await
            .unwrap(),
        "the server lost acknowledged notes"
    );
}
