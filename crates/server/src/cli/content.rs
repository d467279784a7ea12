//! `samenbord content check|show`: validate a content folder, or print one
//! template (or programme) as normalised JSON or as a readable outline.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;
use samenbord_core::template::{CardTemplate, SectionKind};

use crate::content::{self, LoadedContent};

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate every template and programme in a content folder.
    Check {
        /// The content folder.
        #[arg(default_value = "content")]
        dir: PathBuf,
    },
    /// Print one template or programme, validated and normalised.
    Show {
        /// The id of a template (or programme).
        id: String,
        /// Print the full JSON instead of an outline.
        #[arg(long)]
        json: bool,
        /// The content folder.
        #[arg(long, default_value = "content")]
        dir: PathBuf,
    },
}

pub fn run(command: ContentCommand) -> anyhow::Result<()> {
    match command {
        ContentCommand::Check { dir } => check(&dir),
        ContentCommand::Show { id, json, dir } => show(&dir, &id, json),
    }
}

fn load(dir: &Path) -> anyhow::Result<LoadedContent> {
    content::load(dir).with_context(|| format!("cannot read content from {}", dir.display()))
}

/// One line per template and programme on stdout; every problem on stderr,
/// one per line, and a failing exit.
fn check(dir: &Path) -> anyhow::Result<()> {
    let loaded = load(dir)?;
    for template in loaded.library.templates.values() {
        println!(
            "template {}: {} — {}",
            template.id,
            template.title,
            contents(template)
        );
    }
    for programme in loaded.library.programmes.values() {
        println!("programme {}: {}", programme.id, programme.title);
    }
    if loaded.errors.is_empty() {
        return Ok(());
    }
    for error in &loaded.errors {
        eprintln!("{error}");
    }
    let count = loaded.errors.len();
    bail!(
        "{count} problem{} in {}",
        if count == 1 { "" } else { "s" },
        dir.display()
    )
}

/// What a template holds, e.g. "5 sections, 26 questions, 3 phases".
pub fn contents(template: &CardTemplate) -> String {
    let own = template
        .theme_choice
        .as_ref()
        .is_some_and(|c| c.own_theme.is_some());
    let counts = [
        (template.sections.len(), "section", "sections"),
        (template.questions().count(), "question", "questions"),
        (template.phases.len(), "phase", "phases"),
        (template.transitions.len(), "transition", "transitions"),
        (template.roles.len(), "role", "roles"),
        (template.themes.len() + usize::from(own), "theme", "themes"),
        (template.decks.len(), "deck", "decks"),
        (template.cards.len(), "card", "cards"),
        (
            template.working_forms.len(),
            "working form",
            "working forms",
        ),
        (template.tips.len(), "tip", "tips"),
    ];
    let mut parts: Vec<String> = counts
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if template.statement {
        parts.push("statement".to_owned());
    }
    if template.has_examples() {
        parts.push("with examples".to_owned());
    }
    parts.join(", ")
}

fn show(dir: &Path, id: &str, json: bool) -> anyhow::Result<()> {
    let loaded = load(dir)?;
    let library = &loaded.library;
    if let Some(template) = library
        .templates
        .iter()
        .find(|(key, _)| key.as_str() == id)
        .map(|(_, t)| t)
    {
        if json {
            println!("{}", serde_json::to_string_pretty(template)?);
        } else {
            print!("{}", outline(template));
        }
        return Ok(());
    }
    if let Some(programme) = library
        .programmes
        .iter()
        .find(|(key, _)| key.as_str() == id)
        .map(|(_, p)| p)
    {
        println!("{}", serde_json::to_string_pretty(programme)?);
        return Ok(());
    }
    let known: Vec<&str> = library.templates.keys().map(|k| k.as_str()).collect();
    let mut message = format!("no template or programme '{id}' in {}", dir.display());
    if !known.is_empty() {
        let _ = write!(message, "; templates: {}", known.join(", "));
    }
    if !loaded.errors.is_empty() {
        let _ = write!(
            message,
            " ({} problems in content: run `samenbord content check`)",
            loaded.errors.len()
        );
    }
    bail!(message)
}

/// A readable outline: title, phases, sections with their questions, themes,
/// decks.
fn outline(t: &CardTemplate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})\n  {}", t.title, t.id, contents(t));
    if t.statement {
        let _ = writeln!(out, "  [stelling: per groep uit het programma]");
    }
    if let Some(question) = &t.central_question {
        let _ = writeln!(out, "  centrale vraag: {}", question.text);
    }
    for phase in &t.phases {
        let next: Vec<&str> = t.next_phases(&phase.id).map(|tr| tr.to.as_str()).collect();
        let _ = writeln!(
            out,
            "  fase {}: {} -> {}",
            phase.id,
            phase.title,
            next.join(", ")
        );
    }
    for section in &t.sections {
        let kind = match section.kind {
            SectionKind::Notes => "",
            SectionKind::Themes => " [thema's]",
            SectionKind::Deck => " [kaart trekken]",
            SectionKind::Agreements => " [afspraken: wat/wie/wanneer]",
        };
        let _ = writeln!(out, "  - {}: {}{kind}", section.id, section.title);
        for question in &section.questions {
            let example = if question.example { " (voorbeeld)" } else { "" };
            let _ = writeln!(out, "      {}  {}{example}", question.id, question.text);
        }
    }
    for theme in &t.themes {
        let _ = writeln!(
            out,
            "  thema {}: {} ({} richtvragen, {} tools)",
            theme.id,
            theme.title,
            theme.guiding_questions.len(),
            theme.tools.len()
        );
    }
    for deck in &t.decks {
        let count = t.cards.iter().filter(|c| c.deck == deck.id).count();
        let _ = writeln!(
            out,
            "  stapel {}: {} ({count} kaarten)",
            deck.id, deck.title
        );
    }
    out
}
