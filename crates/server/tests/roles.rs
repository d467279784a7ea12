//! Conversation roles on the Kwaliteitsgesprek: the room's appointed
//! leader, the organiser and a co-host assign them and the room document
//! shows the holder to every device; anyone else is refused, as is a role the card
//! does not have or a person who is not in the room. Over sync, nobody
//! writes the roles, and only the note-taker writes the record.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use serde_json::json;
use support::{Participant, TestServer, WAIT, change_acknowledged, metric, open_loaded};

/// A Kwaliteitsgesprek with Ana (leader) and Ben in the first room and
/// Cas in the second; returns the people and the rooms' group ids.
async fn quality_talk(server: &TestServer) -> (support::Organiser, [Participant; 3], Vec<String>) {
    talk_on(server, "kwaliteitsgesprek-data").await
}

/// The same people and rooms on another card.
async fn talk_on(
    server: &TestServer,
    template: &str,
) -> (support::Organiser, [Participant; 3], Vec<String>) {
    let (status, body) = server
        .post(
            "/api/sessions",
            None,
            json!({"title": "Data", "template_id": template, "groups": 2}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let organiser = support::Organiser {
        session_id: body["session_id"].as_str().unwrap().to_owned(),
        secret: body["organiser_secret"].as_str().unwrap().to_owned(),
        code: body["join_code"].as_str().unwrap().to_owned(),
    };
    let ana = server.join(&organiser.code, "Ana", "school-leader").await;
    let ben = server.join(&organiser.code, "Ben", "hr-officer").await;
    let cas = server.join(&organiser.code, "Cas", "mentor").await;
    let (_, view) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    let round = view["rounds"][0]["id"].as_str().unwrap().to_owned();
    let groups: Vec<String> = view["rounds"][0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    let (status, _) = server
        .post(
            &organiser.path(&format!("/rounds/{round}/start")),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(status, 204);
    // Ana and Ben in the first room, Cas in the second; Ana leads.
    for (who, group) in [(&ana, &groups[0]), (&ben, &groups[0]), (&cas, &groups[1])] {
        let (status, body) = server
            .post(
                &organiser.path(&format!("/participants/{}/move", who.id)),
                Some(&organiser.secret),
                json!({"round_id": round, "group_id": group}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, body) = server
        .post(
            &organiser.path(&format!("/participants/{}/lead", ana.id)),
            Some(&organiser.secret),
            json!({"round_id": round, "group_id": groups[0]}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    (organiser, [ana, ben, cas], groups)
}

/// A card whose gespreksleider is the room's appointed leader: the role
/// is never assigned apart from the leader (a user test found "Gespreks-
/// leider: Bram" in the header and "Gespreksleider: nog niemand" below).
#[tokio::test]
async fn the_leader_role_is_the_appointed_leader_never_assigned_apart() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (organiser, [ana, ben, _], groups) = talk_on(&server, "instrument-voor-dialoog").await;
    let (status, body) = server
        .post(
            "/api/room/roles",
            Some(&ana.token),
            json!({"role": "gespreksleider", "participant": ben.id}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("leader-role")),
        "{body}"
    );
    let (status, body) = server
        .post(
            &organiser.path(&format!("/rooms/{}/roles", groups[0])),
            Some(&organiser.secret),
            json!({"role": "gespreksleider", "participant": ben.id}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("leader-role")),
        "not by the organiser either: {body}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_leader_organiser_and_cohost_assign_roles_others_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (organiser, [ana, ben, cas], groups) = quality_talk(&server).await;

    let assign = |token: String, role: &'static str, who: Option<String>| {
        let server = &server;
        async move {
            server
                .post(
                    "/api/room/roles",
                    Some(&token),
                    json!({"role": role, "participant": who}),
                )
                .await
        }
    };
    let (status, body) = assign(ben.token.clone(), "verslaglegger", Some(ben.id.clone())).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "Ben does not lead"
    );
    let (status, body) = assign(ana.token.clone(), "kok", Some(ben.id.clone())).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("unknown-role")));
    let (status, body) = assign(ana.token.clone(), "verslaglegger", Some(cas.id.clone())).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("not-in-room")),
        "Cas sits elsewhere"
    );
    let (status, body) = assign(ana.token.clone(), "verslaglegger", Some(ben.id.clone())).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = server
        .post(
            &organiser.path(&format!("/rooms/{}/roles", groups[0])),
            Some(&organiser.secret),
            json!({"role": "procesbegeleider", "participant": ana.id}),
        )
        .await;
    assert_eq!(status, 204, "{body}");

    // A co-host assigns from her own console as the organiser does.
    let (status, invite) = server
        .post(
            &organiser.path("/cohosts"),
            Some(&organiser.secret),
            json!({"name": "Karin"}),
        )
        .await;
    assert_eq!(status, 201, "{invite}");
    let (status, body) = server
        .post(
            &organiser.path(&format!("/rooms/{}/roles", groups[0])),
            invite["secret"].as_str(),
            json!({"role": "procesbegeleider", "participant": ben.id}),
        )
        .await;
    assert_eq!(status, 204, "{body}");

    let room = server.room_of(&ben).await;
    let mut client = server.client(&ben.token, "ben").await;
    open_loaded(&mut client, room).await;
    let doc = samenbord_core::room::read_room(client.doc(&room).unwrap()).unwrap();
    assert_eq!(doc.roles.get("verslaglegger"), Some(&ben.id));
    assert_eq!(doc.roles.get("procesbegeleider"), Some(&ben.id));
    server.stop().await;
}

/// Writes `field` of the room's `roles` map, as a hostile device would.
fn set_role(doc: &mut AutoCommit, role: &str, who: &str) -> Result<(), automerge::AutomergeError> {
    let roles = match doc.get(ROOT, "roles")? {
        Some((_, id)) => id,
        None => doc.put_object(ROOT, "roles", ObjType::Map)?,
    };
    doc.put(&roles, role, who)
}

/// Types into the record the way the web client does (a text).
fn write_record(doc: &mut AutoCommit, text: &str) -> Result<(), automerge::AutomergeError> {
    let record = match doc.get(ROOT, "record")? {
        Some((_, id)) => id,
        None => doc.put_object(ROOT, "record", ObjType::Text)?,
    };
    let end = doc.length(&record);
    doc.splice_text(&record, end, 0, text)
}

fn record(client: &Client, room: &DocumentId) -> String {
    samenbord_core::room::read_room(client.doc(room).unwrap())
        .unwrap()
        .record
        .as_str()
        .to_owned()
}

/// The organiser makes `who` note-taker of `group`; `who` opens the room
/// and writes the record, acknowledged. Returns that device.
async fn note_taker_writes(
    server: &TestServer,
    organiser: &support::Organiser,
    group: &str,
    who: &Participant,
    room: DocumentId,
    device: &str,
) -> Client {
    let (status, body) = server
        .post(
            &organiser.path(&format!("/rooms/{group}/roles")),
            Some(&organiser.secret),
            json!({"role": "verslaglegger", "participant": who.id}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let mut client = server.client(&who.token, device).await;
    open_loaded(&mut client, room).await;
    change_acknowledged(&mut client, room, |doc| {
        write_record(doc, "We kijken naar de uitval.").unwrap();
    })
    .await;
    client
}

/// `client`'s change is refused with `why`, and never acknowledged.
async fn refused(
    client: &mut Client,
    room: DocumentId,
    why: &str,
    change: impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError>,
) {
    client.change(room, change).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.errors.iter().any(|e| e.contains(why)))
            .await
            .unwrap(),
        "refused with {why:?}: {:?}",
        client.errors
    );
    assert!(!client.acknowledged(&room));
}

#[tokio::test]
async fn roles_are_not_written_over_sync_and_only_the_note_taker_writes_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (organiser, [ana, ben, _], groups) = quality_talk(&server).await;
    let room = server.room_of(&ben).await;

    // Ben makes himself note-taker by writing the document: refused, as
    // is the leader doing the same (she assigns through the server).
    let mut ben_1 = server.client(&ben.token, "ben-1").await;
    open_loaded(&mut ben_1, room).await;
    refused(&mut ben_1, room, "roles", |doc| {
        set_role(doc, "verslaglegger", &ben.id)
    })
    .await;
    let mut ana_1 = server.client(&ana.token, "ana-1").await;
    open_loaded(&mut ana_1, room).await;
    refused(&mut ana_1, room, "roles", |doc| {
        set_role(doc, "procesbegeleider", &ana.id)
    })
    .await;

    // Nobody keeps the record yet: Ben may not write it.
    let mut ben_2 = server.client(&ben.token, "ben-2").await;
    open_loaded(&mut ben_2, room).await;
    refused(&mut ben_2, room, "note-taker", |doc| {
        write_record(doc, "Vals verslag")
    })
    .await;

    // The organiser makes Ben note-taker: now he writes the record, and
    // Ana (the leader, not the note-taker) may not touch it.
    let _ben_3 = note_taker_writes(&server, &organiser, &groups[0], &ben, room, "ben-3").await;
    let mut ana_2 = server.client(&ana.token, "ana-2").await;
    open_loaded(&mut ana_2, room).await;
    assert!(
        ana_2
            .pump_until(WAIT, |c| record(c, &room) == "We kijken naar de uitval.")
            .await
            .unwrap()
    );
    refused(&mut ana_2, room, "note-taker", |doc| {
        write_record(doc, " Niet waar.")
    })
    .await;
    refused(&mut ana_2, room, "note-taker", |doc| {
        doc.put(ROOT, "record", "Weg ermee")
    })
    .await;

    let mut fresh = server.client(&ben.token, "ben-4").await;
    open_loaded(&mut fresh, room).await;
    let doc = samenbord_core::room::read_room(fresh.doc(&room).unwrap()).unwrap();
    assert_eq!(doc.record.as_str(), "We kijken naar de uitval.");
    assert_eq!(doc.roles.get("verslaglegger"), Some(&ben.id));
    assert_eq!(doc.roles.get("procesbegeleider"), None);
    server.stop().await;
}

/// After a restart a room stored as one save opens without being loaded
/// (devices get the save as stored); the first write loads it, and the
/// room's rules hold as before: the note-taker writes the record, the
/// leader may not.
#[tokio::test]
async fn a_room_opened_from_its_save_keeps_its_rules_when_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (organiser, [ana, ben, _], groups) = quality_talk(&server).await;
    let room = server.room_of(&ben).await;
    let ben_1 = note_taker_writes(&server, &organiser, &groups[0], &ben, room, "ben-1").await;
    // Everyone leaves: the room is stored as one save.
    drop(ben_1);
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    server.stop().await;

    let server = TestServer::start(dir.path()).await;
    let mut ana_1 = server.client(&ana.token, "ana-1").await;
    open_loaded(&mut ana_1, room).await;
    let mut ben_2 = server.client(&ben.token, "ben-2").await;
    open_loaded(&mut ben_2, room).await;
    assert_eq!(record(&ana_1, &room), "We kijken naar de uitval.");
    let (_, metrics) = server.get("/metrics", None).await;
    assert_eq!(
        metric(&metrics, "samenbord_documents_dormant"),
        1.0,
        "two devices opened the room from its save, not loaded"
    );

    refused(&mut ana_1, room, "note-taker", |doc| {
        write_record(doc, " Niet waar.")
    })
    .await;
    change_acknowledged(&mut ben_2, room, |doc| {
        write_record(doc, " En de werkdruk.").unwrap();
    })
    .await;
    let mut ana_2 = server.client(&ana.token, "ana-2").await;
    open_loaded(&mut ana_2, room).await;
    assert_eq!(
        record(&ana_2, &room),
        "We kijken naar de uitval. En de werkdruk."
    );
    let (_, metrics) = server.get("/metrics", None).await;
    assert_eq!(metric(&metrics, "samenbord_documents_dormant"), 0.0);
    server.stop().await;
}
