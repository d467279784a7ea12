//! The views the browser renders, computed from the real cards in
//! `content/`: the rules the browser used to re-derive (which notes start
//! private, which phase moves exist) are decided here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use samenbord_core::contract::{NotePrivacy, template_view};
use samenbord_core::role::ParticipantRole;
use samenbord_core::template::{CardTemplate, parse_template};

fn template(id: &str) -> CardTemplate {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../content/templates/{id}.toml"));
    let text = fs::read_to_string(&path).unwrap();
    parse_template(&path.display().to_string(), &text).unwrap()
}

#[test]
fn the_process_check_can_send_the_group_back_to_the_data() {
    let view = template_view(&template("kwaliteitsgesprek-data"));
    let ids: Vec<&str> = view.phases.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["check-in", "proces-check", "check-out"]);
    let check = &view.phases[1];
    let next: Vec<&str> = check.next.iter().map(|m| m.to.as_str()).collect();
    let back: Vec<(&str, Option<&str>)> = check
        .back
        .iter()
        .map(|m| (m.to.as_str(), m.label.as_deref()))
        .collect();
    assert_eq!(next, ["check-out"]);
    assert_eq!(back, [("check-in", Some("Doorpraten over de data"))]);
    // The check-out ends the talk, but a tap too soon can be taken back.
    let out = &view.phases[2];
    assert!(out.next.is_empty());
    let back: Vec<(&str, Option<&str>)> = out
        .back
        .iter()
        .map(|m| (m.to.as_str(), m.label.as_deref()))
        .collect();
    assert_eq!(back, [("proces-check", Some("Terug naar de proces-check"))]);
}

#[test]
fn a_section_with_an_individual_first_question_offers_no_shared_field() {
    let view = template_view(&template("dialoogkaart-schoolleider"));
    let takes = |id: &str| {
        view.sections
            .iter()
            .find(|s| s.id.as_str() == id)
            .map(|s| s.takes_notes)
            .unwrap()
    };
    assert!(
        !takes("startvragen"),
        "an individual answer cannot go public by mistake"
    );
    assert!(takes("groepsvraag"));
    let numbers: Vec<_> = view
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter_map(|q| q.number.clone())
        .collect();
    assert_eq!(numbers.len(), 26, "1.1 to 4.6 keep their numbers");
    assert_eq!(numbers.first().map(String::as_str), Some("1.1"));
}

#[test]
fn individual_first_questions_start_private_and_aloud_ones_shared() {
    let view = template_view(&template("dialoogkaart-schoolleider"));
    let privacy = |id: &str| {
        view.note_targets
            .iter()
            .find(|t| t.id.as_str() == id)
            .map(|t| t.privacy)
            .unwrap()
    };
    assert_eq!(privacy("start"), NotePrivacy::SilentFirst);
    let shared = view
        .note_targets
        .iter()
        .filter(|t| t.privacy == NotePrivacy::Shared)
        .count();
    assert!(shared > 30, "the role questions are shared: {shared}");
    let question = view
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id.as_str() == "start")
        .unwrap();
    assert_eq!(question.privacy, NotePrivacy::SilentFirst);
}

#[test]
fn every_deck_carries_its_own_cards() {
    let card = template("instrument-voor-dialoog");
    let view = template_view(&card);
    let total: usize = view.decks.iter().map(|d| d.cards.len()).sum();
    assert_eq!(total, card.cards.len());
    assert!(view.decks.iter().all(|d| !d.cards.is_empty()));
}

#[test]
fn role_labels_in_exports_are_the_web_clients_dutch_labels() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/locales/nl.json");
    let locale: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    for role in ParticipantRole::ALL {
        assert_eq!(
            locale[format!("role.{}", role.key())].as_str(),
            Some(role.dutch_label()),
            "{role:?}"
        );
    }
}
