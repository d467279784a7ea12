//! A room whose stored card has a damaged part: the server keeps serving
//! what is readable, and the organiser is told — in the console's view
//! of the session and in the exports, the CSV included — rather than
//! silently seeing fewer notes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;

/// Appends a chunk no Automerge reader accepts to `room`'s stored chunks.
fn damage(dir: &std::path::Path, room: &str) {
    let db = rusqlite::Connection::open(dir.join("samenbord.db")).unwrap();
    // The stopped server's room actors may still compact the room's chunks
    // (replacing them, our damage with them): wait until they are still.
    let state = || -> (i64, i64) {
        db.query_row(
            "SELECT count(*), coalesce(max(rowid), 0) FROM chunks WHERE document_id = ?1",
            [room],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap()
    };
    let mut last = state();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = state();
        if now == last {
            break;
        }
        last = now;
    }
    let changed = db
        .execute(
            "INSERT INTO chunks (document_id, data) VALUES (?1, ?2)",
            rusqlite::params![room, b"kapot: geen automerge".to_vec()],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

#[tokio::test]
async fn the_organiser_hears_which_room_could_not_be_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let by = story.ana.by();
    write_acknowledged(&mut story.client, story.room, "n-1", "Leesbaar idee", &by).await;
    let group = group_of(&story.server, &story.ana).await;
    let AnaInHerRoom {
        server,
        organiser,
        room,
        ..
    } = story;
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(view["incomplete_rooms"], serde_json::json!([]), "{view}");
    server.stop().await;

    damage(dir.path(), &room.to_string());
    let server = TestServer::start(dir.path()).await;
    // Rooms load after the start, in the background (lazy loading): the
    // organiser hears of the damaged one as soon as it is read.
    let deadline = std::time::Instant::now() + WAIT;
    let view = loop {
        let (status, view) = server
            .get(&organiser.path(""), Some(&organiser.secret))
            .await;
        assert_eq!(status, 200, "{view}");
        let heard = view["incomplete_rooms"]
            .as_array()
            .is_some_and(|rooms| !rooms.is_empty());
        if heard || std::time::Instant::now() > deadline {
            break view;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let incomplete = view["incomplete_rooms"].as_array().unwrap();
    assert_eq!(incomplete.len(), 1, "{view}");
    assert_eq!(incomplete[0]["room_id"], group.as_str());
    let name = incomplete[0]["name"].as_str().unwrap().to_owned();
    assert!(!name.is_empty());

    // What was readable is still served.
    let mut client = server.client(&organiser.secret, "console").await;
    open_loaded(&mut client, room).await;
    assert!(has_note(&client, &room, "Leesbaar idee"));

    // The CSV opens with the notice a spreadsheet shows first.
    let (status, csv) = server
        .raw(
            reqwest::Method::GET,
            &organiser.path("/summary?format=csv"),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    let first = csv.lines().next().unwrap_or_default();
    assert!(
        first.contains(&format!("Let op: Van kamer {name}"))
            && first.contains("kon niet alles gelezen worden; wat leesbaar was staat erin."),
        "{csv}"
    );
    assert!(csv.contains("Leesbaar idee"), "{csv}");
    let (_, md) = server
        .raw(
            reqwest::Method::GET,
            &organiser.path("/summary?format=md"),
            Some(&organiser.secret),
            None,
        )
        .await;
    assert!(
        String::from_utf8(md)
            .unwrap()
            .contains("kon niet alles gelezen worden")
    );
    server.stop().await;
}
