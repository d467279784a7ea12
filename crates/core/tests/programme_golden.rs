//! The partnership day of seed 002 as a programme: its two rounds, seven
//! groups each, the pools of round 1 and the safeguards of round 2, and
//! every statement traced back to the seed's own text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use samenbord_core::grouping::{Mode, PoolId};
use samenbord_core::ids::TemplateId;
use samenbord_core::programme::{Programme, parse_programme};
use samenbord_core::template::{CardTemplate, parse_template};
use unicode_normalization::UnicodeNormalization;

const CARD: &str = "dialoogkaart-partnerschapsdag";

/// The card the programme refers to, read from `content/templates` the way
/// the server reads it.
fn templates() -> BTreeMap<TemplateId, CardTemplate> {
    let file = format!("content/templates/{CARD}.toml");
    let text = std::fs::read_to_string(repo_file(&file)).unwrap();
    let template = parse_template(&file, &text).unwrap_or_else(|errors| panic!("{errors:?}"));
    BTreeMap::from([(template.id.clone(), template)])
}

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

fn programme() -> Programme {
    let path = repo_file("content/programmes/partnerschapsdag.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    match parse_programme(
        "content/programmes/partnerschapsdag.toml",
        &text,
        &templates(),
    ) {
        Ok(programme) => programme,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn the_day_has_two_rounds_at_the_reports_times() {
    let day = programme();
    assert_eq!(day.id.as_str(), "partnerschapsdag");
    let times: Vec<(String, String)> = day
        .rounds
        .iter()
        .map(|r| (r.start.to_string(), r.end.to_string()))
        .collect();
    assert_eq!(
        times,
        vec![
            ("13:15".into(), "14:30".into()),
            ("14:45".into(), "16:00".into())
        ]
    );
    for round in &day.rounds {
        assert_eq!(round.groups.len(), 7, "{}", round.id);
        assert!(round.groups.iter().all(|g| g.template.as_str() == CARD));
        assert!(round.groups.iter().all(|g| !g.statements.is_empty()));
    }
}

#[test]
fn round_one_is_homogeneous_with_one_two_three_one_groups_per_pool() {
    let day = programme();
    let round = &day.rounds[0];
    let Mode::Homogeneous { pools } = &round.mode else {
        panic!("round 1 is {:?}", round.mode);
    };
    let counts: Vec<(&str, usize)> = pools
        .iter()
        .map(|p| (p.name.as_str(), round.groups_in_pool(&p.id)))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Bestuurders & teamleiders", 1),
            ("Schoolleiders & HR-medewerkers", 2),
            ("Schoolopleiders", 3),
            ("Instituutsopleiders", 1),
        ]
    );
    // Each group is filed under its target group.
    for group in &round.groups {
        let pool = pools
            .iter()
            .find(|p| Some(&p.id) == group.pool.as_ref())
            .unwrap();
        assert_eq!(group.label, pool.name);
    }
    let so = PoolId::new("schoolopleiders").unwrap();
    assert_eq!(round.groups_in_pool(&so), 3);
}

#[test]
fn round_two_is_heterogeneous_and_covers_the_four_safeguards() {
    let day = programme();
    let round = &day.rounds[1];
    assert_eq!(round.mode, Mode::Heterogeneous);
    let labels: BTreeSet<&str> = round.groups.iter().map(|g| g.label.as_str()).collect();
    let safeguards = BTreeSet::from([
        "De lerende leraar",
        "Leeromgeving",
        "Organisatie",
        "Kwaliteitscultuur",
    ]);
    assert_eq!(labels, safeguards);
    // Groups on the same safeguard share its statement.
    for label in safeguards {
        let statements: BTreeSet<&Vec<String>> = round
            .groups
            .iter()
            .filter(|g| g.label == label)
            .map(|g| &g.statements)
            .collect();
        assert_eq!(statements.len(), 1, "{label}");
    }
}

#[test]
fn the_programme_ships_no_broken_ligatures() {
    let text =
        std::fs::read_to_string(repo_file("content/programmes/partnerschapsdag.toml")).unwrap();
    assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn every_statement_is_the_seeds_own_text() {
    let seed_path = repo_file("../shared/seeds/002_509df84545330de3.txt");
    let Ok(seed) = std::fs::read_to_string(&seed_path) else {
        println!("skipped: seed {} is not there", seed_path.display());
        return;
    };
    let seed: Vec<char> = normalise(&seed).chars().collect();
    let day = programme();
    let mut checked = 0;
    for round in &day.rounds {
        for group in &round.groups {
            for statement in &group.statements {
                let wanted: Vec<char> = normalise(statement).chars().collect();
                assert!(
                    contains_repaired(&seed, &wanted),
                    "{}/{}: statement not found in the seed: {statement}",
                    round.id,
                    group.id
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15);
}

/// NFC, ligature characters spelled out, whitespace collapsed.
fn normalise(text: &str) -> String {
    let spelled: String = text
        .nfc()
        .collect::<String>()
        .replace('\u{FB00}', "ff")
        .replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB03}', "ffi")
        .replace('\u{FB04}', "ffl");
    spelled.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `needle` occurs in `haystack`, where a U+FFFD in the haystack
/// (a lost ligature) stands for any of fi, fl, ff, ft, ffi, ffl, fft
/// (`hee\u{FFFD}` is *heeft*).
fn contains_repaired(haystack: &[char], needle: &[char]) -> bool {
    (0..haystack.len()).any(|start| matches_at(&haystack[start..], needle))
}

fn matches_at(haystack: &[char], needle: &[char]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    match haystack.split_first() {
        None => false,
        Some(('\u{FFFD}', tail)) => {
            ["ffi", "ffl", "fft", "ff", "fi", "fl", "ft"]
                .iter()
                .any(|lig| {
                    let lig: Vec<char> = lig.chars().collect();
                    needle.starts_with(&lig) && matches_at(tail, &needle[lig.len()..])
                })
        }
        Some((&c, tail)) => c == first && matches_at(tail, rest),
    }
}

#[test]
fn the_ligature_matcher_accepts_repairs_and_nothing_else() {
    let seed: Vec<char> = "zij hee\u{FFFD} een \u{FFFD}nanciering".chars().collect();
    let yes: Vec<char> = "heeft een financiering".chars().collect();
    let no: Vec<char> = "heeft een flnanciering".chars().collect();
    let other: Vec<char> = "heeft geen".chars().collect();
    assert!(contains_repaired(&seed, &yes));
    assert!(
        contains_repaired(&seed, &no),
        "fl is a possible ligature too"
    );
    assert!(!contains_repaired(&seed, &other));
}
