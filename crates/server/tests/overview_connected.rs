//! The organiser's overview counts, per room, the people placed there
//! whose device has the room's card open: not someone moved away who still
//! has the old card open, and not an organiser looking in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use serde_json::Value;
use support::*;

async fn connected(story: &AnaInHerRoom) -> Vec<(String, u64)> {
    story
        .overview()
        .await
        .iter()
        .map(|room: &Value| {
            (
                room["room_id"].as_str().unwrap().to_owned(),
                room["connected"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn of(rooms: &[(String, u64)], room: &str) -> u64 {
    rooms
        .iter()
        .find(|(id, _)| id == room)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("{room} not in {rooms:?}"))
}

#[tokio::test]
async fn a_moved_participant_counts_only_in_the_room_they_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let story = AnaInHerRoom::start(dir.path(), &[]).await;
    let old_group = group_of(&story.server, &story.ana).await;
    let before = connected(&story).await;
    assert_eq!(of(&before, &old_group), 1, "Ana's phone is on her card");

    // The organiser looks in on Ana's card: still one person there.
    let mut watching = story
        .server
        .client(&story.organiser.secret, "organiser")
        .await;
    open_loaded(&mut watching, story.room).await;
    assert_eq!(of(&connected(&story).await, &old_group), 1);

    // Ana is moved; her phone still has the old card open.
    let other = before
        .iter()
        .map(|(id, _)| id.clone())
        .find(|id| *id != old_group)
        .expect("a second room");
    place(
        &story.server,
        &story.organiser,
        "move",
        &story.ana.id,
        &other,
    )
    .await;
    let moved = connected(&story).await;
    assert_eq!(of(&moved, &old_group), 0, "Ana is no longer counted there");
    assert_eq!(
        of(&moved, &other),
        0,
        "her phone is not on the new card yet"
    );

    // Her phone opens the new card.
    let mut phone = story.server.client(&story.ana.token, "ana-2").await;
    let new_room = story.server.room_of(&story.ana).await;
    open_loaded(&mut phone, new_room).await;
    assert_eq!(of(&connected(&story).await, &other), 1);

    drop((watching, phone));
    story.server.stop().await;
}

/// Found in a user test: a phone whose network dropped kept counting as
/// connected for over 40 s (until the server's pings gave up), while the
/// others' room already showed it gone after 13 s.
#[tokio::test]
async fn a_device_that_falls_silent_stops_counting() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let group = group_of(&story.server, &story.ana).await;
    assert_eq!(of(&connected(&story).await, &group), 1);

    // Her phone goes quiet: its socket stays open, nothing arrives (a
    // browser sends presence every 4 s while the card is open).
    tokio::time::sleep(Duration::from_secs(16)).await;
    assert_eq!(
        of(&connected(&story).await, &group),
        0,
        "not heard from for 16 s"
    );

    // A heartbeat, as her browser sends it: counted again.
    let heartbeat = hostile_peer::presence(&story.ana.id, "Ana");
    story
        .client
        .send_ephemeral(story.room, heartbeat)
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    while of(&connected(&story).await, &group) != 1 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "heard again, counted again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    story.server.stop().await;
}
