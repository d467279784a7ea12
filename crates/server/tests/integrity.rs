//! One participant must not speak for another. The server publishes
//! silent notes itself when their question opens — an author whose device
//! is closed is included — and refuses a change that puts someone else's
//! name on a note or casts a vote in someone else's name: the change is
//! not applied, its sender is told why, everyone else carries on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use samenbord_core::room::read_room;
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use support::hostile_peer::{reveal, votes_of};
use support::*;

/// Ana's room's group id, and her private document.
async fn anas_places(story: &AnaInHerRoom) -> (String, DocumentId) {
    let (_, me) = story.server.get("/api/me", Some(&story.ana.token)).await;
    let group = me["room"]["room_id"].as_str().unwrap().to_owned();
    let private = me["private_doc_url"].as_str().unwrap().parse().unwrap();
    (group, private)
}

/// Writes a silent note into a private document, as the web client does.
fn add_private_note(doc: &mut AutoCommit, id: &str, room_id: &str, text: &str, by: &By) {
    let notes = match doc.get(ROOT, "notes").unwrap() {
        Some((_, notes)) => notes,
        None => doc.put_object(ROOT, "notes", ObjType::Map).unwrap(),
    };
    let note = doc.put_object(&notes, id, ObjType::Map).unwrap();
    doc.put(&note, "id", id).unwrap();
    doc.put(&note, "target", "kansen").unwrap();
    let body = doc.put_object(&note, "text", ObjType::Text).unwrap();
    doc.splice_text(&body, 0, 0, text).unwrap();
    doc.put(&note, "author_id", by.id.as_str()).unwrap();
    doc.put(&note, "author_name", by.name.as_str()).unwrap();
    doc.put(&note, "author_role", by.role.as_str()).unwrap();
    doc.put(&note, "colour", "yellow").unwrap();
    doc.put(&note, "created_at", 1_i64).unwrap();
    doc.put(&note, "order", 1.0).unwrap();
    doc.put_object(&note, "votes", ObjType::Map).unwrap();
    doc.put(&note, "topic_id", automerge::ScalarValue::Null)
        .unwrap();
    doc.put(&note, "deleted", false).unwrap();
    doc.put(&note, "room_id", room_id).unwrap();
    doc.put(&note, "published", false).unwrap();
}

/// Opens a private document and waits until it has loaded.
async fn open_private(client: &mut Client, private: DocumentId) {
    client.open(private).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c
                .doc(&private)
                .is_some_and(|d| d.get(ROOT, "notes").is_ok_and(|n| n.is_some())))
            .await
            .unwrap(),
        "the private document did not load"
    );
}

fn room_texts(client: &Client, room: &DocumentId) -> Vec<String> {
    client.doc(room).map(note_texts).unwrap_or_default()
}

#[tokio::test]
async fn a_revealed_silent_note_reaches_the_room_while_its_authors_device_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &[]).await;
    let (group, private) = anas_places(&story).await;
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = story;
    open_private(&mut client, private).await;
    let by = ana.by();
    client
        .change(private, |doc| {
            add_private_note(doc, "stil-1", &group, "STIL idee van Ana", &by);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&private))
            .await
            .unwrap()
    );
    // Ana closes her laptop.
    drop(client);

    // The organiser opens the question from the console.
    let mut console = server.client(&organiser.secret, "console").await;
    open_loaded(&mut console, room).await;
    assert!(
        room_texts(&console, &room).is_empty(),
        "silent until revealed"
    );
    change_acknowledged(&mut console, room, |doc| reveal(doc, "kansen").unwrap()).await;
    assert!(
        console
            .pump_until(WAIT, |c| room_texts(c, &room) == ["STIL idee van Ana"])
            .await
            .unwrap(),
        "the server published Ana's silent note: {:?}",
        room_texts(&console, &room)
    );
    let published = read_room(console.doc(&room).unwrap()).unwrap();
    let note = &published.notes["stil-1"];
    assert_eq!(
        (note.author_id.as_str(), note.author_name.as_str()),
        (ana.id.as_str(), "Ana")
    );

    let (status, summary) = server
        .get(
            &organiser.path("/summary?format=json"),
            Some(&organiser.secret),
        )
        .await;
    assert_eq!(status, 200, "{summary}");
    assert!(
        summary.to_string().contains("STIL idee van Ana"),
        "{summary}"
    );

    // Back online, her device finds the note published: it does not copy
    // it again (and if it did, a note is keyed by its id: still one).
    let mut back = server.client(&ana.token, "ana-2").await;
    back.open(private).await.unwrap();
    let published_flag = |c: &Client| {
        c.doc(&private).and_then(|d| {
            let (_, notes) = d.get(ROOT, "notes").ok()??;
            let (_, note) = d.get(&notes, "stil-1").ok()??;
            let (value, _) = d.get(&note, "published").ok()??;
            value.as_scalar().and_then(|s| s.as_bool())
        })
    };
    assert!(
        back.pump_until(WAIT, |c| published_flag(c) == Some(true))
            .await
            .unwrap(),
        "marked published in her private document"
    );
    server.stop().await;
}

/// Ana and Ben in one room, each with a client that has it loaded.
async fn ana_and_ben(dir: &std::path::Path) -> (AnaInHerRoom, Participant, Client) {
    let story = AnaInHerRoom::start(dir, &[]).await;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "mentor")
        .await;
    let (group, _) = anas_places(&story).await;
    place(&story.server, &story.organiser, "move", &ben.id, &group).await;
    let mut ben_client = story.server.client(&ben.token, "ben").await;
    open_loaded(&mut ben_client, story.room).await;
    (story, ben, ben_client)
}

/// Sends a change and waits for the server's refusal.
async fn refused(
    client: &mut Client,
    room: DocumentId,
    change: impl FnOnce(&mut AutoCommit),
) -> String {
    client
        .change(room, |doc| {
            change(doc);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| !c.errors.is_empty())
            .await
            .unwrap(),
        "no refusal came"
    );
    assert!(!client.acknowledged(&room), "nothing of it was applied");
    client.errors.join(" | ")
}

#[tokio::test]
async fn a_note_in_someone_elses_name_is_refused_and_others_carry_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut story, ben, mut ben_client) = ana_and_ben(dir.path()).await;
    let room = story.room;

    // Ana writes a note as Ben.
    let as_ben = ben.by();
    let error = refused(&mut story.client, room, |doc| {
        add_note(doc, "n-vals", "kansen", "Ben vindt dit slecht", &as_ben)
    })
    .await;
    assert!(error.contains("own author_id"), "{error}");

    // Ana keeps her id but calls herself the director.
    let mut jansen = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut jansen, room).await;
    let director = By {
        name: "Directeur Jansen".into(),
        ..story.ana.by()
    };
    let error = refused(&mut jansen, room, |doc| {
        add_note(
            doc,
            "n-directeur",
            "kansen",
            "Zo gaan we het doen",
            &director,
        )
    })
    .await;
    assert!(error.contains("own author_name"), "{error}");

    // Ben is unaffected, and nothing forged reached anyone.
    write_acknowledged(&mut ben_client, room, "n-ben", "Echt van Ben", &ben.by()).await;
    let mut fresh = story.server.client(&story.ana.token, "ana-3").await;
    open_loaded(&mut fresh, room).await;
    assert!(
        fresh
            .pump_until(WAIT, |c| room_texts(c, &room) == ["Echt van Ben"])
            .await
            .unwrap(),
        "{:?}",
        room_texts(&fresh, &room)
    );
    // Under her own name she writes as ever.
    write_acknowledged(&mut fresh, room, "n-ana", "Echt van Ana", &story.ana.by()).await;
    story.server.stop().await;
}

#[tokio::test]
async fn votes_count_once_per_person_and_cannot_be_stuffed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut story, ben, mut ben_client) = ana_and_ben(dir.path()).await;
    let room = story.room;
    write_acknowledged(&mut ben_client, room, "n-ben", "Meer tijd", &ben.by()).await;
    assert!(
        story
            .client
            .pump_until(WAIT, |c| room_texts(c, &room) == ["Meer tijd"])
            .await
            .unwrap()
    );

    // 500 made-up voters.
    let error = refused(&mut story.client, room, |doc| {
        let votes = votes_of(doc, "n-ben");
        for i in 0..500 {
            doc.put(&votes, format!("nep-{i}"), true).unwrap();
        }
    })
    .await;
    assert!(error.contains("vote"), "{error}");
    // Ben's vote, cast by Ana.
    let mut again = story.server.client(&story.ana.token, "ana-2").await;
    open_loaded(&mut again, room).await;
    let ben_id = ben.id.clone();
    let error = refused(&mut again, room, |doc| {
        let votes = votes_of(doc, "n-ben");
        doc.put(&votes, ben_id.as_str(), true).unwrap();
    })
    .await;
    assert!(error.contains("vote"), "{error}");

    // Her own +1 counts.
    let mut own = story.server.client(&story.ana.token, "ana-3").await;
    open_loaded(&mut own, room).await;
    let ana_id = story.ana.id.clone();
    change_acknowledged(&mut own, room, |doc| {
        let votes = votes_of(doc, "n-ben");
        doc.put(&votes, ana_id.as_str(), true).unwrap();
    })
    .await;
    assert!(
        ben_client
            .pump_until(WAIT, |c| c
                .doc(&room)
                .and_then(|d| read_room(d).ok())
                .is_some_and(|r| r.notes["n-ben"].vote_count() == 1))
            .await
            .unwrap(),
        "one vote, Ana's"
    );
    story.server.stop().await;
}

#[tokio::test]
async fn an_anonymous_session_keeps_notes_unlinked_to_people() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, body) = server
        .post(
            "/api/sessions",
            None,
            serde_json::json!({"title": "Anoniem", "programme_id": "partnerschapsdag", "anonymous": true}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let organiser = Organiser {
        session_id: body["session_id"].as_str().unwrap().to_owned(),
        secret: body["organiser_secret"].as_str().unwrap().to_owned(),
        code: body["join_code"].as_str().unwrap().to_owned(),
    };
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    start_round_one(&server, &organiser).await;
    let room = server.room_of(&ana).await;
    let mut client = server.client(&ana.token, "ana").await;
    open_loaded(&mut client, room).await;

    // Her id on the note would tie it to her: refused.
    let named = By {
        name: String::new(),
        ..ana.by()
    };
    let error = refused(&mut client, room, |doc| {
        add_note(doc, "n-1", "kansen", "Met mijn id", &named)
    })
    .await;
    assert!(error.contains("own author_id"), "{error}");

    let anonymous = By {
        id: String::new(),
        name: String::new(),
        role: ana.role.clone(),
    };
    let mut fresh = server.client(&ana.token, "ana-2").await;
    open_loaded(&mut fresh, room).await;
    write_acknowledged(&mut fresh, room, "n-2", "Zonder naam", &anonymous).await;

    // After the end a note typed offline is kept late here too (it was
    // refused: the rule compared the participant id with the note's "").
    // Typing into a note that was there is not: nothing says whose it is.
    end_round_one(&server, &organiser).await;
    fresh
        .change(room, |doc| {
            add_note(doc, "n-3", "kansen", "Net te laat", &anonymous);
            Ok(())
        })
        .await
        .unwrap();
    let late = |c: &samenbord_protocol::client::Client| {
        c.doc(&room)
            .and_then(|d| samenbord_core::room::read_room(d).ok())
            .is_some_and(|r| r.notes.get("n-3").is_some_and(|n| n.late))
    };
    assert!(
        fresh.pump_until(WAIT, late).await.unwrap(),
        "the anonymous late note is kept: {:?}",
        fresh.errors
    );
    let error = refused(&mut fresh, room, |doc| {
        let mut current = samenbord_core::room::read_room(doc).unwrap();
        current
            .notes
            .get_mut("n-2")
            .unwrap()
            .text
            .splice(0, 0, "Niet ");
        autosurgeon::reconcile(doc, &current).unwrap();
    })
    .await;
    assert!(error.contains("closed"), "{error}");
    server.stop().await;
}

/// A latecomer joins while the round runs, lands in a room and writes:
/// the note is taken, not refused as written by someone unknown. (The
/// user test found every late joiner's notes silently refused: the join
/// did not tell the sync server who the newcomer was.)
#[tokio::test]
async fn someone_who_joins_during_the_round_can_write_in_their_room() {
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &[]).await;
    let late = story
        .server
        .join(&story.organiser.code, "Laat", "school-leader")
        .await;
    let room = story.server.room_of(&late).await;
    let mut client = story.server.client(&late.token, "laat").await;
    open_loaded(&mut client, room).await;
    write_acknowledged(&mut client, room, "n-laat", "Ik ben er ook", &late.by()).await;
    let mut console = story
        .server
        .client(&story.organiser.secret, "console")
        .await;
    open_loaded(&mut console, room).await;
    assert!(
        console
            .pump_until(WAIT, |c| room_texts(c, &room)
                .contains(&"Ik ben er ook".to_owned()))
            .await
            .unwrap(),
        "the latecomer's note reached the room: {:?}",
        room_texts(&console, &room)
    );
    story.server.stop().await;
}

/// Nothing checks what a device writes into its own private document, so
/// a silent note there could claim any name and any room. A hostile
/// participant's test had the server publish "Namens het bestuur: dit
/// partnerschap wordt opgeheven." as "Directeur Jansen" into a room she
/// was not in. A silent note goes out under its owner's name, and only
/// into the room she sits in.
#[tokio::test]
async fn a_silent_note_goes_out_under_its_owners_name_and_only_in_her_room() {
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &[]).await;
    let ben = story
        .server
        .join(&story.organiser.code, "Ben", "mentor")
        .await;
    let (group, private) = anas_places(&story).await;
    let bens_group = another_room(&story.server, &story.organiser, &group).await;
    place(
        &story.server,
        &story.organiser,
        "move",
        &ben.id,
        &bens_group,
    )
    .await;
    let bens_room = story.server.room_of(&ben).await;
    let AnaInHerRoom {
        server,
        organiser,
        ana,
        room,
        mut client,
    } = story;
    open_private(&mut client, private).await;
    let jansen = By {
        id: ben.id.clone(),
        name: "Directeur Jansen".into(),
        role: "board-member".into(),
    };
    let as_ana = ana.by();
    client
        .change(private, |doc| {
            add_private_note(doc, "stil-naam", &group, "Namens het bestuur", &jansen);
            add_private_note(doc, "stil-elders", &bens_group, "In Bens kamer", &as_ana);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&private))
            .await
            .unwrap()
    );

    // The organiser opens the question in Ben's room, then in Ana's: one
    // reveal is published after the other.
    let mut console = server.client(&organiser.secret, "console").await;
    open_loaded(&mut console, bens_room).await;
    change_acknowledged(&mut console, bens_room, |doc| {
        reveal(doc, "kansen").unwrap()
    })
    .await;
    open_loaded(&mut console, room).await;
    change_acknowledged(&mut console, room, |doc| reveal(doc, "kansen").unwrap()).await;
    assert!(
        console
            .pump_until(WAIT, |c| room_texts(c, &room) == ["Namens het bestuur"])
            .await
            .unwrap(),
        "{:?}",
        room_texts(&console, &room)
    );
    let published = read_room(console.doc(&room).unwrap()).unwrap();
    let note = &published.notes["stil-naam"];
    assert_eq!(
        (
            note.author_id.as_str(),
            note.author_name.as_str(),
            note.author_role.as_str()
        ),
        (ana.id.as_str(), "Ana", ana.role.as_str()),
        "published under its owner's name"
    );
    // Ben's room's reveal was published first (its changes reached the
    // console before those of Ana's room).
    assert!(
        room_texts(&console, &bens_room).is_empty(),
        "nothing of Ana's reached a room she is not in: {:?}",
        room_texts(&console, &bens_room)
    );
    server.stop().await;
}
