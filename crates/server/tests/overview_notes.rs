//! The organiser's overview counts each room's notes as they are now,
//! poll after poll: the server keeps its reading of a room nobody wrote
//! to (`room_reads`), and a note written between two polls must show.
//! Its "last activity" is what people did, not the server closing a room.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use support::*;

async fn entry(story: &AnaInHerRoom, room: &str) -> serde_json::Value {
    let overview = story.overview().await;
    overview
        .iter()
        .find(|entry| entry["room_id"] == room)
        .cloned()
        .unwrap_or_else(|| panic!("{room} not in {overview:?}"))
}

async fn notes_in(story: &AnaInHerRoom, room: &str) -> u64 {
    let entry = entry(story, room).await;
    entry["notes"]
        .as_u64()
        .unwrap_or_else(|| panic!("no note count in {entry}"))
}

/// Polls until the overview shows `want` notes in `room`, or gives up.
async fn shows(story: &AnaInHerRoom, room: &str, want: u64) -> u64 {
    let mut seen = notes_in(story, room).await;
    for _ in 0..50 {
        if seen == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = notes_in(story, room).await;
    }
    seen
}

#[tokio::test]
async fn a_note_written_between_two_polls_shows_in_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let group = group_of(&story.server, &story.ana).await;
    assert_eq!(notes_in(&story, &group).await, 0);
    assert_eq!(
        notes_in(&story, &group).await,
        0,
        "a quiet room, read again"
    );

    let by = story.ana.by();
    for (n, id) in ["n-1", "n-2"].into_iter().enumerate() {
        story
            .client
            .change(story.room, |doc| {
                add_note(doc, id, "kansen", "Meer tijd voor begeleiding", &by);
                Ok(())
            })
            .await
            .unwrap();
        let want = n as u64 + 1;
        assert_eq!(shows(&story, &group, want).await, want, "after {id}");
    }

    story.server.stop().await;
}

#[tokio::test]
async fn closing_a_room_is_not_activity_in_it_but_a_late_note_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let group = group_of(&story.server, &story.ana).await;
    assert!(entry(&story, &group).await["last_activity"].is_null());

    // Ending the round closes Ana's room: a write by the server.
    end_round_one(&story.server, &story.organiser).await;
    let closed = entry(&story, &group).await;
    assert_eq!(closed["closed"], true, "{closed}");
    assert!(
        closed["last_activity"].is_null(),
        "nobody wrote in the room, yet: {closed}"
    );

    // Ana's phone was offline and sends a note after the close: kept, as
    // late, and that is activity.
    let by = story.ana.by();
    story
        .client
        .change(story.room, |doc| {
            add_note(doc, "n-late", "kansen", "Na afloop nog bedacht", &by);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(shows(&story, &group, 1).await, 1, "the late note is kept");
    assert!(entry(&story, &group).await["last_activity"].is_i64());

    story.server.stop().await;
}
