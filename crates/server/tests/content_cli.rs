//! `samenbord content check|show`, run as the built binary against the real
//! `content/` folder and against broken copies in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn samenbord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samenbord"))
        .args(args)
        .current_dir(repo_root())
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A content folder holding copies of the real templates and no programmes.
fn copy_of_templates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    fs::create_dir(&templates).unwrap();
    for entry in fs::read_dir(repo_root().join("content/templates")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, templates.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn check_lists_every_real_template_with_what_it_contains() {
    let output = samenbord(&["content", "check"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "stderr: {}", text(&output.stderr));
    assert!(stdout.contains(
        "template dialoogkaart-schoolleider: Dialoogkaart | Schoolleider versterkt in beeld bij \
         Samen Opleiden — 9 sections, 31 questions\n"
    ));
    assert!(stdout.contains("template gesprekskaart-veranderende-omgeving:"));
    assert!(stdout.contains("4 sections, 3 questions, 9 themes"));
    assert!(stdout.contains("3 phases, 4 transitions, 2 roles"));
    assert!(stdout.contains("2 decks, 18 cards, 3 working forms"));
    assert!(stdout.contains("template dialoogkaart-partnerschapsdag: Dialoogsessie partnerschapsdag — 5 sections, 1 role, statement\n"));
}

#[test]
fn check_reports_every_problem_of_every_file_and_fails() {
    let dir = copy_of_templates();
    let templates = dir.path().join("templates");
    fs::write(
        templates.join("kapot.toml"),
        "id = \"kapot\"\ntitle = \"\"\n[[sections]]\nid = \"a\"\ntitel = \"A\"\ntitle = \"A\"\n\
         [[links]]\ntitle = \"L\"\nurl = \"www.example.org\"\n",
    )
    .unwrap();
    fs::write(
        templates.join("syntax.toml"),
        "id = \"syntax\"\ntitle = [\n",
    )
    .unwrap();
    fs::write(
        templates.join("andere-naam.toml"),
        "id = \"iets-anders\"\ntitle = \"T\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n",
    )
    .unwrap();

    let output = samenbord(&["content", "check", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    let file = |name: &str| templates.join(name).display().to_string();
    let expected = [
        format!(
            "{}: id: 'iets-anders' does not match the file name: expected iets-anders.toml",
            file("andere-naam.toml")
        ),
        format!("{}: title: is empty", file("kapot.toml")),
        format!(
            "{}: links[0].url: 'www.example.org' is not an absolute http(s) URL",
            file("kapot.toml")
        ),
        format!(
            "{}: sections[0].titel: unknown field `titel`, expected one of",
            file("kapot.toml")
        ),
        format!(
            "{}: TOML syntax error at line 2, column 10: unclosed array",
            file("syntax.toml")
        ),
    ];
    for line in &expected {
        assert!(
            stderr.lines().any(|l| l.starts_with(line.as_str())),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("5 problems in"), "{stderr}");
    // The good templates are still listed.
    assert!(text(&output.stdout).contains("template kwaliteitsgesprek-data:"));
}

#[test]
fn show_json_prints_the_normalised_template() {
    let output = samenbord(&["content", "show", "kwaliteitsgesprek-data", "--json"]);
    assert!(output.status.success(), "stderr: {}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["id"], "kwaliteitsgesprek-data");
    assert_eq!(json["initial_phase"], "check-in");
    assert_eq!(json["transitions"][2]["to"], "check-in");
    assert_eq!(json["roles"][1]["kind"], "note-taker");
    // Normalised: a question's tags are filled in, defaults made explicit.
    let question = &json["sections"][0]["questions"][0];
    assert_eq!(question["who"], "ik");
    assert_eq!(question["mode"], "aloud");
    assert_eq!(question["example"], true);
    assert_eq!(json["sections"][3]["kind"], "agreements");
}

#[test]
fn show_without_json_prints_an_outline() {
    let output = samenbord(&["content", "show", "dialoogkaart-schoolleider"]);
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.contains("      1.1  Wat is voor jou kenmerkend"));
    assert!(stdout.contains("  - acties: Acties [afspraken: wat/wie/wanneer]"));
}

#[test]
fn show_an_unknown_id_fails_clearly() {
    let output = samenbord(&["content", "show", "bestaat-niet", "--json"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no template or programme 'bestaat-niet' in content"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dialoogkaart-schoolleider"),
        "lists the known templates: {stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_folder_without_templates_is_not_content() {
    let dir = tempfile::tempdir().unwrap();
    let output = samenbord(&["content", "check", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("not a content folder"));
}
