//! The summary exports open where organisers open them: a short
//! partnership day (three target groups in round 1, one remark they share,
//! one remark full of markup characters, one agreement) is exported by the
//! server as DOCX and as HTML, headless LibreOffice converts both to text
//! in one run, and the text must hold the day's statements, remarks, the
//! "3x genoemd" count and the agreement. A file LibreOffice refuses gives
//! no text, and the test fails.
//!
//! `make test` installs LibreOffice (Debian's libreoffice-writer-nogui);
//! without `soffice` this test fails rather than skip, so a broken export
//! is never hidden by a missing tool.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;

use autosurgeon::Text;
use samenbord_core::room::{Agreement, RoomDoc, read_room};
use serde_json::Value;
use support::*;

const SHARED: &str = "Te weinig tijd voor de begeleiding van studenten";
const MARKUP: &str = "Ruimte & <tijd> voor één \"warm\" gesprek";
const AGREEMENT: &str = "Gesprek over één partnerschap per regio plannen";

/// Joins three people of different target groups and starts round 1.
async fn day_with_three_groups(server: &TestServer) -> (Organiser, Vec<Participant>) {
    let day = server.create_day().await;
    let mut people = Vec::new();
    for (name, role) in [
        ("Bas", "board-member"),
        ("Lotte", "institute-based-teacher-educator"),
        ("Saskia", "school-leader"),
    ] {
        people.push(server.join(&day.code, name, role).await);
        // Two more of each who only listen: three make a group of their
        // own (fewer would join another group).
        for n in 1..=2 {
            server.join(&day.code, &format!("{name} {n}"), role).await;
        }
    }
    start_round_one(server, &day).await;
    (day, people)
}

/// Each person writes the shared remark in their own room; the first
/// also writes the markup remark and the agreement.
async fn fill_rooms(server: &TestServer, people: &[Participant]) {
    for (i, person) in people.iter().enumerate() {
        let room = server.room_of(person).await;
        let mut client = server.client(&person.token, &person.name).await;
        open_loaded(&mut client, room).await;
        write_acknowledged(
            &mut client,
            room,
            &format!("shared-{i}"),
            SHARED,
            &person.by(),
        )
        .await;
        if i > 0 {
            continue;
        }
        write_acknowledged(&mut client, room, "markup", MARKUP, &person.by()).await;
        change_acknowledged(&mut client, room, |doc| {
            let mut state: RoomDoc = read_room(doc).unwrap();
            state.agreements.insert(
                "a1".into(),
                Agreement {
                    id: "a1".into(),
                    what: Text::with_value(AGREEMENT),
                    who: Text::with_value("Bestuurders"),
                    when: Text::with_value("Voor 1 juli"),
                    created_at: 1,
                    deleted: false,
                },
            );
            autosurgeon::reconcile(doc, &state).unwrap();
        })
        .await;
    }
}

/// The statements of round 1's groups, as the JSON summary gives them.
/// Every statement of the round's groups, each on its own (a group may
/// have two: "Stelling 1", "Stelling 2").
fn statements(summary: &Value) -> Vec<String> {
    let statements: Vec<String> = summary["plan"][0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["statements"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
    assert!(statements.len() >= 3, "{summary}");
    statements
}

/// Converts every file to UTF-8 text with one headless LibreOffice run
/// (its own profile, so it never meets another instance).
fn libreoffice_to_text(files: &[&Path], out: &Path, profile: &Path) {
    let result = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text (encoded):UTF8"])
        .arg("--outdir")
        .arg(out)
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run soffice ({e}): `make test` installs it \
                 (apt-get install libreoffice-writer-nogui)"
            )
        });
    assert!(
        result.status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Whitespace collapsed, so line breaks and indents of the text export
/// do not matter.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docx_and_html_exports_open_in_libreoffice_with_the_days_content() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path()).await;
    let (day, people) = day_with_three_groups(&server).await;
    fill_rooms(&server, &people).await;

    let (status, summary) = server
        .get(&day.path("/summary?format=json"), Some(&day.secret))
        .await;
    assert_eq!(status, 200, "{summary}");
    let mut expected = statements(&summary);
    expected.extend(
        [
            "Partnerschapsdag",
            "Dialoogsessie 1",
            SHARED,
            "3x genoemd",
            MARKUP,
            AGREEMENT,
        ]
        .map(str::to_owned),
    );

    let files = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for format in ["docx", "html"] {
        let (status, bytes) = server
            .raw(
                reqwest::Method::GET,
                &day.path(&format!("/summary?format={format}")),
                Some(&day.secret),
                None,
            )
            .await;
        assert_eq!(status, 200, "{format}: {}", String::from_utf8_lossy(&bytes));
        // Distinct stems: LibreOffice names each output after its input.
        let path = files.path().join(format!("summary-{format}.{format}"));
        std::fs::write(&path, bytes).unwrap();
        inputs.push(path);
    }
    server.stop().await;

    let out = files.path().join("text");
    let inputs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    libreoffice_to_text(&inputs, &out, &files.path().join("profile"));
    for format in ["docx", "html"] {
        let path = out.join(format!("summary-{format}.txt"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("LibreOffice made no text of the {format} export: {e}"));
        let text = words(&text);
        for needle in &expected {
            assert!(
                text.contains(&words(needle)),
                "the {format} export, as LibreOffice reads it, lacks {needle:?}:\n{text}"
            );
        }
    }
}
