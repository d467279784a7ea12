//! The attack suite: each test replays one attack a hostile participant
//! (anyone with the join code) can make, over real sockets on loopback,
//! and checks the server refuses it, keeps serving everyone else, and
//! tells the attacker why. Bounded in time and count.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::hostile;
use samenbord_protocol::wire::WireMessage;
use support::hostile_peer::*;
use support::*;

const MIB: usize = 1024 * 1024;

/// Peak resident memory of this test process so far, in MiB.
fn peak_rss_mib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<usize>()
                .ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// Sends `data` as a sync message for Ana's room and returns the close.
async fn send_payload(story: &mut AnaInHerRoom, data: Vec<u8>) -> Option<(u16, String)> {
    let message = WireMessage::Sync {
        sender_id: "ana".into(),
        target_id: "server".into(),
        document_id: story.room,
        data,
    };
    story.client.send(&message).await.unwrap();
    story.client.closed_within(WAIT).await
}

#[tokio::test]
async fn a_deflate_bomb_closes_its_sender_and_a_large_note_still_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    // 3.4 MB on the wire (under the 4 MiB message cap), 512 MiB inflated;
    // automerge 0.12 would inflate it whole before checking anything.
    let bomb = hostile::sync_message(vec![hostile::compressed_change_bomb(512 * MIB)]);
    assert!(bomb.len() < 4 * MIB);
    let closed = send_payload(&mut story, bomb).await;
    let (code, reason) = closed.expect("the sender is closed");
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("inflate"), "{reason}");
    assert!(
        story.client.errors.iter().any(|e| e.contains("inflate")),
        "the sender is told why: {:?}",
        story.client.errors
    );
    let peak = peak_rss_mib();
    assert!(peak < 400, "peak memory {peak} MiB");
    eprintln!("peak memory after a 512 MiB deflate bomb: {peak} MiB");

    // The server still serves: a new connection writes a large note.
    let (status, _) = story.server.get("/healthz", None).await;
    assert_eq!(status, 200);
    let mut client = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut client, story.room).await;
    // As long as a text may be (the gate refuses longer ones).
    let sentence = "Samen leren en werken aan goed onderwijs. ";
    let long: String = sentence.repeat(samenbord_core::room::MAX_TEXT_CHARS / sentence.len());
    write_acknowledged(&mut client, story.room, "n-long", &long, &story.ana.by()).await;
    assert!(has_note(&client, &story.room, &long));
    story.server.stop().await;
}

#[tokio::test]
async fn a_whole_document_with_a_deflated_column_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let bomb = hostile::sync_message(vec![hostile::document_column_bomb(512 * MIB)]);
    let (code, reason) = send_payload(&mut story, bomb).await.expect("closed");
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("inflate"), "{reason}");
    let (status, _) = story.server.get("/healthz", None).await;
    assert_eq!(status, 200);
    story.server.stop().await;
}

#[tokio::test]
async fn a_bloom_filter_asking_for_billions_of_probes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    // Ana's room holds a change, so answering her would probe the filter.
    let by = story.ana.by();
    write_acknowledged(&mut story.client, story.room, "n-1", "Een notitie", &by).await;
    let (code, reason) = send_payload(&mut story, hostile::bloom_probe_bomb(u32::MAX))
        .await
        .expect("closed");
    assert_eq!(code, 1002, "{reason}");
    assert!(reason.contains("bloom"), "{reason}");
    let mut client = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut client, story.room).await;
    assert!(has_note(&client, &story.room, "Een notitie"));
    story.server.stop().await;
}

/// The organiser moves `participant` into Ana's room (`move`) or makes
/// them its discussion leader (`lead`).
async fn place_in_anas_room(story: &AnaInHerRoom, action: &str, participant: &str) {
    let group = group_of(&story.server, &story.ana).await;
    place(&story.server, &story.organiser, action, participant, &group).await;
}

/// Sends `attack` as a change of `room` and checks the server refuses it:
/// the sender is told why (an error containing `reason`) and nothing of
/// it is acknowledged.
async fn refused(
    client: &mut samenbord_protocol::client::Client,
    room: DocumentId,
    attack: impl FnOnce(&mut automerge::AutoCommit) -> Result<(), automerge::AutomergeError>,
    reason: &str,
) {
    client.change(room, attack).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains(reason)))
            .await
            .unwrap(),
        "refused with {reason:?}: {:?}",
        client.errors
    );
    assert!(!client.acknowledged(&room));
}

#[tokio::test]
async fn only_the_appointed_leader_can_open_silent_questions() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let room = story.room;
    // Ana is told she may not.
    refused(
        &mut story.client,
        room,
        |doc| reveal(doc, "stilte"),
        "leader",
    )
    .await;
    let mut fresh = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut fresh, room).await;
    assert!(
        revealed(fresh.doc(&room).unwrap()).is_empty(),
        "nothing was revealed"
    );
    // Her notes still sync on a new connection.
    write_acknowledged(
        &mut fresh,
        room,
        "n-1",
        "Gewoon een notitie",
        &story.ana.by(),
    )
    .await;

    // Appointed by the organiser, she may.
    place_in_anas_room(&story, "lead", &story.ana.id).await;
    fresh
        .change(room, |doc| reveal(doc, "stilte"))
        .await
        .unwrap();
    assert!(
        fresh
            .pump_until(WAIT, |c| c.acknowledged(&room))
            .await
            .unwrap(),
        "the leader's reveal is accepted: {:?}",
        fresh.errors
    );
    let mut third = story.server.client(&story.ana.token, "ana-3").await;
    open_loaded(&mut third, room).await;
    assert_eq!(
        revealed(third.doc(&room).unwrap()),
        vec!["stilte".to_owned()]
    );
    story.server.stop().await;
}

/// Puts `deleted` on the note `id` of a room document.
fn tombstone(doc: &mut automerge::AutoCommit, id: &str) -> Result<(), automerge::AutomergeError> {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};
    let notes = doc.get(ROOT, "notes")?.expect("a notes map").1;
    let note = doc.get(&notes, id)?.expect("the note").1;
    doc.put(&note, "deleted", true)
}

/// Ben, in Ana's room with a join code and a script, tombstones her note:
/// it would leave the room and the report with no undo for her.
#[tokio::test]
async fn a_participant_cannot_delete_someone_elses_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let room = story.room;
    write_acknowledged(&mut story.client, room, "n-ana", "Van Ana", &story.ana.by()).await;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "school-leader")
        .await;
    place_in_anas_room(&story, "move", &ben.id).await;
    let mut bens = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut bens, room).await;
    // Ben is told he may not.
    refused(
        &mut bens,
        room,
        |doc| tombstone(doc, "n-ana"),
        "note's writer",
    )
    .await;
    let mut fresh = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut fresh, room).await;
    let read = samenbord_core::room::read_room(fresh.doc(&room).unwrap()).unwrap();
    assert!(!read.notes["n-ana"].deleted, "Ana's note stays");

    // Her own she deletes.
    change_acknowledged(&mut fresh, room, |doc| tombstone(doc, "n-ana").unwrap()).await;
    story.server.stop().await;
}

/// One participant's own token over plain sync: closing the room for
/// everyone and pasting a megabyte-sized note (found in a user test:
/// the room closed on every device; the server was busy for minutes).
#[tokio::test]
async fn a_participant_neither_closes_the_room_nor_pastes_a_megabyte() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &[]).await;
    let room = story.room;
    type Attack = fn(&mut automerge::AutoCommit) -> Result<(), automerge::AutomergeError>;
    let attacks: [(&str, Attack); 2] = [
        ("set by the server", |doc| doc.put(ROOT, "closed", true)),
        ("at most", |doc| {
            let notes = match doc.get(ROOT, "notes")? {
                Some((_, id)) => id,
                None => doc.put_object(ROOT, "notes", ObjType::Map)?,
            };
            let note = doc.put_object(&notes, "n-huge", ObjType::Map)?;
            let text = doc.put_object(&note, "text", ObjType::Text)?;
            doc.splice_text(&text, 0, 0, &"x".repeat(200_000))
        }),
    ];
    for (i, (reason, attack)) in attacks.into_iter().enumerate() {
        let mut hostile = story
            .server
            .client(&story.ana.token, &format!("ana-hostile-{i}"))
            .await;
        open_loaded(&mut hostile, room).await;
        refused(&mut hostile, room, attack, reason).await;
    }
    let mut fresh = story.server.client(&story.ana.token, "ana-fresh").await;
    open_loaded(&mut fresh, room).await;
    let read = samenbord_core::room::read_room(fresh.doc(&room).unwrap()).unwrap();
    assert!(!read.closed, "the room stays open");
    assert!(
        !read.notes.contains_key("n-huge"),
        "the huge note never landed"
    );
    write_acknowledged(
        &mut fresh,
        room,
        "n-1",
        "Gewoon een notitie",
        &story.ana.by(),
    )
    .await;
    story.server.stop().await;
}

/// Every string an Automerge chunk stores, its ops' values run together
/// (a note's text is one op per character, so its words survive).
fn chunk_text(bytes: &[u8]) -> String {
    use automerge::legacy::OpType;
    let mut changes = Vec::new();
    for chunk in samenbord_protocol::payload::split_chunks(bytes).unwrap() {
        if chunk.kind == 0 {
            let doc = automerge::Automerge::load(chunk.bytes).unwrap();
            changes.extend(doc.get_changes(&[]));
        } else {
            changes.push(automerge::Change::try_from(chunk.bytes).unwrap());
        }
    }
    let mut text = String::new();
    for change in changes {
        for op in change.decode().operations {
            if let OpType::Put(automerge::ScalarValue::Str(value)) = op.action {
                text.push_str(&value);
            }
        }
    }
    text
}

/// A session whose people write notes, in their rooms and privately,
/// as fast as they can until their connections close.
async fn session_under_writes(
    server: &TestServer,
    start: &tokio::sync::watch::Receiver<bool>,
) -> (Organiser, Vec<tokio::task::JoinHandle<()>>) {
    let organiser = server.create_day().await;
    let roles = ["school-leader", "hr-officer", "board-member"];
    let mut people = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        people.push(server.join(&organiser.code, &format!("P{i}"), role).await);
    }
    start_round_one(server, &organiser).await;
    let mut writers = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let room = server.room_of(person).await;
        let (_, me) = server.get("/api/me", Some(&person.token)).await;
        let private: DocumentId = me["private_doc_url"].as_str().unwrap().parse().unwrap();
        let mut client = server.client(&person.token, &format!("p{i}")).await;
        open_loaded(&mut client, room).await;
        client.open(private).await.unwrap();
        let mut start = start.clone();
        let by = person.by();
        writers.push(tokio::spawn(async move {
            let _ = start.wait_for(|go| *go).await;
            for k in 0..400 {
                let id = format!("n-{i}-{k}");
                let text = format!("GEHEIM notitie {i} {k}");
                let written = client
                    .change(room, |doc| {
                        add_note(doc, &id, "kansen", &text, &by);
                        Ok(())
                    })
                    .await;
                // A silent note in the private document, beside it.
                let silent = client
                    .change(private, |doc| {
                        use automerge::transaction::Transactable;
                        let notes = match automerge::ReadDoc::get(doc, automerge::ROOT, "notes")? {
                            Some((_, notes)) => notes,
                            None => return Ok(()),
                        };
                        doc.put(&notes, &id, format!("GEHEIM stil {i} {k}"))?;
                        Ok(())
                    })
                    .await;
                if written.is_err() || silent.is_err() || client.closed.is_some() {
                    break;
                }
                let _ = client
                    .pump_until(std::time::Duration::from_millis(5), |_| false)
                    .await;
            }
        }));
    }
    (organiser, writers)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_session_leaves_no_note_text_even_under_writes() {
    let dir = tempfile::tempdir().unwrap();
    // Thirteen sessions from one address: above the creation limit a day needs.
    let server = TestServer::start_with(
        dir.path(),
        &[
            "--join-attempts-per-minute",
            "1000",
            "--sessions-per-address-per-hour",
            "100",
        ],
    )
    .await;
    let kept = server.create_day().await;
    let keeper = server.join(&kept.code, "Kees", "school-leader").await;
    start_round_one(&server, &kept).await;
    let mut keeper_client = server.client(&keeper.token, "kees").await;
    let kept_room = server.room_of(&keeper).await;
    open_loaded(&mut keeper_client, kept_room).await;
    write_acknowledged(
        &mut keeper_client,
        kept_room,
        "k-1",
        "BEWAARD blijft staan",
        &keeper.by(),
    )
    .await;

    // Three sessions at once, four times: the race this guards against
    // (an actor writing after the delete) does not show every time.
    let mut doomed = Vec::new();
    for _ in 0..4 {
        let (go, start) = tokio::sync::watch::channel(false);
        let mut batch = Vec::new();
        let mut writers = Vec::new();
        for _ in 0..3 {
            let (organiser, mut theirs) = session_under_writes(&server, &start).await;
            batch.push(organiser);
            writers.append(&mut theirs);
        }
        go.send_replace(true);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let paths: Vec<String> = batch.iter().map(|organiser| organiser.path("")).collect();
        let deletes = batch.iter().zip(&paths).map(|(organiser, path)| {
            server.call(reqwest::Method::DELETE, path, Some(&organiser.secret), None)
        });
        for (status, _) in futures_util::future::join_all(deletes).await {
            assert_eq!(status, 204);
        }
        for writer in writers {
            let _ = tokio::time::timeout(WAIT, writer).await;
        }
        doomed.append(&mut batch);
    }
    server.stop().await;

    let db = rusqlite::Connection::open(dir.path().join("samenbord.db")).unwrap();
    let mut rows = db.prepare("SELECT data FROM chunks").unwrap();
    let chunks: Vec<Vec<u8>> = rows
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let texts: Vec<String> = chunks.iter().map(|c| chunk_text(c)).collect();
    assert!(
        texts.iter().any(|t| t.contains("BEWAARD")),
        "the kept session's note is found, so the decoding works"
    );
    let leaked = texts.iter().filter(|t| t.contains("GEHEIM")).count();
    assert_eq!(
        leaked,
        0,
        "{leaked} of {} chunks hold deleted note text",
        chunks.len()
    );
    for organiser in &doomed {
        for table in ["sessions", "documents", "closing_snapshots"] {
            let count: i64 = db
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE session_id = ?1"),
                    [&organiser.session_id],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(count, 0, "{table}");
        }
    }
}

/// How many of `sockets` the server has closed (reading gives end of
/// stream or an error) within `within`.
async fn closed_by_server(
    sockets: &mut [tokio::net::TcpStream],
    within: std::time::Duration,
) -> usize {
    use tokio::io::AsyncReadExt;
    let deadline = tokio::time::Instant::now() + within;
    let mut closed = 0;
    for stream in sockets.iter_mut() {
        let mut buffer = [0u8; 512];
        loop {
            match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => {
                    closed += 1;
                    break;
                }
                // A 408 or similar before closing.
                Ok(Ok(_)) => continue,
                Err(_) => break,
            }
        }
    }
    closed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_neither_pile_up_nor_keep_healthz_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(
        dir.path(),
        &[
            "--header-timeout-seconds",
            "4",
            "--max-connections-per-address",
            "50",
            "--max-http-connections",
            "400",
        ],
    )
    .await;
    // 300 from one address: 250 are refused at once (well within the 4 s
    // header deadline), 50 held until that deadline.
    let mut one_address = half_open(&server, "127.0.0.2", 300).await;
    let (status, _) = server.get("/healthz", None).await;
    assert_eq!(status, 200, "healthz answers during the attack");
    let refused = closed_by_server(&mut one_address[50..], std::time::Duration::from_secs(2)).await;
    assert_eq!(
        refused, 250,
        "connections past the per-address cap are closed"
    );
    // From many addresses: the overall cap holds (the rest are closed at
    // once), and the header deadline frees room for healthz.
    let mut spread = Vec::new();
    for host in 3..12 {
        spread.append(&mut half_open(&server, &format!("127.0.0.{host}"), 50).await);
    }
    assert!(healthz_within(&server, WAIT).await, "healthz answers again");
    // Everyone who never finished their headers is let go.
    let all = one_address.len() + spread.len();
    let closed =
        closed_by_server(&mut one_address, WAIT).await + closed_by_server(&mut spread, WAIT).await;
    assert_eq!(closed, all, "every half-open connection is closed");
    server.stop().await;
}

#[tokio::test]
async fn one_token_cannot_hold_every_sync_slot_and_the_organiser_gets_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(
        dir.path(),
        &[
            "--max-connections",
            "21",
            "--sync-connections-per-participant",
            "3",
        ],
    )
    .await;
    let organiser = server.create_day().await;
    let url = |token: &str| format!("{}?token={token}", server.ws);
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let mut held = Vec::new();
    for i in 0..3 {
        held.push(server.client(&ana.token, &format!("ana-{i}")).await);
    }
    assert!(
        samenbord_protocol::client::Client::connect(&url(&ana.token), "ana-3")
            .await
            .is_err(),
        "a fourth connection with one token is refused"
    );
    // Participants fill every slot (the organisers' reserve is on top).
    for i in 0..6 {
        let person = server
            .join(&organiser.code, &format!("P{i}"), "mentor")
            .await;
        for k in 0..3 {
            held.push(server.client(&person.token, &format!("p{i}-{k}")).await);
        }
    }
    let late = server.join(&organiser.code, "Laat", "mentor").await;
    assert!(
        samenbord_protocol::client::Client::connect(&url(&late.token), "laat")
            .await
            .is_err(),
        "the server is full for participants"
    );
    let watching = server.client(&organiser.secret, "organiser").await;
    assert!(watching.closed.is_none(), "the organiser gets in");
    drop(held);
    server.stop().await;
}

#[tokio::test]
async fn a_presence_flood_reaches_no_one_and_disconnects_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &["--peer-queue", "64"]).await;
    let room = story.room;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "hr-officer")
        .await;
    place_in_anas_room(&story, "move", &ben.id).await;
    let mut ben_client = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut ben_client, room).await;

    // Junk and impostors are not relayed; a heartbeat is.
    let by = story.ana.by();
    let ana = &mut story.client;
    ana.send_ephemeral(room, vec![0xff, 0x00]).await.unwrap();
    ana.send_ephemeral(room, presence(&ben.id, "Ben (echt)"))
        .await
        .unwrap();
    ana.send_ephemeral(room, presence(&story.ana.id, "Ana"))
        .await
        .unwrap();
    assert!(
        ben_client
            .pump_until(WAIT, |c| !c.ephemeral.is_empty())
            .await
            .unwrap()
    );
    let _ = ben_client
        .pump_until(std::time::Duration::from_millis(300), |_| false)
        .await;
    assert_eq!(ben_client.ephemeral.len(), 1, "only the heartbeat arrives");
    assert_eq!(ben_client.ephemeral[0].2, presence(&story.ana.id, "Ana"));

    // A flood while Ben's device is busy (not reading).
    ben_client.ephemeral.clear();
    for i in 0..600 {
        ana.send_ephemeral(room, presence(&story.ana.id, &format!("Ana {i}")))
            .await
            .unwrap();
    }
    // Ana's device keeps reading, as a browser does: the sync protocol
    // may need a round trip before her note reaches the server.
    change_acknowledged(ana, room, |doc| {
        add_note(doc, "n-flood", "kansen", "Na de vloed", &by);
    })
    .await;
    assert!(
        ben_client
            .pump_until(WAIT, |c| has_note(c, &room, "Na de vloed"))
            .await
            .unwrap(),
        "Ben still syncs: {:?}",
        ben_client.closed
    );
    assert!(ben_client.closed.is_none(), "Ben is not disconnected");
    let relayed = ben_client.ephemeral.len();
    assert!(relayed <= 40, "{relayed} of 600 flood messages reached Ben");
    eprintln!("presence flood: {relayed} of 600 relayed");
    story.server.stop().await;
}

#[tokio::test]
async fn close_codes_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &["--max-message-bytes", "65536"]).await;
    let mut oversize = story.server.client(&story.ana.token, "big").await;
    oversize.send_raw(vec![0u8; 65_537 * 2]).await.unwrap();
    let (code, reason) = oversize.closed_within(WAIT).await.expect("closed");
    assert_eq!(code, 1009, "an oversize frame is 'too big': {reason}");

    let mut leaving = story.server.client(&story.ana.token, "gone").await;
    leaving
        .send(&WireMessage::Leave {
            sender_id: "gone".into(),
        })
        .await
        .unwrap();
    let (code, reason) = leaving.closed_within(WAIT).await.expect("closed");
    assert_eq!(code, 1000, "leaving is a normal close: {reason}");
    story.server.stop().await;
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    for path in ["/", "/healthz", "/api/me"] {
        let response = reqwest::get(format!("{}{path}", server.base))
            .await
            .unwrap();
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert_eq!(
            headers.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            headers.get("referrer-policy").unwrap(),
            "no-referrer",
            "{path}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn metrics_are_for_the_operator_only() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(dir.path(), &["--metrics-token", "meet-geheim"]).await;
    let (status, _) = server.get("/metrics", None).await;
    assert_eq!(status, 401, "no token, no metrics");
    let (status, _) = server.get("/metrics", Some("raden")).await;
    assert_eq!(status, 401, "a wrong token, no metrics");
    let (status, body) = server.get("/metrics", Some("meet-geheim")).await;
    assert_eq!(status, 200, "{body}");
    server.stop().await;

    // Without a token configured, this machine (loopback) may read them.
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, _) = server.get("/metrics", None).await;
    assert_eq!(status, 200);
    server.stop().await;
}

/// A +1 on a note, the way the web client gives one.
fn vote(doc: &mut automerge::AutoCommit, note_id: &str, voter: &str) {
    let mut current = samenbord_core::room::read_room(doc).unwrap();
    current
        .notes
        .get_mut(note_id)
        .unwrap()
        .votes
        .insert(voter.to_owned(), true);
    autosurgeon::reconcile(doc, &current).unwrap();
}

/// Whether `note_id` carries `voter`'s +1 in `client`'s copy.
fn voted(
    client: &samenbord_protocol::client::Client,
    room: &DocumentId,
    note_id: &str,
    voter: &str,
) -> bool {
    client
        .doc(room)
        .and_then(|d| samenbord_core::room::read_room(d).ok())
        .is_some_and(|r| {
            r.notes
                .get(note_id)
                .is_some_and(|n| n.votes.get(voter) == Some(&true))
        })
}

#[tokio::test]
async fn after_reopening_a_device_refused_while_closed_writes_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let room = story.room;
    let by = story.ana.by();
    let ana_id = story.ana.id.clone();
    let (_, me) = story.server.get("/api/me", Some(&story.ana.token)).await;
    let group = me["room"]["room_id"].as_str().unwrap().to_owned();
    let act = |what: &str| story.organiser.path(&format!("/rooms/{group}/{what}"));
    let closed = |c: &samenbord_protocol::client::Client| {
        c.doc(&room)
            .and_then(|d| samenbord_core::room::read_room(d).ok())
            .map(|r| r.closed)
    };
    write_acknowledged(
        &mut story.client,
        room,
        "n-open",
        "Geschreven toen het open was",
        &by,
    )
    .await;
    let (status, body) = story
        .server
        .post(
            &act("close"),
            Some(&story.organiser.secret),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert!(
        story
            .client
            .pump_until(WAIT, |c| closed(c) == Some(true))
            .await
            .unwrap()
    );
    // Words typed into one's own note would be kept as late; a +1 is
    // refused while the room is closed.
    story
        .client
        .change(room, |doc| {
            vote(doc, "n-open", &ana_id);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        story
            .client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("closed")))
            .await
            .unwrap()
    );
    // Her laptop opens the room while it is closed (a user test: a phone
    // that came back online then); its +1 is refused too.
    let mut laptop = story.server.client(&story.ana.token, "ana-laptop").await;
    open_loaded(&mut laptop, room).await;
    assert_eq!(closed(&laptop), Some(true));
    write_note_refused(&mut laptop, room, &by).await;

    let (status, body) = story
        .server
        .post(
            &act("reopen"),
            Some(&story.organiser.secret),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    for device in [&mut story.client, &mut laptop] {
        assert!(
            device
                .pump_until(WAIT, |c| closed(c) == Some(false) && c.acknowledged(&room))
                .await
                .unwrap(),
            "each device hears the room is open and its change is acknowledged"
        );
    }
    let mut fresh = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut fresh, room).await;
    assert!(
        voted(&fresh, &room, "n-open", &ana_id),
        "the +1 is in the room"
    );
    assert!(
        has_note(&fresh, &room, "Vanaf de laptop"),
        "the laptop's change is in the room"
    );
    story.server.stop().await;
}

/// Changes a closed room in a way it refuses (a new note would be kept
/// late, but not with a +1 on a note that was there), and waits for the
/// refusal.
async fn write_note_refused(
    client: &mut samenbord_protocol::client::Client,
    room: DocumentId,
    by: &By,
) {
    client
        .change(room, |doc| {
            add_note(doc, "n-laptop", "kansen", "Vanaf de laptop", by);
            vote(doc, "n-open", &by.id);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("closed")))
            .await
            .unwrap(),
        "a closed room refuses a +1"
    );
}

/// A change whose operations point at an object no one made (Automerge
/// itself panics applying such a change on some paths) is refused; the
/// room goes on and reads back whole after a restart.
#[tokio::test]
async fn a_change_on_an_object_that_does_not_exist_is_refused() {
    use automerge::legacy::{ObjectId, OpId};
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let (room, by) = (story.room, story.ana.by());
    let mut scratch = story.client.doc(&room).unwrap().clone();
    let heads = scratch.get_heads();
    add_note(
        &mut scratch,
        "n-dangling",
        "kansen",
        "Verwijst naar niets",
        &by,
    );
    let mut forged = scratch.get_last_local_change().unwrap().decode();
    let actor = forged.actor_id.clone();
    for op in &mut forged.operations {
        if matches!(op.obj, ObjectId::Id(_)) {
            op.obj = ObjectId::Id(OpId(999_999, actor.clone()));
        }
    }
    forged.hash = None;
    let forged = automerge::Change::from(forged);
    let message = WireMessage::Sync {
        sender_id: "ana".into(),
        target_id: "server".into(),
        document_id: room,
        data: hostile::sync_message_at(heads, vec![forged.raw_bytes().to_vec()]),
    };
    story.client.send(&message).await.unwrap();
    assert!(
        story
            .client
            .pump_until(WAIT, |c| c
                .errors
                .iter()
                .any(|e| e.contains("cannot be read")))
            .await
            .unwrap(),
        "refused and told why: {:?}",
        story.client.errors
    );
    let mut fresh = story.server.client(&story.ana.token, "ana-fresh").await;
    open_loaded(&mut fresh, room).await;
    write_acknowledged(&mut fresh, room, "n-1", "Gewoon een notitie", &by).await;
    story.server.stop().await;
    let server = TestServer::start(dir.path()).await;
    let mut after = server.client(&story.ana.token, "ana-after").await;
    open_loaded(&mut after, room).await;
    let read = samenbord_core::room::read_room(after.doc(&room).unwrap()).unwrap();
    assert_eq!(
        read.notes.keys().collect::<Vec<_>>(),
        ["n-1"],
        "the honest note is there, the forged one is not"
    );
    server.stop().await;
}

/// Text typed after a character that does not exist: the identity gate
/// reads such a change, and Automerge 0.12 asserts (panics) applying it.
/// The sender is refused, the room's other device is told to reconnect,
/// and after it does, the room takes notes again with nothing
/// acknowledged lost.
#[tokio::test]
async fn a_change_that_panics_automerge_costs_the_room_nothing_acknowledged() {
    use automerge::legacy::{ElementId, Key, OpId};
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let (room, by) = (story.room, story.ana.by());
    write_acknowledged(&mut story.client, room, "n-1", "Hallo", &by).await;
    let mut other = story.server.client(&story.ana.token, "ana-laptop").await;
    open_loaded(&mut other, room).await;

    let mut scratch = story.client.doc(&room).unwrap().clone();
    let heads = scratch.get_heads();
    let (_, notes) = scratch.get(ROOT, "notes").unwrap().unwrap();
    let (_, note) = scratch.get(&notes, "n-1").unwrap().unwrap();
    let (_, text) = scratch.get(&note, "text").unwrap().unwrap();
    scratch.splice_text(&text, 5, 0, " daar").unwrap();
    scratch.commit();
    let mut poison = scratch.get_last_local_change().unwrap().decode();
    let actor = poison.actor_id.clone();
    for op in &mut poison.operations {
        if let Key::Seq(ElementId::Id(after)) = &mut op.key {
            *after = OpId(999_999, actor.clone());
        }
    }
    poison.hash = None;
    let poison = automerge::Change::from(poison);
    story
        .client
        .send(&WireMessage::Sync {
            sender_id: "ana".into(),
            target_id: "server".into(),
            document_id: room,
            data: hostile::sync_message_at(heads, vec![poison.raw_bytes().to_vec()]),
        })
        .await
        .unwrap();
    let (code, reason) = story.client.closed_within(WAIT).await.expect("refused");
    assert_eq!(code, 1002, "{reason}");
    let (code, reason) = other.closed_within(WAIT).await.expect("told to reconnect");
    assert_eq!(code, 1012, "{reason}");

    let mut again = story.server.client(&story.ana.token, "ana-laptop-2").await;
    open_loaded(&mut again, room).await;
    assert_eq!(note_texts(again.doc(&room).unwrap()), ["Hallo"]);
    write_acknowledged(&mut again, room, "n-2", "Na het herladen", &by).await;
    story.server.stop().await;
    let server = TestServer::start(dir.path()).await;
    let mut after = server.client(&story.ana.token, "ana-after").await;
    open_loaded(&mut after, room).await;
    assert_eq!(
        note_texts(after.doc(&room).unwrap()),
        ["Hallo", "Na het herladen"]
    );
    server.stop().await;
}

/// A hostile participant's test: a second join with the code, during a
/// running round, was seated in another room and handed its address;
/// her first token then read that room's notes and wrote one there. A
/// room opens only for the people who sit in it, and a device left on a
/// room its participant was moved out of writes no more there.
#[tokio::test]
async fn a_participant_opens_and_writes_only_the_room_she_sits_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "mentor")
        .await;
    let anas_group = group_of(&story.server, &story.ana).await;
    let bens_group = another_room(&story.server, &story.organiser, &anas_group).await;
    place(
        &story.server,
        &story.organiser,
        "move",
        &ben.id,
        &bens_group,
    )
    .await;
    let bens_room = story.server.room_of(&ben).await;
    let mut ben_client = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut ben_client, bens_room).await;

    // Ana asks for Ben's room with her own token.
    story.client.open(bens_room).await.unwrap();
    assert!(
        story
            .client
            .pump_until(WAIT, |c| c.unavailable.contains(&bens_room))
            .await
            .unwrap(),
        "Ben's room opened for Ana"
    );

    // The organiser moves Ben into Ana's room; his device stays on his
    // old room (every message is checked) and writes a note there.
    place(
        &story.server,
        &story.organiser,
        "move",
        &ben.id,
        &anas_group,
    )
    .await;
    let as_ben = ben.by();
    ben_client
        .change(bens_room, |doc| {
            add_note(doc, "n-oud", "kansen", "In de oude kamer", &as_ben);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        ben_client
            .pump_until(WAIT, |c| c.unavailable.contains(&bens_room))
            .await
            .unwrap(),
        "his old room still took his writes"
    );
    assert!(!ben_client.acknowledged(&bens_room));
    // In the room he sits in now, he writes as before.
    open_loaded(&mut ben_client, story.room).await;
    change_acknowledged(&mut ben_client, story.room, |doc| {
        add_note(doc, "n-nieuw", "kansen", "In de nieuwe kamer", &as_ben)
    })
    .await;
    story.server.stop().await;
}

/// Letters no deflate shrinks much: `chars` of them, from `seed`.
fn junk(seed: u64, chars: usize) -> String {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..chars)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b'a' + u8::try_from((state >> 33) % 26).unwrap())
        })
        .collect()
}

/// Sends long notes of junk into `room` until the server cuts `client`
/// off; its close reason, and how many notes it took.
async fn fill_until_cut_off(
    client: &mut samenbord_protocol::client::Client,
    room: DocumentId,
    by: &By,
    tag: &str,
) -> (String, u64) {
    for n in 0..40_u64 {
        let text = junk(n, 9_000);
        let _ = client
            .change(room, |doc| {
                add_note(doc, &format!("{tag}-{n}"), "kansen", &text, by);
                Ok(())
            })
            .await;
        if let Some((_, reason)) = client
            .closed_within(std::time::Duration::from_millis(100))
            .await
        {
            return (reason, n + 1);
        }
    }
    panic!("never cut off");
}

/// A hostile participant's test filled a room with 147 MB of deleted
/// junk notes at full message rate: the room stopped opening for its
/// members and the server grew to 10 GB. What one person may send is
/// bounded, across connections: connecting again gives no new allowance.
#[tokio::test]
async fn a_participant_filling_a_room_is_cut_off_even_connecting_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(
        dir.path(),
        &["--bytes-per-second", "1000", "--byte-burst", "60000"],
    )
    .await;
    let room = story.room;
    let by = story.ana.by();
    let (reason, first) = fill_until_cut_off(&mut story.client, room, &by, "junk").await;
    assert!(reason.contains("too much data"), "{reason}");
    assert!(first > 2, "a burst is allowed: cut off after {first}");

    let mut again = story.server.client(&story.ana.token, "ana-again").await;
    open_loaded(&mut again, room).await;
    let (reason, second) = fill_until_cut_off(&mut again, room, &by, "more").await;
    assert!(reason.contains("too much data"), "{reason}");
    assert_eq!(second, 1, "no new allowance for connecting again");

    // Ben, at a person's pace, writes as usual.
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "mentor")
        .await;
    place_in_anas_room(&story, "move", &ben.id).await;
    let mut ben_client = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut ben_client, room).await;
    let as_ben = ben.by();
    change_acknowledged(&mut ben_client, room, |doc| {
        add_note(doc, "n-ben", "kansen", "Gewoon een notitie", &as_ben)
    })
    .await;
    story.server.stop().await;
}

/// A note put at the key of someone else's note without seeing it (no
/// predecessor: a "concurrent copy") would hide that note, since the
/// document shows one of two concurrent values. The gate let such copies
/// through for a device publishing its own silent note; now only the
/// note's own author may.
#[tokio::test]
async fn a_participant_cannot_hide_anothers_note_behind_a_concurrent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let room = story.room;
    let before = story.client.doc(&room).unwrap().clone().get_heads();
    let anas_text = "Meer tijd voor begeleiding op de werkplek";
    write_acknowledged(&mut story.client, room, "n-ana", anas_text, &story.ana.by()).await;

    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "school-leader")
        .await;
    place_in_anas_room(&story, "move", &ben.id).await;
    let mut bens = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut bens, room).await;
    let mut scratch = bens.doc(&room).unwrap().clone().fork_at(&before).unwrap();
    add_note(
        &mut scratch,
        "n-ana",
        "kansen",
        "Alles gaat goed",
        &ben.by(),
    );
    let copy = scratch.get_last_local_change().unwrap();
    let message = WireMessage::Sync {
        sender_id: "ben".into(),
        target_id: "server".into(),
        document_id: room,
        data: hostile::sync_message_at(scratch.get_heads(), vec![copy.raw_bytes().to_vec()]),
    };
    bens.send(&message).await.unwrap();
    assert!(
        bens.pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains("replaced")))
            .await
            .unwrap(),
        "refused and told why: {:?}",
        bens.errors
    );

    let mut fresh = story.server.client(&story.ana.token, "ana-fresh").await;
    open_loaded(&mut fresh, room).await;
    let read = samenbord_core::room::read_room(fresh.doc(&room).unwrap()).unwrap();
    let note = read.notes.values().find(|n| n.id.as_str() == "n-ana");
    assert_eq!(
        note.map(|n| n.text.as_str()),
        Some(anas_text),
        "Ana's note is still what the room shows"
    );
    story.server.stop().await;
}
