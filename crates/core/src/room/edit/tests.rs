//! How concurrent edits by two people in one room merge. Each test is a
//! small story: two replicas of one room, edits on both, then a merge.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use autosurgeon::Text;

use super::*;
use crate::room::model::Note;

fn meta() -> RoomMeta {
    RoomMeta {
        session_id: "s1".into(),
        round_id: "ronde-1".into(),
        room_id: "groep-3".into(),
        template_id: "partnerschapsdag-dialoogkaart".into(),
        group_label: "Schoolopleiders 1".into(),
        statement: "Samen opleiden is van iedereen".into(),
        initial_phase: None,
    }
}

fn note(id: &str, target: &str, text: &str, author: &str) -> Note {
    Note {
        id: id.into(),
        target: target.into(),
        text: Text::with_value(text),
        author_id: author.into(),
        author_name: author.into(),
        author_role: "school-leader".into(),
        colour: "yellow".into(),
        created_at: 1,
        order: 1.0,
        votes: BTreeMap::new(),
        topic_id: None,
        deleted: false,
        late: false,
    }
}

/// Ana's and Ben's replicas of a room that already holds one note.
fn two_replicas_with_note() -> (AutoCommit, AutoCommit) {
    let mut ana = create_room_document(&meta()).unwrap();
    let mut room = read_room(&ana).unwrap();
    room.notes.insert(
        "n1".into(),
        note("n1", "kansen", "Tijd voor begeleiding", "ana"),
    );
    autosurgeon::reconcile(&mut ana, &room).unwrap();
    let ben = ana.fork();
    (ana, ben)
}

fn edit(doc: &mut AutoCommit, change: impl FnOnce(&mut crate::room::RoomDoc)) {
    let mut room = read_room(doc).unwrap();
    change(&mut room);
    autosurgeon::reconcile(doc, &room).unwrap();
}

fn merged(ana: &mut AutoCommit, ben: &mut AutoCommit) -> crate::room::RoomDoc {
    ana.merge(ben).unwrap();
    ben.merge(ana).unwrap();
    let a = read_room(ana).unwrap();
    assert_eq!(a, read_room(ben).unwrap(), "replicas diverged");
    a
}

#[test]
fn a_new_room_carries_its_group_and_statement() {
    let doc = create_room_document(&meta()).unwrap();
    let room = read_room(&doc).unwrap();
    assert_eq!(room.statement, "Samen opleiden is van iedereen");
    assert_eq!(room.group_label, "Schoolopleiders 1");
    assert!(!room.closed);
    assert!(room.notes.is_empty());
}

#[test]
fn two_people_typing_in_one_note_both_keep_their_words() {
    let (mut ana, mut ben) = two_replicas_with_note();
    edit(&mut ana, |room| {
        let text = &mut room.notes.get_mut("n1").unwrap().text;
        text.splice(0, 0, "Meer ");
    });
    edit(&mut ben, |room| {
        let text = &mut room.notes.get_mut("n1").unwrap().text;
        let end = text.as_str().len();
        text.splice(end, 0, " op school");
    });
    let room = merged(&mut ana, &mut ben);
    assert_eq!(
        room.notes["n1"].text.as_str(),
        "Meer Tijd voor begeleiding op school"
    );
}

#[test]
fn moving_a_note_while_someone_edits_it_keeps_both() {
    let (mut ana, mut ben) = two_replicas_with_note();
    edit(&mut ana, |room| {
        room.notes.get_mut("n1").unwrap().target = "uitdagingen".into();
    });
    edit(&mut ben, |room| {
        let text = &mut room.notes.get_mut("n1").unwrap().text;
        let end = text.as_str().len();
        text.splice(end, 0, " en scholing");
    });
    let room = merged(&mut ana, &mut ben);
    let n1 = &room.notes["n1"];
    assert_eq!(n1.target, "uitdagingen");
    assert_eq!(n1.text.as_str(), "Tijd voor begeleiding en scholing");
}

#[test]
fn concurrent_plus_ones_count_once_per_person() {
    let (mut ana, mut ben) = two_replicas_with_note();
    let mut cas = ana.fork();
    for (doc, voter) in [(&mut ana, "ana"), (&mut ben, "ben"), (&mut cas, "ben")] {
        edit(doc, |room| {
            room.notes
                .get_mut("n1")
                .unwrap()
                .votes
                .insert(voter.into(), true);
        });
    }
    ana.merge(&mut cas).unwrap();
    let room = merged(&mut ana, &mut ben);
    assert_eq!(room.notes["n1"].vote_count(), 2);
}

#[test]
fn a_deleted_note_does_not_come_back_but_concurrent_typing_is_kept() {
    let (mut ana, mut ben) = two_replicas_with_note();
    edit(&mut ana, |room| {
        room.notes.get_mut("n1").unwrap().deleted = true
    });
    edit(&mut ben, |room| {
        let text = &mut room.notes.get_mut("n1").unwrap().text;
        text.splice(0, 0, "Echt: ");
    });
    let room = merged(&mut ana, &mut ben);
    let n1 = &room.notes["n1"];
    assert!(n1.deleted, "the deleted note came back");
    assert_eq!(n1.text.as_str(), "Echt: Tijd voor begeleiding");
}

#[test]
fn closing_a_room_keeps_every_note() {
    let (mut ana, _) = two_replicas_with_note();
    set_closed(&mut ana, true).unwrap();
    let room = read_room(&ana).unwrap();
    assert!(room.closed);
    assert_eq!(room.notes.len(), 1);
}

#[test]
fn a_document_of_another_schema_version_is_refused() {
    let mut doc = create_room_document(&meta()).unwrap();
    use automerge::transaction::Transactable;
    doc.put(automerge::ROOT, "schema", 99_u64).unwrap();
    assert!(matches!(
        read_room(&doc),
        Err(RoomDocError::UnknownVersion { found: 99 })
    ));
}

#[test]
fn a_note_written_the_javascript_way_is_read() {
    // Upstream JS Automerge writes strings as text objects and whole
    // numbers as integers; the server must still read such a note.
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};
    let mut doc = create_room_document(&meta()).unwrap();
    let notes = doc.get(ROOT, "notes").unwrap().unwrap().1;
    let note = doc.put_object(&notes, "js", ObjType::Map).unwrap();
    for (key, value) in [
        ("id", "js"),
        ("target", "kansen"),
        ("text", "Van JS"),
        ("author_id", "a"),
        ("author_name", "Ana"),
        ("author_role", "mentor"),
        ("colour", "pink"),
    ] {
        let text = doc.put_object(&note, key, ObjType::Text).unwrap();
        doc.splice_text(&text, 0, 0, value).unwrap();
    }
    doc.put(&note, "created_at", 1_700_000_000_000_i64).unwrap();
    doc.put(&note, "order", 2_i64).unwrap();
    doc.put_object(&note, "votes", ObjType::Map).unwrap();
    doc.put(&note, "topic_id", automerge::ScalarValue::Null)
        .unwrap();
    doc.put(&note, "deleted", false).unwrap();
    let room = read_room(&doc).unwrap();
    let js = &room.notes["js"];
    assert_eq!(
        (js.target.as_str(), js.text.as_str(), js.order),
        ("kansen", "Van JS", 2.0)
    );
    assert_eq!(js.author_role, "mentor");
}

#[test]
fn a_theme_ticked_by_two_people_at_once_is_chosen_once_and_unticked_once() {
    let (mut ana, mut ben) = two_replicas_with_note();
    edit(&mut ana, |r| {
        r.chosen_themes.insert("visie".into(), true);
    });
    edit(&mut ben, |r| {
        r.chosen_themes.insert("visie".into(), true);
    });
    let room = merged(&mut ana, &mut ben);
    assert_eq!(room.chosen_theme_ids().collect::<Vec<_>>(), ["visie"]);
    edit(&mut ana, |r| {
        r.chosen_themes.remove("visie");
    });
    let room = merged(&mut ana, &mut ben);
    assert_eq!(room.chosen_theme_ids().count(), 0, "one click unticks");
}

#[test]
fn an_older_room_with_a_list_of_chosen_themes_reads_as_a_set() {
    use automerge::transaction::Transactable;
    let mut doc = create_room_document(&meta()).unwrap();
    doc.delete(automerge::ROOT, "chosen_themes").unwrap();
    let list = doc
        .put_object(automerge::ROOT, "chosen_themes", automerge::ObjType::List)
        .unwrap();
    for (i, id) in ["visie", "visie", "kennisdeling"].into_iter().enumerate() {
        doc.insert(&list, i, id).unwrap();
    }
    for key in ["picked_questions", "roles", "card_history", "record"] {
        doc.delete(automerge::ROOT, key).unwrap();
    }
    let room = read_room(&doc).unwrap();
    assert_eq!(
        room.chosen_theme_ids().collect::<Vec<_>>(),
        ["kennisdeling", "visie"]
    );
    assert!(room.roles.is_empty() && room.card_history.is_empty());
}

#[test]
fn roles_cards_and_data_written_the_javascript_way_are_read() {
    // The browser writes role holders, card ids and links as text
    // objects; a summary that could not read them lost the whole room.
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};
    let mut doc = create_room_document(&meta()).unwrap();
    let text = |doc: &mut AutoCommit, obj: &automerge::ObjId, key: &str, value: &str| {
        let t = doc.put_object(obj, key, ObjType::Text).unwrap();
        doc.splice_text(&t, 0, 0, value).unwrap();
    };
    let roles = doc.get(ROOT, "roles").unwrap().unwrap().1;
    text(&mut doc, &roles, "verslaglegger", "p-cas");
    text(&mut doc, &ROOT, "working_form", "werkvorm-eerst-stil");
    let history = doc.get(ROOT, "card_history").unwrap().unwrap().1;
    let first = doc.insert_object(&history, 0, ObjType::Text).unwrap();
    doc.splice_text(&first, 0, 0, "spiegel.opleiden.visie")
        .unwrap();
    let attachments = doc.get(ROOT, "attachments").unwrap().unwrap().1;
    let data = doc.put_object(&attachments, "d1", ObjType::Map).unwrap();
    for (key, value) in [
        ("id", "d1"),
        ("title", "Data"),
        ("url", "https://example.org/d"),
    ] {
        text(&mut doc, &data, key, value);
    }
    doc.put(&data, "file", false).unwrap();
    doc.put(&data, "deleted", false).unwrap();
    let room = read_room(&doc).unwrap();
    assert_eq!(room.roles["verslaglegger"], "p-cas");
    assert_eq!(room.working_form.as_deref(), Some("werkvorm-eerst-stil"));
    assert_eq!(room.card_history, ["spiegel.opleiden.visie"]);
    assert_eq!(room.attachments["d1"].url, "https://example.org/d");
}

/// A participant's client can write anything into a note. One note no
/// honest client would write costs only itself in the organiser's
/// report, never the room (a user test's hostile participant emptied a
/// room's summary with one note whose `deleted` was "nee").
#[test]
fn a_note_nobody_would_write_costs_only_itself() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};

    let mut doc = create_room_document(&meta()).unwrap();
    let notes = match doc.get(ROOT, "notes").unwrap() {
        Some((_, notes)) => notes,
        None => doc.put_object(ROOT, "notes", ObjType::Map).unwrap(),
    };
    for (id, author) in [
        ("honest", "ana"),
        ("strange-flag", "mal"),
        ("bad-votes", "mal"),
    ] {
        autosurgeon::reconcile_prop(&mut doc, &notes, id, note(id, "kansen", "Tekst", author))
            .unwrap();
    }
    let field = |doc: &AutoCommit, id: &str, key: &str| {
        let (_, note) = doc.get(&notes, id).unwrap().unwrap();
        doc.get(&note, key).unwrap().unwrap().1
    };
    let strange = doc.get(&notes, "strange-flag").unwrap().unwrap().1;
    doc.put(&strange, "deleted", "nee").unwrap();
    let bad = doc.get(&notes, "bad-votes").unwrap().unwrap().1;
    doc.put(&bad, "votes", 7).unwrap();
    // A vote that is not a yes on the honest note, next to a real one.
    let votes = field(&doc, "honest", "votes");
    doc.put(&votes, "mal", "ja").unwrap();
    doc.put(&votes, "ben", true).unwrap();

    let room = read_room(&doc).expect("the room still reads");
    let ids: Vec<&str> = room.notes.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        ["honest", "strange-flag"],
        "only the unreadable note is left out"
    );
    assert!(!room.notes["strange-flag"].deleted);
    assert_eq!(room.notes["honest"].vote_count(), 1);
}
