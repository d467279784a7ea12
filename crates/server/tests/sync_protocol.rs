//! Stories of a room syncing through a real server on a loopback port,
//! spoken in the automerge-repo protocol by the Rust test client.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use samenbord_core::room::read_room;
use serde_json::json;
use support::*;

#[tokio::test]
async fn two_people_in_one_room_converge_and_a_latecomer_gets_everything() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let ben = server.join(&organiser.code, "Ben", "hr-officer").await;
    start_round_one(&server, &organiser).await;
    let room = server.room_of(&ana).await;
    let mut ben_room = server.room_of(&ben).await;
    // Two school leaders/HR groups exist; put Ben with Ana if needed.
    if ben_room != room {
        let (_, me) = server.get("/api/me", Some(&ana.token)).await;
        let group = me["room"]["room_id"].as_str().unwrap().to_owned();
        let (status, body) = server
            .post(
                &organiser.path(&format!("/participants/{}/move", ben.id)),
                Some(&organiser.secret),
                json!({"round_id": "dialoogsessie-1", "group_id": group}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        ben_room = server.room_of(&ben).await;
    }
    assert_eq!(ben_room, room);

    let mut ana_client = server.client(&ana.token, "ana").await;
    let mut ben_client = server.client(&ben.token, "ben").await;
    ana_client.open(room).await.unwrap();
    ben_client.open(room).await.unwrap();
    let loaded =
        |c: &samenbord_protocol::client::Client| c.doc(&room).is_some_and(|d| read_room(d).is_ok());
    assert!(ana_client.pump_until(WAIT, loaded).await.unwrap());
    assert!(ben_client.pump_until(WAIT, loaded).await.unwrap());

    ana_client
        .change(room, |doc| {
            add_note(
                doc,
                "n-ana",
                "kansen",
                "Samen scholing organiseren",
                &ana.by(),
            );
            Ok(())
        })
        .await
        .unwrap();
    ben_client
        .change(room, |doc| {
            add_note(
                doc,
                "n-ben",
                "uitdagingen",
                "Te weinig tijd voor begeleiding",
                &ben.by(),
            );
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        ben_client
            .pump_until(WAIT, |c| has_note(c, &room, "Samen scholing organiseren"))
            .await
            .unwrap(),
        "Ben sees Ana's note"
    );
    assert!(
        ana_client
            .pump_until(WAIT, |c| has_note(
                c,
                &room,
                "Te weinig tijd voor begeleiding"
            ))
            .await
            .unwrap(),
        "Ana sees Ben's note"
    );
    // The server's own share of each of those changes' latency is
    // counted, for an operator watching the day.
    let (_, metrics) = server.get("/metrics", None).await;
    let held = metric(&metrics, "samenbord_change_hold_seconds_count");
    assert!(held >= 2.0, "two changes held, counted {held}");
    assert_eq!(
        metric(
            &metrics,
            "samenbord_change_hold_seconds_bucket{le=\"+Inf\"}"
        ),
        held
    );
    assert!(metric(&metrics, "samenbord_change_hold_seconds_sum") > 0.0);

    // Presence (a small CBOR map, as the web client sends) travels as
    // ephemeral messages to the others in the room.
    let mut heartbeat = Vec::new();
    ciborium::into_writer(
        &ciborium::Value::Map(vec![(
            ciborium::Value::Text("type".into()),
            ciborium::Value::Text("presence".into()),
        )]),
        &mut heartbeat,
    )
    .unwrap();
    ana_client
        .send_ephemeral(room, heartbeat.clone())
        .await
        .unwrap();
    assert!(
        ben_client
            .pump_until(WAIT, |c| c
                .ephemeral
                .iter()
                .any(|(d, _, data)| *d == room && *data == heartbeat))
            .await
            .unwrap()
    );

    let cas = server.join(&organiser.code, "Cas", "school-leader").await;
    let mut cas_client = server.client(&cas.token, "cas").await;
    cas_client.open(room).await.unwrap();
    assert!(
        cas_client
            .pump_until(WAIT, |c| {
                has_note(c, &room, "Samen scholing organiseren")
                    && has_note(c, &room, "Te weinig tijd voor begeleiding")
            })
            .await
            .unwrap(),
        "the latecomer gets every note"
    );
    server.stop().await;
}

#[tokio::test]
async fn every_room_is_intact_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser: _,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &[]).await;
    let by = ana.by();
    for n in 0..20 {
        client
            .change(room, |doc| {
                add_note(doc, &format!("n{n}"), "kansen", &format!("Idee {n}"), &by);
                Ok(())
            })
            .await
            .unwrap();
    }
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&room))
            .await
            .unwrap()
    );
    drop(client);
    server.stop().await;

    let server = TestServer::start(dir.path()).await;
    let mut client = server.client(&ana.token, "ana-again").await;
    client.open(room).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| note_texts(d).len() == 20))
            .await
            .unwrap(),
        "all 20 notes are back after the restart"
    );
    let (status, me) = server.get("/api/me", Some(&ana.token)).await;
    assert_eq!(status, 200, "the participant's token still works: {me}");
    server.stop().await;
}

#[tokio::test]
async fn organiser_actions_need_the_organiser_secret() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let start = organiser.path("/rounds/dialoogsessie-1/start");
    let (status, body) = server.post(&start, None, json!({})).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthorized");
    let (status, _) = server.post(&start, Some("wrong-secret"), json!({})).await;
    assert_eq!(status, 401);
    let (status, body) = server.post(&start, Some(&ana.token), json!({})).await;
    assert_eq!(status, 403, "a participant cannot start a round: {body}");
    let (status, _) = server
        .post(
            &organiser.path("/broadcast"),
            Some(&ana.token),
            json!({"message": "hoi"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(""),
            Some(&ana.token),
            None,
        )
        .await;
    assert_eq!(status, 403);
    // Nothing changed: the round has not started and the session exists.
    let (status, session) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(status, 200);
    assert_eq!(session["rounds"][0]["status"], "planned");
    assert!(session["broadcast"].is_null());
    let (_, me) = server.get("/api/me", Some(&ana.token)).await;
    assert!(me["room"].is_null());
    server.stop().await;
}

#[tokio::test]
async fn a_closed_room_refuses_changes_and_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &[]).await;
    write_acknowledged(&mut client, room, "n1", "Voor het einde", &ana.by()).await;
    end_round_one(&server, &organiser).await;
    assert!(
        client
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| read_room(d).is_ok_and(|r| r.closed)))
            .await
            .unwrap(),
        "the closed flag reaches the device"
    );

    // A client writes anyway, and not just its own typing (which would be
    // kept as late): with the words it gives a +1. Refused whole, with a
    // reason; nothing is applied, not even the words.
    client
        .change(room, |doc| {
            let mut current = read_room(doc).unwrap();
            let note = current.notes.get_mut("n1").unwrap();
            let end = note.text.as_str().chars().count();
            note.text.splice(end, 0, ", na het einde");
            note.votes.insert(ana.id.clone(), true);
            autosurgeon::reconcile(doc, &current).unwrap();
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("closed")))
            .await
            .unwrap(),
        "the writer is told the room is closed: {:?}",
        client.errors
    );
    assert!(
        client.closed.is_none(),
        "the connection stays open for other documents"
    );
    assert!(
        has_note(&client, &room, "Voor het einde, na het einde"),
        "the writer's own copy keeps what was typed"
    );
    let mut reader = server.client(&organiser.secret, "organiser").await;
    reader.open(room).await.unwrap();
    assert!(
        reader
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| note_texts(d) == vec!["Voor het einde".to_owned()]))
            .await
            .unwrap(),
        "the room holds exactly what it had when it closed"
    );
    server.stop().await;
}

/// Adds one note the way the web client does: only the new note is written.
fn add_own_note(doc: &mut automerge::AutoCommit, id: &str, text: &str, author: &str) {
    let note = samenbord_core::room::Note {
        id: id.to_owned(),
        target: "kansen".into(),
        text: autosurgeon::Text::with_value(text),
        author_id: author.to_owned(),
        author_name: "Ana".into(),
        author_role: "school-leader".into(),
        colour: "yellow".into(),
        created_at: 1,
        order: 2.0,
        votes: Default::default(),
        topic_id: None,
        deleted: false,
        late: false,
    };
    let notes = match automerge::ReadDoc::get(doc, automerge::ROOT, "notes").unwrap() {
        Some((_, notes)) => notes,
        None => panic!("the room has a notes map"),
    };
    autosurgeon::reconcile_prop(doc, &notes, id, &note).unwrap();
}

#[tokio::test]
async fn a_note_typed_offline_before_the_end_arrives_late_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &[]).await;
    write_acknowledged(&mut client, room, "n1", "Voor het einde", &ana.by()).await;
    end_round_one(&server, &organiser).await;
    // Ana's phone typed this just before the end and sends it only now.
    client
        .change(room, |doc| {
            add_own_note(doc, "n2", "Vlak voor het einde", &ana.id);
            Ok(())
        })
        .await
        .unwrap();
    let late = |c: &samenbord_protocol::client::Client| {
        c.doc(&room)
            .and_then(|d| read_room(d).ok())
            .is_some_and(|r| r.notes.get("n2").is_some_and(|n| n.late))
    };
    assert!(
        client.pump_until(WAIT, late).await.unwrap(),
        "the note is kept and Ana's device learns it came in late: {:?}",
        client.errors
    );
    let mut reader = server.client(&organiser.secret, "organiser").await;
    reader.open(room).await.unwrap();
    assert!(
        reader.pump_until(WAIT, late).await.unwrap(),
        "the organiser's copy has the late note"
    );
    let texts = note_texts(reader.doc(&room).unwrap());
    assert_eq!(texts.len(), 2, "{texts:?}");

    // Changing what was there when the room closed is still refused.
    client
        .change(room, |doc| {
            let mut r = read_room(doc).unwrap();
            r.notes.get_mut("n1").unwrap().deleted = true;
            autosurgeon::reconcile(doc, &r).unwrap();
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("closed")))
            .await
            .unwrap(),
        "an edit of a closed room is refused"
    );
    server.stop().await;
}

/// Types `words` at the end of note `id`'s text, the way the web client's
/// text field does: a splice into the note's text, nothing else.
fn type_at_end(doc: &mut automerge::AutoCommit, id: &str, words: &str) {
    use automerge::{ReadDoc, transaction::Transactable};
    let Some((_, notes)) = doc.get(automerge::ROOT, "notes").unwrap() else {
        panic!("the room has a notes map")
    };
    let Some((_, note)) = doc.get(&notes, id).unwrap() else {
        panic!("note {id} is in the room")
    };
    let Some((_, text)) = doc.get(&note, "text").unwrap() else {
        panic!("note {id} has a text")
    };
    let end = doc.length(&text);
    doc.splice_text(&text, end, 0, words).unwrap();
}

#[tokio::test]
async fn words_typed_into_ones_own_note_as_the_round_ends_are_kept_late() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &[]).await;
    write_acknowledged(&mut client, room, "n1", "Te weinig stage", &ana.by()).await;
    let mut host = server.client(&organiser.secret, "organiser").await;
    open_loaded(&mut host, room).await;
    let host_by = By {
        id: "organiser".into(),
        name: "Organisator".into(),
        role: "school-leader".into(),
    };
    change_acknowledged(&mut host, room, |doc| {
        add_note(doc, "o1", "kansen", "Van de organisator", &host_by);
    })
    .await;
    assert!(
        client
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| note_texts(d).len() == 2))
            .await
            .unwrap()
    );
    end_round_one(&server, &organiser).await;

    // Ana was mid-sentence: the rest of it reaches the server after the end.
    client
        .change(room, |doc| {
            type_at_end(doc, "n1", "plaatsen");
            Ok(())
        })
        .await
        .unwrap();
    let kept = |c: &samenbord_protocol::client::Client| {
        c.doc(&room)
            .and_then(|d| read_room(d).ok())
            .is_some_and(|r| {
                r.notes
                    .get("n1")
                    .is_some_and(|n| n.late && n.text.as_str() == "Te weinig stageplaatsen")
            })
    };
    assert!(
        client.pump_until(WAIT, kept).await.unwrap(),
        "Ana's last words are kept and marked late: {:?}",
        client.errors
    );
    assert!(client.errors.is_empty(), "{:?}", client.errors);
    let mut reader = server.client(&organiser.secret, "reader").await;
    reader.open(room).await.unwrap();
    assert!(
        reader.pump_until(WAIT, kept).await.unwrap(),
        "the organiser's copy has them"
    );

    // Typing into someone else's note after the end is still refused.
    client
        .change(room, |doc| {
            type_at_end(doc, "o1", " en meer");
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("closed")))
            .await
            .unwrap(),
        "typing into another's note in a closed room is refused"
    );
    let mut late_reader = server.client(&organiser.secret, "late-reader").await;
    open_loaded(&mut late_reader, room).await;
    assert_eq!(
        note_texts(late_reader.doc(&room).unwrap()),
        ["Te weinig stageplaatsen", "Van de organisator"],
        "nothing of the refused change reached the room"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_token_opens_only_its_own_sessions_documents() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let first = server.create_day().await;
    let second = server.create_day().await;
    let ana = server.join(&first.code, "Ana", "school-leader").await;
    let eve = server.join(&second.code, "Eve", "school-leader").await;
    start_round_one(&server, &first).await;
    let room = server.room_of(&ana).await;
    let mut intruder = server.client(&eve.token, "eve").await;
    intruder.open(room).await.unwrap();
    assert!(
        intruder
            .pump_until(WAIT, |c| c.unavailable.contains(&room))
            .await
            .unwrap()
    );
    assert!(
        intruder.doc(&room).is_some_and(|d| read_room(d).is_err()),
        "nothing leaked"
    );
    let bad = tokio_tungstenite::connect_async(format!("{}?token=nonsense", server.ws)).await;
    assert!(bad.is_err(), "a wrong token cannot even open a socket");
    server.stop().await;
}

async fn assert_closed_for(server: &TestServer, token: &str, frame: Vec<u8>, expected_code: u16) {
    let mut client = server.client(token, "mallory").await;
    client.send_raw(frame).await.unwrap();
    let closed = client.closed_within(WAIT).await;
    assert!(
        matches!(&closed, Some((code, reason)) if *code == expected_code && !reason.is_empty()),
        "expected close {expected_code} with a reason, got {closed:?}"
    );
}

#[tokio::test]
async fn bad_frames_close_only_that_connection_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(
        dir.path(),
        &[
            "--max-message-bytes",
            "65536",
            "--messages-per-second",
            "50",
            "--message-burst",
            "100",
        ],
    )
    .await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let mal = server.join(&organiser.code, "Mal", "school-leader").await;
    start_round_one(&server, &organiser).await;
    let room = server.room_of(&ana).await;
    let mut good = server.client(&ana.token, "ana").await;
    open_loaded(&mut good, room).await;

    assert_closed_for(&server, &mal.token, vec![0xff, 0xfe, 0x00], 1002).await;
    let mut unknown = Vec::new();
    ciborium::into_writer(
        &ciborium::Value::Map(vec![(
            ciborium::Value::Text("type".into()),
            ciborium::Value::Text("shout".into()),
        )]),
        &mut unknown,
    )
    .unwrap();
    assert_closed_for(&server, &mal.token, unknown, 1002).await;
    let garbage_sync = samenbord_protocol::wire::WireMessage::Sync {
        sender_id: "mallory".into(),
        target_id: "server".into(),
        document_id: room,
        data: vec![1, 2, 3, 4],
    };
    assert_closed_for(&server, &mal.token, garbage_sync.encode(), 1002).await;
    // Oversized: the WebSocket layer refuses frames over the limit.
    let mut big = server.client(&mal.token, "mallory").await;
    let _ = big.send_raw(vec![0u8; 200_000]).await;
    assert!(
        big.closed_within(WAIT).await.is_some(),
        "oversized frame closes the connection"
    );
    // Flood: past the burst the connection is closed.
    let mut flood = server.client(&mal.token, "flooder").await;
    let ping = samenbord_protocol::wire::WireMessage::DocUnavailable {
        sender_id: "flooder".into(),
        target_id: "server".into(),
        document_id: room,
    };
    for _ in 0..300 {
        if flood.send(&ping).await.is_err() {
            break;
        }
    }
    let closed = flood.closed_within(WAIT).await;
    assert!(
        matches!(&closed, Some((1008, reason)) if reason.contains("too many")),
        "{closed:?}"
    );
    let mut text = server.client(&mal.token, "texter").await;
    text.send_text("hello").await.unwrap();
    assert!(text.closed_within(WAIT).await.is_some());

    // The good connection is unaffected and the server is healthy.
    write_acknowledged(&mut good, room, "after", "Nog steeds hier", &ana.by()).await;
    assert!(good.closed.is_none());
    let (status, _) = server.get("/healthz", None).await;
    assert_eq!(status, 200);
    let (_, metrics) = server.get("/metrics", None).await;
    assert!(
        metrics
            .as_str()
            .unwrap()
            .contains("samenbord_protocol_errors_total")
    );
    server.stop().await;
}

#[tokio::test]
async fn deleting_a_session_erases_its_rows_from_the_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &[]).await;
    let secret_text = "VertrouwelijkeOpmerkingXYZ";
    write_acknowledged(&mut client, room, "n1", secret_text, &ana.by()).await;
    let database = dir.path().join("samenbord.db");
    let (status, _) = server
        .call(
            reqwest::Method::DELETE,
            &organiser.path(""),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let closed = client.closed_within(WAIT).await;
    assert!(closed.is_some(), "connected devices are disconnected");
    let (status, _) = server.get("/api/me", Some(&ana.token)).await;
    assert_eq!(status, 401, "the participant token is gone");
    let (status, _) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(status, 401, "the organiser secret is gone");
    server.stop().await;
    let mut bytes = std::fs::read(&database).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("samenbord.db-wal")) {
        bytes.extend(wal);
    }
    let needle = secret_text.as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "the note's text is still in the database file"
    );
    let name = b"Partnerschapsdag";
    assert!(
        !bytes.windows(name.len()).any(|w| w == name),
        "the session row is still there"
    );
}

#[tokio::test]
async fn health_and_metrics_answer() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, body) = server.get("/healthz", None).await;
    assert_eq!((status, body.as_str()), (200, Some("ok\n")));
    let (_, metrics) = server.get("/metrics", None).await;
    let metrics = metrics.as_str().unwrap().to_owned();
    for name in [
        "samenbord_connections_open",
        "samenbord_documents_loaded",
        "samenbord_messages_in_total",
        "samenbord_bytes_out_total",
        "samenbord_storage_write_seconds_total",
        "samenbord_storage_errors_total",
    ] {
        assert!(metrics.contains(name), "{name} missing");
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
    server.stop().await;
}

fn loaded_documents(metrics: &serde_json::Value) -> u64 {
    metric(metrics, "samenbord_documents_loaded") as u64
}

#[tokio::test]
async fn a_room_loads_on_demand_and_unloads_when_idle() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--idle-unload-seconds", "1"]).await;
    let organiser = server.create_day().await;
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    start_round_one(&server, &organiser).await;
    let room = server.room_of(&ana).await;
    let (_, metrics) = server.get("/metrics", None).await;
    assert_eq!(
        loaded_documents(&metrics),
        0,
        "nothing is loaded before anyone opens it"
    );
    let mut client = server.client(&ana.token, "ana").await;
    open_loaded(&mut client, room).await;
    let (_, metrics) = server.get("/metrics", None).await;
    assert_eq!(loaded_documents(&metrics), 1);
    drop(client);
    let mut unloaded = false;
    for _ in 0..100 {
        let (_, metrics) = server.get("/metrics", None).await;
        if loaded_documents(&metrics) == 0 {
            unloaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(unloaded, "the idle room was not unloaded");
    // And it loads again, intact, for the next visitor.
    let mut again = server.client(&ana.token, "ana-2").await;
    again.open(room).await.unwrap();
    assert!(
        again
            .pump_until(WAIT, |c| c.doc(&room).is_some_and(|d| read_room(d).is_ok()))
            .await
            .unwrap()
    );
    server.stop().await;
}

#[tokio::test]
async fn a_full_document_refuses_more_and_keeps_what_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = AnaInHerRoom::start(dir.path(), &["--max-document-bytes", "4000"]).await;
    write_acknowledged(&mut client, room, "small", "Kort", &ana.by()).await;
    let long = "Een heel lange notitie over tijd, ruimte en begeleiding. ".repeat(200);
    client
        .change(room, |doc| {
            add_note(doc, "big", "kansen", &long, &ana.by());
            Ok(())
        })
        .await
        .unwrap();
    let closed = client.closed_within(WAIT).await;
    assert!(
        matches!(&closed, Some((1009, reason)) if reason.contains("maximum size")),
        "{closed:?}"
    );
    let mut reader = server.client(&organiser.secret, "reader").await;
    open_loaded(&mut reader, room).await;
    assert!(
        reader
            .pump_until(WAIT, |c| c
                .doc(&room)
                .is_some_and(|d| note_texts(d) == vec!["Kort".to_owned()]))
            .await
            .unwrap(),
        "the room keeps what it had before it was full"
    );
    server.stop().await;
}
