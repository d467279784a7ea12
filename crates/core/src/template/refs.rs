//! What refers to what: phases and their transitions (including that every
//! phase can be reached from the initial one), sections tied to phases,
//! sections that show themes or a deck, the theme choice, and deck cards
//! pointing at their deck and theme. Runs after every element has been
//! read, so it sees all ids; items keep the path they were read from.

use std::collections::{BTreeSet, HashMap};

use super::check::Checker;
use super::model::{Deck, DeckCard, Phase, Section, SectionKind, Theme, ThemeChoice, Transition};
use crate::ids::ElementId;

/// The parts of a template that refer to each other, with their paths.
pub(crate) struct Parts {
    pub phases: Vec<(String, Phase)>,
    pub initial_phase: Option<ElementId>,
    pub transitions: Vec<(String, Transition)>,
    pub sections: Vec<(String, Section)>,
    /// Whether the file has `[[sections]]` at all (some may be unreadable).
    pub sections_written: bool,
    pub themes: Vec<(String, Theme)>,
    pub theme_choice: Option<ThemeChoice>,
    pub decks: Vec<(String, Deck)>,
    pub cards: Vec<(String, DeckCard)>,
}

pub(crate) fn check(c: &mut Checker, parts: &Parts) {
    let phases: BTreeSet<&str> = parts.phases.iter().map(|(_, p)| p.id.as_str()).collect();
    check_initial_phase(c, parts, &phases);
    check_transitions(c, parts, &phases);
    check_reachable(c, parts);
    check_sections(c, parts, &phases);
    check_theme_choice(c, parts);
    check_cards(c, parts);
}

fn check_initial_phase(c: &mut Checker, parts: &Parts, phases: &BTreeSet<&str>) {
    match &parts.initial_phase {
        None if !phases.is_empty() => {
            c.push("initial_phase", "is missing: the template has phases")
        }
        Some(initial) if !phases.contains(initial.as_str()) => {
            c.push(
                "initial_phase",
                format!("'{initial}' is not a phase of this template"),
            );
        }
        _ => {}
    }
}

fn check_transitions(c: &mut Checker, parts: &Parts, phases: &BTreeSet<&str>) {
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    for (path, t) in &parts.transitions {
        for (field, id) in [("from", &t.from), ("to", &t.to)] {
            if !phases.contains(id.as_str()) {
                c.push(
                    format!("{path}.{field}"),
                    format!("'{id}' is not a phase of this template"),
                );
            }
        }
        if t.from == t.to {
            c.push(path.as_str(), format!("leads from '{}' to itself", t.from));
        }
        if let Some(first) = seen.insert((t.from.as_str(), t.to.as_str()), path) {
            let message = format!(
                "the transition from '{}' to '{}' appears twice (first at {first})",
                t.from, t.to
            );
            c.push(path.as_str(), message);
        }
    }
}

fn check_reachable(c: &mut Checker, parts: &Parts) {
    let Some(initial) = &parts.initial_phase else {
        return;
    };
    if !parts.phases.iter().any(|(_, p)| &p.id == initial) {
        return;
    }
    let mut reached = BTreeSet::from([initial.as_str()]);
    let mut frontier = vec![initial.as_str()];
    while let Some(phase) = frontier.pop() {
        for (_, t) in parts
            .transitions
            .iter()
            .filter(|(_, t)| t.from.as_str() == phase)
        {
            if reached.insert(t.to.as_str()) {
                frontier.push(t.to.as_str());
            }
        }
    }
    for (path, phase) in &parts.phases {
        if !reached.contains(phase.id.as_str()) {
            let message = format!(
                "phase '{}' cannot be reached from the initial phase '{initial}'",
                phase.id
            );
            c.push(format!("{path}.id"), message);
        }
    }
}

fn check_sections(c: &mut Checker, parts: &Parts, phases: &BTreeSet<&str>) {
    if !parts.sections_written {
        c.push("sections", "a template needs at least one section");
    }
    let mut themes_section: Option<&str> = None;
    for (path, section) in &parts.sections {
        if let Some(phase) = &section.phase
            && !phases.contains(phase.as_str())
        {
            c.push(
                format!("{path}.phase"),
                format!("'{phase}' is not a phase of this template"),
            );
        }
        match section.kind {
            SectionKind::Themes => {
                if let Some(first) = themes_section {
                    c.push(
                        format!("{path}.kind"),
                        format!("only one section may show the themes (first at {first})"),
                    );
                }
                themes_section.get_or_insert(path);
                if parts.themes.is_empty() {
                    c.push(
                        format!("{path}.kind"),
                        "a 'themes' section needs [[themes]]",
                    );
                }
            }
            SectionKind::Deck if parts.cards.is_empty() => {
                c.push(format!("{path}.kind"), "a 'deck' section needs [[cards]]");
            }
            _ => {}
        }
        if matches!(section.kind, SectionKind::Themes | SectionKind::Agreements)
            && !section.questions.is_empty()
        {
            let message = "a 'themes' or 'agreements' section takes no questions: use prompts";
            c.push(format!("{path}.questions"), message);
        }
    }
    if parts.theme_choice.is_some() && themes_section.is_none() {
        c.push(
            "theme_choice",
            "has no effect: no section has kind 'themes'",
        );
    }
}

fn check_theme_choice(c: &mut Checker, parts: &Parts) {
    let Some(choice) = &parts.theme_choice else {
        return;
    };
    let own = u32::from(choice.own_theme.is_some());
    let available = u32::try_from(parts.themes.len())
        .unwrap_or(u32::MAX)
        .saturating_add(own);
    if choice.min > available {
        c.push(
            "theme_choice.min",
            format!(
                "{} is more than the {available} themes to choose from",
                choice.min
            ),
        );
    }
    if let Some(max) = choice.max
        && max < choice.min.max(1)
    {
        let message = format!("{max} is less than min ({}) or zero", choice.min);
        c.push("theme_choice.max", message);
    }
}

fn check_cards(c: &mut Checker, parts: &Parts) {
    let decks: BTreeSet<&str> = parts.decks.iter().map(|(_, d)| d.id.as_str()).collect();
    let themes: BTreeSet<&str> = parts.themes.iter().map(|(_, t)| t.id.as_str()).collect();
    for (path, card) in &parts.cards {
        if !decks.contains(card.deck.as_str()) {
            c.push(
                format!("{path}.deck"),
                format!("'{}' is not a deck of this template", card.deck),
            );
        }
        if let Some(theme) = &card.theme
            && !themes.contains(theme.as_str())
        {
            c.push(
                format!("{path}.theme"),
                format!("'{theme}' is not a theme of this template"),
            );
        }
    }
    let has_deck_section = parts
        .sections
        .iter()
        .any(|(_, s)| s.kind == SectionKind::Deck);
    if !parts.cards.is_empty() && !has_deck_section {
        c.push("cards", "no section has kind 'deck' to draw them in");
    }
}
