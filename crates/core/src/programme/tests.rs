//! One test per validation rule of a programme file, each checking the
//! path and the problem an author would read.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use crate::content_error::ContentError;
use crate::grouping::{Mode, PoolId};
use crate::ids::TemplateId;
use crate::role::ParticipantRole;
use crate::template::{CardTemplate, parse_template};

use super::{Programme, parse_programme};

const FILE: &str = "content/programmes/test.toml";

/// Two small cards, read through the real template parser.
fn templates() -> BTreeMap<TemplateId, CardTemplate> {
    ["kaart", "andere-kaart"]
        .into_iter()
        .map(|id| {
            let text = format!(
                "id = \"{id}\"\ntitle = \"Kaart\"\n\n[[sections]]\nid = \"opbrengsten\"\ntitle = \"Opbrengsten\"\n"
            );
            let template = parse_template("t.toml", &text).unwrap();
            (template.id.clone(), template)
        })
        .collect()
}

/// A valid programme: a homogeneous round, then a heterogeneous one.
const VALID: &str = r#"
id = "dag"
title = "Dag"
description = "Een dag."

[[rounds]]
id = "r1"
name = "Ronde 1"
start = "13:15"
end = "14:30"
mode = "homogeneous"
template = "kaart"

[[rounds.pools]]
id = "leiding"
name = "Schoolleiders"
roles = ["school-leader", "hr-officer"]

[[rounds.pools]]
id = "opleiders"
name = "Opleiders"
roles = ["school-based-teacher-educator"]

[[rounds.groups]]
id = "leiding"
name = "Schoolleiders"
pool = "leiding"
statements = ["Stelling A"]

[[rounds.groups]]
id = "opleiders-1"
name = "Opleiders 1"
pool = "opleiders"
statements = ["Stelling B"]

[[rounds.groups]]
id = "opleiders-2"
name = "Opleiders 2"
pool = "opleiders"
template = "andere-kaart"

[[rounds]]
id = "r2"
name = "Ronde 2"
start = "14:45"
end = "16:00"
mode = "heterogeneous"

[[rounds.groups]]
id = "g1"
name = "Groep 1"
label = "Organisatie"
template = "kaart"
statements = ["Stelling C", "Stelling D"]
"#;

fn parse(text: &str) -> Result<Programme, Vec<ContentError>> {
    parse_programme(FILE, text, &templates())
}

/// The errors of `text`, as the author sees them.
fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// `VALID` with one piece replaced (which must be there).
fn with(old: &str, new: &str) -> String {
    assert!(VALID.contains(old), "{old}");
    VALID.replacen(old, new, 1)
}

fn assert_error(text: &str, expected: &str) {
    let errors = errors(text);
    assert!(
        errors.iter().any(|e| e.contains(expected)),
        "expected '{expected}' in {errors:#?}"
    );
}

#[test]
fn a_valid_programme_reads_with_defaults_filled_in() {
    let day = parse(VALID).unwrap();
    assert_eq!(day.rounds.len(), 2);
    let r1 = &day.rounds[0];
    assert_eq!(
        (r1.start.to_string(), r1.end.to_string()),
        ("13:15".into(), "14:30".into())
    );
    let Mode::Homogeneous { pools } = &r1.mode else {
        panic!()
    };
    assert_eq!(
        pools[0].roles,
        vec![ParticipantRole::SchoolLeader, ParticipantRole::HrOfficer]
    );
    assert_eq!(r1.groups_in_pool(&PoolId::new("opleiders").unwrap()), 2);
    // The label defaults to the pool's name; the card to the round's.
    assert_eq!(r1.groups[1].label, "Opleiders");
    assert_eq!(r1.groups[1].template.as_str(), "kaart");
    assert_eq!(r1.groups[2].template.as_str(), "andere-kaart");
    assert!(r1.groups[2].statements.is_empty());
    let r2 = &day.rounds[1];
    assert_eq!(r2.mode, Mode::Heterogeneous);
    assert_eq!(r2.groups[0].label, "Organisatie");
    assert_eq!(r2.groups[0].pool, None);
    assert_eq!(r2.shape().groups.len(), 1);
}

#[test]
fn a_toml_syntax_error_names_line_and_column() {
    let errors = errors("id = \"dag\"\ntitle = \n");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{FILE}: line 2, column")),
        "{errors:?}"
    );
}

#[test]
fn unknown_keys_are_refused() {
    assert_error(
        &with("name = \"Groep 1\"", "name = \"Groep 1\"\nroom = 3"),
        "unknown field `room`",
    );
}

#[test]
fn ids_must_be_valid() {
    assert_error(
        &with("id = \"dag\"", "id = \"de dag\""),
        &format!("{FILE}: id: programme id 'de dag'"),
    );
    assert_error(
        &with("id = \"r2\"", "id = \"\""),
        "rounds[1].id: round id is empty",
    );
    assert_error(
        &with("id = \"g1\"", "id = \"g/1\""),
        "rounds[1].groups[0].id: room id 'g/1'",
    );
    assert_error(
        &with("id = \"leiding\"", "id = \"lei ding\""),
        "rounds[0].pools[0].id: pool id",
    );
}

#[test]
fn texts_must_not_be_empty() {
    assert_error(
        &with("title = \"Dag\"", "title = \"  \""),
        &format!("{FILE}: title: must not be empty"),
    );
    assert_error(
        &with("name = \"Ronde 2\"", "name = \"\""),
        "rounds[1].name: must not be empty",
    );
    assert_error(
        &with("\"Stelling D\"", "\"\""),
        "rounds[1].groups[0].statements[1]: must not be empty",
    );
}

#[test]
fn lost_ligatures_are_refused_wherever_they_are() {
    let text = with("\"Stelling A\"", "\"Wie hee\u{FFFD} de regie?\"");
    assert_error(&text, "rounds[0].groups[0].statements[0]: contains U+FFFD");
    assert_error(
        &with("\"Een dag.\"", "\"\u{FFFD}nanciering\""),
        "description: contains U+FFFD",
    );
}

#[test]
fn a_programme_needs_rounds_with_distinct_ids() {
    let head = &VALID[..VALID.find("[[rounds]]").unwrap()];
    assert_error(head, "rounds: a programme needs at least one round");
    assert_error(
        &with("id = \"r2\"", "id = \"r1\""),
        "rounds[1].id: 'r1' is already used by rounds[0].id",
    );
}

#[test]
fn times_are_hh_mm_and_start_before_end() {
    assert_error(
        &with("\"13:15\"", "\"13.15\""),
        "rounds[0].start: '13.15' is not a time of day written HH:MM",
    );
    assert_error(
        &with("\"16:00\"", "\"14:45\""),
        "rounds[1].end: the round ends at 14:45, not after it starts at 14:45",
    );
}

#[test]
fn rounds_are_in_order_and_do_not_overlap() {
    assert_error(
        &with("\"14:45\"", "\"14:00\""),
        "rounds[1].start: starts at 14:00, before rounds[0] ends at 14:30",
    );
    // Back to back is fine.
    assert!(parse(&with("\"14:45\"", "\"14:30\"")).is_ok());
}

#[test]
fn the_mode_is_one_of_three() {
    assert_error(
        &with("\"heterogeneous\"", "\"mixed\""),
        "rounds[1].mode: unknown grouping mode 'mixed' (known: homogeneous, heterogeneous, manual)",
    );
}

#[test]
fn templates_must_exist() {
    let errors = errors(&with(
        "template = \"kaart\"\nstatements",
        "template = \"x\"\nstatements",
    ));
    assert_eq!(
        errors,
        vec![format!(
            "{FILE}: rounds[1].groups[0].template: unknown template 'x'"
        )]
    );
    assert_error(
        &with("template = \"kaart\"", "template = \"weg\""),
        "rounds[0].template: unknown template 'weg'",
    );
    assert_error(
        &with("template = \"kaart\"\nstatements", "statements"),
        "rounds[1].groups[0].template: no template: set one here or on the round",
    );
}

#[test]
fn a_homogeneous_round_needs_pools() {
    let start = VALID.find("[[rounds.pools]]").unwrap();
    let end = VALID.find("[[rounds.groups]]").unwrap();
    let text = format!("{}{}", &VALID[..start], &VALID[end..]);
    assert_error(
        &text,
        "rounds[0].pools: a homogeneous round needs at least one pool",
    );
}

#[test]
fn pool_roles_exist_and_belong_to_one_pool() {
    assert_error(
        &with("\"hr-officer\"", "\"teacher\""),
        "rounds[0].pools[0].roles[1]: unknown role 'teacher' (known: board-member,",
    );
    assert_error(
        &with("[\"school-based-teacher-educator\"]", "[\"hr-officer\"]"),
        "rounds[0].pools[1].roles[0]: role 'hr-officer' is already in pools[0]",
    );
    assert_error(
        &with("\"hr-officer\"", "\"school-leader\""),
        "roles[1]: role 'school-leader' is listed twice",
    );
    assert_error(
        &with("[\"school-leader\", \"hr-officer\"]", "[]"),
        "rounds[0].pools[0].roles: a pool needs at least one role",
    );
}

#[test]
fn every_pool_has_a_group_and_every_group_a_known_pool() {
    assert_error(
        &with("pool = \"leiding\"", "pool = \"opleiders\""),
        "rounds[0].pools[0]: pool 'leiding' has no groups",
    );
    assert_error(
        &with("pool = \"leiding\"", "pool = \"bestuur\""),
        "rounds[0].groups[0].pool: unknown pool 'bestuur'",
    );
    assert_error(
        &with("pool = \"leiding\"\n", ""),
        "rounds[0].groups[0].pool: groups of a homogeneous round name their pool",
    );
}

#[test]
fn only_homogeneous_rounds_have_pools() {
    assert_error(
        &with(
            "label = \"Organisatie\"",
            "label = \"Organisatie\"\npool = \"leiding\"",
        ),
        "rounds[1].groups[0].pool: only groups of homogeneous rounds have a pool",
    );
    let text =
        format!("{VALID}\n[[rounds.pools]]\nid = \"p\"\nname = \"P\"\nroles = [\"mentor\"]\n");
    assert_error(
        &text,
        "rounds[1].pools: pools only apply to rounds with mode = \"homogeneous\"",
    );
}

#[test]
fn a_round_needs_groups_with_distinct_ids() {
    let text = &VALID[..VALID.rfind("[[rounds.groups]]").unwrap()];
    assert_error(text, "rounds[1].groups: a round needs at least one group");
    assert_error(
        &with("id = \"opleiders-2\"", "id = \"opleiders-1\""),
        "rounds[0].groups[2].id: 'opleiders-1' is already used by rounds[0].groups[1].id",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = with("\"13:15\"", "\"1315\"")
        .replacen("\"heterogeneous\"", "\"mixed\"", 1)
        .replacen("\"Stelling B\"", "\"\"", 1)
        .replacen("\"hr-officer\"", "\"hr\"", 1);
    assert_eq!(errors(&text).len(), 4, "{:#?}", errors(&text));
}
