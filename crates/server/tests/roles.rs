//! Conversation roles on the Kwaliteitsgesprek: the room's appointed
//! leader and the organiser assign them and the room document shows the
//! holder to every device; anyone else is refused, as is a role the card
//! does not have or a person who is not in the room.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::{TestServer, open_loaded};

#[tokio::test]
async fn the_leader_and_the_organiser_assign_roles_others_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, body) = server
        .post(
            "/api/sessions",
            None,
            json!({"title": "Data", "template_id": "kwaliteitsgesprek-data", "groups": 2}),
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

    let room = server.room_of(&ben).await;
    let mut client = server.client(&ben.token, "ben").await;
    open_loaded(&mut client, room).await;
    let doc = samenbord_core::room::read_room(client.doc(&room).unwrap()).unwrap();
    assert_eq!(doc.roles.get("verslaglegger"), Some(&ben.id));
    assert_eq!(doc.roles.get("procesbegeleider"), Some(&ana.id));
    server.stop().await;
}
