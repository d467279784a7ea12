//! The partnership day of seed 002, simulated end to end against the real
//! server: twenty-one people join, round 1 runs in seven homogeneous groups,
//! round 2 in seven groups on the four safeguards; every room is filled
//! through the sync protocol the way the browser writes notes. Then the
//! organiser opens the summary (JSON, Markdown, DOCX), reviews it (merge,
//! rename, own overall text), restarts the server and finds the review
//! still there; an edit whose note was deleted is reported, not fatal.
//! Finally `samenbord summary` reads the same day from the database and
//! merges in a paper group's CSV. A second story covers the optional
//! language model: a stand-in endpoint that answers, then one that fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use automerge::AutoCommit;
use autosurgeon::Text;
use samenbord_core::room::{Agreement, Note, RoomDoc, Topic, read_room};
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use serde_json::{Value, json};
use support::{Organiser as Day, TestServer, content_dir};

const WAIT: Duration = Duration::from_secs(15);
const ROUND_1: &str = "dialoogsessie-1";
const ROUND_2: &str = "dialoogsessie-2";

#[derive(Clone)]
struct Person {
    /// The participant id: the server accepts notes only under one's own.
    id: String,
    name: String,
    role: String,
    token: String,
}

/// Twenty-one people in the proportions of the day: enough for every
/// planned group to have three or more (fewer would merge groups).
const PEOPLE: [(&str, &str); 21] = [
    ("Bas", "board-member"),
    ("Tineke", "team-leader"),
    ("Rob", "board-member"),
    ("Saskia", "school-leader"),
    ("Hamid", "school-leader"),
    ("Ilse", "hr-officer"),
    ("Mirjam", "school-leader"),
    ("Koen", "hr-officer"),
    ("Wim", "school-leader"),
    ("Anouk", "school-based-teacher-educator"),
    ("Bram", "school-based-teacher-educator"),
    ("Carla", "mentor"),
    ("Dirk", "school-based-teacher-educator"),
    ("Eva", "mentor"),
    ("Fatima", "school-based-teacher-educator"),
    ("Gert", "school-based-teacher-educator"),
    ("Hanna", "mentor"),
    ("Joost", "school-based-teacher-educator"),
    ("Lotte", "institute-based-teacher-educator"),
    ("Marco", "institute-based-teacher-educator"),
    ("Nadia", "institute-based-teacher-educator"),
];

async fn join_everyone(server: &TestServer, day: &Day) -> Vec<Person> {
    let mut people = Vec::new();
    for (name, role) in PEOPLE {
        let (status, body) = server
            .post(
                "/api/join",
                None,
                json!({"code": day.code, "name": name, "role": role}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        people.push(Person {
            id: body["participant_id"].as_str().unwrap().into(),
            name: name.into(),
            role: role.into(),
            token: body["token"].as_str().unwrap().into(),
        });
    }
    people
}

/// For each room of the running round: its group name and label, the
/// document, and one person placed there (who writes its notes).
async fn rooms_now(
    server: &TestServer,
    people: &[Person],
) -> BTreeMap<String, (String, DocumentId, Person)> {
    let mut rooms = BTreeMap::new();
    for person in people {
        let (status, me) = server.get("/api/me", Some(&person.token)).await;
        assert_eq!(status, 200, "{me}");
        let room = &me["room"];
        let doc: DocumentId = room["doc_url"].as_str().unwrap().parse().unwrap();
        rooms
            .entry(room["group_name"].as_str().unwrap().to_owned())
            .or_insert((
                room["label"].as_str().unwrap().to_owned(),
                doc,
                person.clone(),
            ));
    }
    rooms
}

async fn organiser(server: &TestServer, day: &Day, action: &str) {
    let (status, body) = server
        .post(&day.path(action), Some(&day.secret), json!({}))
        .await;
    assert_eq!(status, 204, "{action}: {body}");
}

/// What one room writes: notes (section, text, topic) and maybe an agreement.
struct Card {
    notes: Vec<(&'static str, &'static str, Option<&'static str>)>,
    deleted: Vec<(&'static str, &'static str)>,
    agreement: Option<(&'static str, &'static str, &'static str)>,
}

fn card(notes: &[(&'static str, &'static str, Option<&'static str>)]) -> Card {
    Card {
        notes: notes.to_vec(),
        deleted: Vec::new(),
        agreement: None,
    }
}

fn note(id: String, target: &str, text: &str, person: &Person, topic: Option<String>) -> Note {
    Note {
        id,
        target: target.into(),
        text: Text::with_value(text),
        author_id: person.id.clone(),
        author_name: person.name.clone(),
        author_role: person.role.clone(),
        colour: "yellow".into(),
        created_at: 1,
        order: 1.0,
        votes: BTreeMap::new(),
        topic_id: topic,
        deleted: false,
        late: false,
    }
}

/// Writes `card` into the room as its participant, through the sync
/// protocol, and waits until the server acknowledged it.
async fn fill(
    server: &TestServer,
    room: DocumentId,
    person: &Person,
    key: &str,
    card: &Card,
) -> Client {
    let url = format!("{}?token={}", server.ws, person.token);
    let mut client = Client::connect(&url, &format!("peer-{key}")).await.unwrap();
    client.open(room).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.doc(&room).is_some_and(|d| read_room(d).is_ok()))
            .await
            .unwrap(),
        "room {key} did not load"
    );
    let person = person.clone();
    let name = key.to_owned();
    let key = key.to_owned();
    let notes = card.notes.clone();
    let deleted = card.deleted.clone();
    let agreement = card.agreement;
    client
        .change(room, move |doc: &mut AutoCommit| {
            let mut state: RoomDoc = read_room(doc).unwrap();
            for (i, (target, text, topic)) in notes.iter().enumerate() {
                let topic_id = topic.map(|name| {
                    let id = format!("{key}-t-{}", name.len());
                    state.topics.entry(id.clone()).or_insert(Topic {
                        id: id.clone(),
                        name: Text::with_value(name),
                        target: (*target).into(),
                        created_at: 1,
                    });
                    id
                });
                let id = format!("{key}-n{i}");
                state
                    .notes
                    .insert(id.clone(), note(id, target, text, &person, topic_id));
            }
            for (i, (target, text)) in deleted.iter().enumerate() {
                let id = format!("{key}-d{i}");
                let mut gone = note(id.clone(), target, text, &person, None);
                gone.deleted = true;
                state.notes.insert(id, gone);
            }
            if let Some((what, who, when)) = agreement {
                state.agreements.insert(
                    format!("{key}-a"),
                    Agreement {
                        id: format!("{key}-a"),
                        what: Text::with_value(what),
                        who: Text::with_value(who),
                        when: Text::with_value(when),
                        created_at: 1,
                        deleted: false,
                    },
                );
            }
            autosurgeon::reconcile(doc, &state).unwrap();
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&room))
            .await
            .unwrap(),
        "room {name}: the server did not acknowledge the notes"
    );
    client
}

const TIME: &str = "Te weinig tijd voor de begeleiding van studenten";
const HANDOVER: &str = "Warme overdracht van de student naar de stageschool";
const MENTORS: &str = "Hoe professionaliseren we de mentoren in het begeleiden?";

/// Round 1's cards by group name. The time remark comes from three
/// target groups; the warm handover from all three Schoolopleiders rooms.
fn round_one(group: &str) -> Card {
    match group {
        "Bestuurders & teamleiders" => Card {
            agreement: Some((
                "Gesprek over één partnerschap per regio plannen",
                "Bestuurders",
                "Voor 1 juli",
            )),
            ..card(&[
                ("uitdagingen", TIME, Some("Tijd en ruimte")),
                (
                    "opbrengsten",
                    "Onderwijsregio mag bestaande partnerschappen niet vervangen",
                    None,
                ),
                ("uitdagingen", "Bureaucratie bij de onderwijsregio", None),
            ])
        },
        "Schoolleiders & HR-medewerkers 1" => card(&[
            (
                "succesfactoren",
                "Een gedragen visie op opleiden in het hele team",
                Some("Visie"),
            ),
            (
                "ontwikkelvragen",
                "Hoe borgen we strategisch HRM-beleid?",
                None,
            ),
        ]),
        "Schoolleiders & HR-medewerkers 2" => card(&[
            ("kansen", "Structurele kennisdeling tussen scholen", None),
            (
                "opbrengsten",
                "Schoolleider als sleutelfiguur in de lerende organisatie",
                None,
            ),
        ]),
        "Schoolopleiders 1" => Card {
            deleted: vec![("kansen", "Dit was een vergissing")],
            ..card(&[
                ("uitdagingen", TIME, None),
                (
                    "kansen",
                    HANDOVER,
                    Some("Differentiatie & aansluiten op leerbehoeften"),
                ),
                (
                    "succesfactoren",
                    "Studenten bewust koppelen aan een passende mentor",
                    None,
                ),
            ])
        },
        "Schoolopleiders 2" => card(&[
            (
                "kansen",
                "Warme overdracht van de student naar de stageschool.",
                None,
            ),
            (
                "opbrengsten",
                "Kaders zijn nodig voor wat een student moet kunnen",
                None,
            ),
        ]),
        "Schoolopleiders 3" => card(&[
            (
                "kansen",
                "warme overdracht van de student naar de stageschool",
                None,
            ),
            (
                "ontwikkelvragen",
                "Werken in leerteams met studenten?",
                None,
            ),
        ]),
        "Instituutsopleiders" => card(&[
            (
                "uitdagingen",
                "Te weinig tijd voor de begeleiding van studenten!",
                None,
            ),
            (
                "kansen",
                "Videobeelden structureel gebruiken bij toetsing",
                None,
            ),
        ]),
        other => panic!("unexpected group {other}"),
    }
}

/// Round 2's cards: the mentor question from three safeguards.
fn round_two(group: &str) -> Card {
    match group {
        "De lerende leraar 1" => card(&[(
            "succesfactoren",
            "Gepersonaliseerde begeleiding van de aankomende leraar",
            None,
        )]),
        "De lerende leraar 2" => card(&[(
            "kansen",
            "Flexibele toetsing en opdrachten",
            Some("Maatwerk"),
        )]),
        "Leeromgeving 1" => card(&[
            ("ontwikkelvragen", MENTORS, None),
            (
                "uitdagingen",
                "Ruimtegebrek in de school voor studenten",
                None,
            ),
        ]),
        "Leeromgeving 2" => card(&[(
            "opbrengsten",
            "Niet elke school is geschikt als opleidingsschool",
            None,
        )]),
        "Organisatie 1" => card(&[(
            "ontwikkelvragen",
            "Hoe professionaliseren we mentoren in het begeleiden",
            None,
        )]),
        "Organisatie 2" => card(&[(
            "opbrengsten",
            "Samenwerking leidt niet vanzelf tot gedeelde verantwoordelijkheid",
            None,
        )]),
        "Kwaliteitscultuur" => Card {
            agreement: Some((
                "Peer review agenderen in elk partnerschapsoverleg",
                "Stuurgroep",
                "Najaar",
            )),
            ..card(&[
                (
                    "ontwikkelvragen",
                    "Hoe professionaliseren we de mentoren in het begeleiden",
                    None,
                ),
                (
                    "succesfactoren",
                    "Het ZEK-instrument als gespreksstarter",
                    None,
                ),
            ])
        },
        other => panic!("unexpected group {other}"),
    }
}

async fn run_round(
    server: &TestServer,
    day: &Day,
    people: &[Person],
    round: &str,
    cards: fn(&str) -> Card,
) -> BTreeMap<String, (String, DocumentId, Person)> {
    organiser(server, day, &format!("/rounds/{round}/start")).await;
    let rooms = rooms_now(server, people).await;
    assert_eq!(rooms.len(), 7, "seven rooms in {round}: {:?}", rooms.keys());
    for (group, (_, doc, person)) in &rooms {
        let key: String = group
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        drop(
            fill(
                server,
                *doc,
                person,
                &format!("{round}-{key}"),
                &cards(group),
            )
            .await,
        );
    }
    rooms
}

fn items(sections: &Value) -> impl Iterator<Item = &Value> {
    sections
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["topics"].as_array().unwrap())
        .flat_map(|t| t["items"].as_array().unwrap())
}

fn round<'a>(summary: &'a Value, id: &str) -> &'a Value {
    summary["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["round_id"] == id)
        .unwrap_or_else(|| panic!("round {id} missing"))
}

fn item_with<'a>(sections: &'a Value, text: &str) -> &'a Value {
    items(sections)
        .find(|i| {
            i["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"] == text)
        })
        .unwrap_or_else(|| panic!("no item holds {text:?}"))
}

async fn markdown(server: &TestServer, day: &Day) -> String {
    let (status, md) = server
        .raw(
            reqwest::Method::GET,
            &day.path("/summary?format=md"),
            Some(&day.secret),
            None,
        )
        .await;
    assert_eq!(status, 200);
    String::from_utf8(md).unwrap()
}

fn groups(item: &Value) -> Vec<&str> {
    item["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partnership_day_becomes_one_summary_that_survives_review_and_restart() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), &[]).await;
    let day = server.create_day().await;
    let people = join_everyone(&server, &day).await;

    // 13:15 round 1, seven homogeneous groups.
    run_round(&server, &day, &people, ROUND_1, round_one).await;
    organiser(&server, &day, &format!("/rounds/{ROUND_1}/end")).await;
    // 14:45 round 2, seven groups on the four safeguards.
    let rooms_two = run_round(&server, &day, &people, ROUND_2, round_two).await;

    // The organiser reviews round 2 while it still runs: one remark gets a
    // topic of its own. Then the room deletes that note, so the edit will
    // no longer apply.
    let (status, live) = server
        .get(
            &day.path("/summary?round=dialoogsessie-2"),
            Some(&day.secret),
        )
        .await;
    assert_eq!(status, 200, "{live}");
    assert_eq!(
        live["rounds"].as_array().unwrap().len(),
        1,
        "only round 2 asked for"
    );
    let doomed = item_with(
        &round(&live, ROUND_2)["cross_group"],
        "Het ZEK-instrument als gespreksstarter",
    );
    let (status, body) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            json!({"kind": "move-to-new-topic", "item": doomed["id"], "name": "Instrumenten"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, doc, person) = &rooms_two["Kwaliteitscultuur"];
    let url = format!("{}?token={}", server.ws, person.token);
    let mut client = Client::connect(&url, "peer-delete").await.unwrap();
    client.open(*doc).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.doc(doc).is_some_and(|d| read_room(d)
                .map(|r| r.notes.len() == 2)
                .unwrap_or(false)))
            .await
            .unwrap()
    );
    client
        .change(*doc, |d| {
            let mut state = read_room(d).unwrap();
            for note in state.notes.values_mut() {
                if note.text.as_str().starts_with("Het ZEK") {
                    note.deleted = true;
                }
            }
            autosurgeon::reconcile(d, &state).unwrap();
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(doc))
            .await
            .unwrap()
    );
    drop(client);
    organiser(&server, &day, &format!("/rounds/{ROUND_2}/end")).await;

    // 16:00 the organiser opens the summary of the whole day.
    let (status, summary) = server
        .get(&day.path("/summary?format=json"), Some(&day.secret))
        .await;
    assert_eq!(status, 200, "{summary}");
    let one = round(&summary, ROUND_1);
    let two = round(&summary, ROUND_2);
    assert_eq!(one["round_name"], "Dialoogsessie 1");
    let labels = |r: &Value| -> Vec<String> {
        r["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["label"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        labels(one),
        [
            "Bestuurders & teamleiders",
            "Instituutsopleiders",
            "Schoolleiders & HR-medewerkers",
            "Schoolopleiders"
        ]
    );
    assert_eq!(
        labels(two),
        [
            "De lerende leraar",
            "Kwaliteitscultuur",
            "Leeromgeving",
            "Organisatie"
        ]
    );
    for r in [one, two] {
        for group in r["groups"].as_array().unwrap() {
            assert!(
                group["statement"].as_str().is_some_and(|s| s.len() > 80),
                "{} has its statement",
                group["label"]
            );
        }
    }
    let schoolopleiders = &one["groups"].as_array().unwrap()[3];
    assert!(
        schoolopleiders["statement"]
            .as_str()
            .unwrap()
            .contains("Flexibele opleidingen vragen om flexibele opleiders")
    );
    assert_eq!(schoolopleiders["rooms"].as_array().unwrap().len(), 3);
    // Section titles come from the card; the deleted note is nowhere.
    let titles: Vec<&str> = one["cross_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    for title in [
        "Opbrengsten",
        "Succesfactoren",
        "Kansen",
        "Uitdagingen",
        "Ontwikkelvragen",
    ] {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
    assert!(!summary.to_string().contains("Dit was een vergissing"));
    // "3x genoemd": the time remark from three target groups.
    let time = item_with(&one["cross_group"], TIME);
    assert_eq!(time["count"], 3, "{time}");
    assert_eq!(
        groups(time),
        [
            "Bestuurders & teamleiders",
            "Instituutsopleiders",
            "Schoolopleiders"
        ]
    );
    // The warm handover, three times inside the Schoolopleiders group.
    let handover = item_with(&schoolopleiders["sections"], HANDOVER);
    assert_eq!(handover["count"], 3, "{handover}");
    // Its topic is the one the room gave it.
    let kansen = schoolopleiders["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section_id"] == "kansen")
        .unwrap();
    let topic = kansen["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == handover["id"])
        })
        .unwrap();
    assert_eq!(
        topic["name"],
        "Differentiatie & aansluiten op leerbehoeften"
    );
    // The mentor question from three safeguards in round 2.
    let mentors = item_with(&two["cross_group"], MENTORS);
    assert_eq!(mentors["count"], 3, "{mentors}");
    assert_eq!(
        groups(mentors),
        ["Kwaliteitscultuur", "Leeromgeving", "Organisatie"]
    );
    // Agreements in one action list.
    let agreements = summary["agreements"].as_array().unwrap();
    assert_eq!(agreements.len(), 2);
    assert!(agreements.iter().any(|a| a["what"]
        == "Peer review agenderen in elk partnerschapsoverleg"
        && a["who"] == "Stuurgroep"
        && a["when"] == "Najaar"));
    // Every count traces to its notes: 16 in round 1, 8 left in round 2.
    assert_eq!(time["members"].as_array().unwrap().len(), 3);
    assert_eq!(summary["notes"].as_array().unwrap().len(), 24);
    // The edit whose note was deleted is reported, not fatal.
    let skipped = summary["skipped_edits"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("is not in the report")
    );
    assert_eq!(summary["overall_summary"]["source"], "extractive");
    assert!(
        summary["overall_summary"]["text"]
            .as_str()
            .unwrap()
            .contains("(3x, uitdagingen)")
    );

    // Markdown and DOCX of the same day.
    let md = markdown(&server, &day).await;
    for expected in [
        "## Samenvatting",
        "## Dialoogsessie 1",
        "## Dialoogsessie 2",
        "**Stelling:**",
        "**Stelling 1:**",
        "**Stelling 2:**",
        "13.15 - 14.30 uur",
        "In homogene groepen o.l.v. de gespreksleiders",
        "3 groepen van schoolopleiders",
        "### Doelgroep Schoolopleiders",
        "### Waarborg Kwaliteitscultuur",
        "In 7 heterogene groepen o.l.v. de gespreksleiders",
        "#### Uitdagingen",
        "3x genoemd",
        "## Afspraken",
    ] {
        assert!(md.contains(expected), "markdown lacks {expected:?}:\n{md}");
    }
    let (status, docx) = server
        .raw(
            reqwest::Method::GET,
            &day.path("/summary?format=docx"),
            Some(&day.secret),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for expected in [
        "Dialoogsessie 2",
        "Kwaliteitscultuur",
        TIME,
        "3x genoemd",
        "Peer review agenderen",
    ] {
        assert!(xml.contains(expected), "docx lacks {expected:?}");
    }
    // Without the organiser secret: nothing.
    let (status, _) = server.get(&day.path("/summary"), None).await;
    assert_eq!(status, 401);
    let (status, _) = server
        .get(&day.path("/summary"), Some(&people[0].token))
        .await;
    assert_eq!(status, 403);

    // Review: merge the handover item into the time item is refused
    // (different sections); renaming and merging within a section work.
    let handover_all = item_with(&one["cross_group"], HANDOVER);
    let (status, refused) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            json!({"kind": "merge-items", "into": time["id"], "from": handover_all["id"]}),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    let bureaucracy = item_with(&one["cross_group"], "Bureaucratie bij de onderwijsregio");
    let (status, merged) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            json!({"kind": "merge-items", "into": time["id"], "from": bureaucracy["id"]}),
        )
        .await;
    assert_eq!(status, 200, "{merged}");
    let time_topic = one["cross_group"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["topics"].as_array().unwrap())
        .find(|t| {
            t["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == time["id"])
        })
        .unwrap();
    let (status, _) = server
        .post(&day.path("/summary/edits"), Some(&day.secret), json!({"kind": "rename-topic", "topic": time_topic["id"], "name": "Tijd, ruimte en regels"}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .call(
            reqwest::Method::PUT,
            &day.path("/summary/overall"),
            Some(&day.secret),
            Some(json!({"text": "Een middag vol dialoog over samen opleiden."})),
        )
        .await;
    assert_eq!(status, 200);
    server.stop().await;

    // After a restart the review is still there, replayed on a fresh report.
    let server = TestServer::start_with(data.path(), &[]).await;
    let (status, again) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(status, 200, "{again}");
    let time = item_with(&round(&again, ROUND_1)["cross_group"], TIME);
    assert_eq!(
        time["count"], 4,
        "merged with the bureaucracy remark: {time}"
    );
    assert!(again.to_string().contains("Tijd, ruimte en regels"));
    assert_eq!(again["overall_summary"]["source"], "edited");
    assert_eq!(
        again["overall_summary"]["text"],
        "Een middag vol dialoog over samen opleiden."
    );
    assert_eq!(again["skipped_edits"].as_array().unwrap().len(), 1);
    // One review state, every view: the merge made in "Alle groepen samen"
    // shows in the group's view and in the Markdown export too.
    let board = |summary: &Value| -> Value {
        round(summary, ROUND_1)["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["label"] == "Bestuurders & teamleiders")
            .unwrap()["sections"]
            .clone()
    };
    assert_eq!(item_with(&board(&again), TIME)["count"], 2);
    assert!(markdown(&server, &day).await.contains("4x genoemd"));
    // "Losmaken" in the cross-group view: gone from every view, the
    // overview's counts and the export.
    let time = item_with(&round(&again, ROUND_1)["cross_group"], TIME);
    let bureaucracy_note = time["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == "Bureaucratie bij de onderwijsregio")
        .unwrap()["note_id"]
        .clone();
    let (status, split) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            json!({"kind": "split-member", "item": time["id"], "note": bureaucracy_note}),
        )
        .await;
    assert_eq!(status, 200, "{split}");
    let (_, reloaded) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(item_with(&board(&reloaded), TIME)["count"], 1);
    assert_eq!(
        item_with(&round(&reloaded, ROUND_1)["cross_group"], TIME)["count"],
        3
    );
    let md = markdown(&server, &day).await;
    assert!(!md.contains("4x genoemd"), "{md}");
    // Merged again from the group's own view: the cross-group view follows.
    let (status, merged) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            json!({
                "kind": "merge-items",
                "into": item_with(&board(&reloaded), TIME)["id"],
                "from": item_with(&board(&reloaded), "Bureaucratie bij de onderwijsregio")["id"],
            }),
        )
        .await;
    assert_eq!(status, 200, "{merged}");
    assert_eq!(
        item_with(&round(&merged, ROUND_1)["cross_group"], TIME)["count"],
        4
    );
    server.stop().await;

    // The CLI reads the same day from the database and merges a paper group.
    let paper = data.path().join("papier.csv");
    std::fs::write(
        &paper,
        "ronde;groep;sectie;tekst;rol\nDialoogsessie 1;Papieren groep;Uitdagingen;Te weinig tijd voor begeleiding van studenten;schoolleider\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_samenbord"))
        .args([
            "summary",
            "--session",
            &day.session_id,
            "--format",
            "md",
            "--from",
        ])
        .arg(&paper)
        .arg("--data-dir")
        .arg(data.path())
        .arg("--content-dir")
        .arg(content_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("**5x genoemd:**"), "{stdout}");
    assert!(
        stdout.contains(
            "*Bestuurders & teamleiders, Instituutsopleiders, Papieren groep, Schoolopleiders*"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Een middag vol dialoog over samen opleiden."));
    assert!(String::from_utf8_lossy(&output.stderr).contains("skipped"));
}

/// A stand-in for an OpenAI-compatible endpoint: answers with a canned
/// completion, or with 500 once `fail_from` requests were served.
async fn stand_in(
    fail_from: usize,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<Value>>>) {
    use axum::Json;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    let served = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (count, log) = (served.clone(), seen.clone());
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let (count, log) = (count.clone(), log.clone());
            async move {
                let n = count.fetch_add(1, Ordering::SeqCst);
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                log.lock().unwrap().push(json!({"auth": auth, "body": body}));
                if n >= fail_from {
                    return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": "overloaded"})));
                }
                (
                    StatusCode::OK,
                    Json(json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "Tijd was het grote thema van de dag."}}]})),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}/v1"), served, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_model_writes_the_overall_summary_and_a_failure_falls_back() {
    let (url, served, seen) = stand_in(1).await;
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(
        data.path(),
        &[
            "--llm-url",
            &url,
            "--llm-model",
            "klein-model",
            "--llm-key",
            "geheim",
        ],
    )
    .await;
    let day = server.create_day().await;
    let (status, body) = server
        .post(
            "/api/join",
            None,
            json!({"code": day.code, "name": "Anouk", "role": "mentor"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let anouk = Person {
        id: body["participant_id"].as_str().unwrap().into(),
        name: "Anouk".into(),
        role: "mentor".into(),
        token: body["token"].as_str().unwrap().into(),
    };
    organiser(&server, &day, &format!("/rounds/{ROUND_1}/start")).await;
    let rooms = rooms_now(&server, std::slice::from_ref(&anouk)).await;
    let (_, doc, _) = rooms.values().next().unwrap();
    drop(
        fill(
            &server,
            *doc,
            &anouk,
            "a",
            &card(&[("uitdagingen", TIME, None)]),
        )
        .await,
    );

    let (status, summary) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["overall_summary"]["source"], "generated");
    assert_eq!(
        summary["overall_summary"]["text"],
        "Tijd was het grote thema van de dag."
    );
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(request["auth"], "Bearer geheim");
    assert_eq!(request["body"]["model"], "klein-model");
    assert!(
        request["body"]["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains(TIME)
    );
    // The same report again: answered from the cache, no second request.
    let (_, cached) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(cached["overall_summary"]["source"], "generated");
    assert_eq!(served.load(Ordering::SeqCst), 1);

    // An edit answers with what GET now shows. Renaming a topic leaves the
    // prompt alone: the cached text, nothing sent.
    let topic = summary["rounds"][0]["cross_group"][0]["topics"][0]["id"].clone();
    let rename = |name: &str| json!({"kind": "rename-topic", "topic": topic, "name": name});
    let (status, edited) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            rename("Tijd"),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["overall_summary"], cached["overall_summary"]);
    assert_eq!(served.load(Ordering::SeqCst), 1);
    let (_, shown) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(edited, shown);
    // The round the organiser views: its own overall text and scope.
    let (status, _) = server
        .call(
            reqwest::Method::PUT,
            &day.path("/summary/overall"),
            Some(&day.secret),
            Some(json!({"text": "Ronde 1 in het kort.", "round": ROUND_1})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, scoped) = server
        .post(
            &day.path(&format!("/summary/edits?round={ROUND_1}")),
            Some(&day.secret),
            rename("Tijdsdruk"),
        )
        .await;
    assert_eq!(status, 200, "{scoped}");
    assert_eq!(scoped["overall_summary"]["source"], "edited");
    assert_eq!(scoped["overall_summary"]["text"], "Ronde 1 in het kort.");
    let (_, scoped_shown) = server
        .get(
            &day.path(&format!("/summary?round={ROUND_1}")),
            Some(&day.secret),
        )
        .await;
    assert_eq!(scoped, scoped_shown);
    assert_eq!(served.load(Ordering::SeqCst), 1);

    // A new note changes the prompt; the endpoint now fails.
    drop(
        fill(
            &server,
            *doc,
            &anouk,
            "b",
            &card(&[("kansen", HANDOVER, None)]),
        )
        .await,
    );
    let (status, fallback) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(status, 200, "{fallback}");
    assert_eq!(served.load(Ordering::SeqCst), 2);
    assert_eq!(fallback["overall_summary"]["source"], "extractive");
    assert!(
        fallback["overall_summary"]["notice"]
            .as_str()
            .unwrap()
            .contains("status 500"),
        "{fallback}"
    );
    // An edit while the model fails: the same fallback and notice as GET.
    let (status, edited) = server
        .post(
            &day.path("/summary/edits"),
            Some(&day.secret),
            rename("Tijd"),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    // Same source and notice; the text follows the renamed topic.
    for key in ["source", "notice"] {
        assert_eq!(
            edited["overall_summary"][key],
            fallback["overall_summary"][key]
        );
    }
    assert!(
        edited["overall_summary"]["text"]
            .as_str()
            .unwrap()
            .contains("ging het vooral over ‘tijd’ (uitdagingen)")
    );
    let (_, shown) = server.get(&day.path("/summary"), Some(&day.secret)).await;
    assert_eq!(edited, shown);
    let (_, md) = server
        .raw(
            reqwest::Method::GET,
            &day.path("/summary?format=md"),
            Some(&day.secret),
            None,
        )
        .await;
    assert!(
        String::from_utf8(md)
            .unwrap()
            .contains("**Let op:** De automatische samenvatting kon niet worden gemaakt")
    );
    server.stop().await;
}
