//! A card template as the browser renders it: the validated template with
//! what the browser would otherwise have to work out itself — where notes
//! can go and whether they start private, which phases follow which, the
//! cards of each deck — computed here, once.

use serde::Serialize;

use crate::ids::{ElementId, TemplateId};
use crate::template::{
    CardKind, CardTemplate, CentralQuestion, Level, Link, Mode, NoteTargetKind, Role, SectionKind,
    Slot, Theme, ThemeChoice, Who,
};

/// `GET /api/content/templates/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct TemplateView {
    pub id: TemplateId,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub levels: Vec<Level>,
    pub links: Vec<Link>,
    /// The room shows the group's statement(s).
    pub statement: bool,
    pub central_question: Option<CentralQuestion>,
    pub shared_question: Option<Slot>,
    pub attachments: Option<Slot>,
    pub roles: Vec<Role>,
    /// In order; each with the moves the leader may make from it.
    pub phases: Vec<PhaseView>,
    pub initial_phase: Option<ElementId>,
    pub sections: Vec<SectionView>,
    pub theme_choice: Option<ThemeChoice>,
    pub themes: Vec<Theme>,
    pub decks: Vec<DeckView>,
    pub working_forms: Vec<WorkingFormView>,
    pub tips: Vec<String>,
    /// Every place notes can go, in the order the card shows them.
    pub note_targets: Vec<NoteTargetView>,
    /// Something on the card was written by the project, not the source.
    pub has_examples: bool,
}

/// A working form (*werkvorm*) the group can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct WorkingFormView {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    pub example: bool,
    /// How notes on the card on the table start while the group works in
    /// this form.
    pub card_privacy: NotePrivacy,
}

/// Whether notes on a target are shared at once or start private.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NotePrivacy {
    /// Everyone sees a note as it is typed.
    Shared,
    /// Private to its author until the author reveals it.
    Silent,
    /// Everyone writes privately first; the leader reveals all at once.
    SilentFirst,
}

impl NotePrivacy {
    fn of(mode: Option<Mode>) -> Self {
        match mode {
            Some(Mode::Silent) => Self::Silent,
            Some(Mode::SilentFirst) => Self::SilentFirst,
            Some(Mode::Aloud) | None => Self::Shared,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct NoteTargetView {
    pub id: ElementId,
    pub title: String,
    pub kind: NoteTargetKind,
    /// The section it is shown in (its own id for a section).
    pub section: ElementId,
    pub privacy: NotePrivacy,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct SectionView {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    pub kind: SectionKind,
    /// Shown only in this phase; `None`: in every phase.
    pub phase: Option<ElementId>,
    pub prompts: Vec<String>,
    pub choose_questions: bool,
    pub example: bool,
    /// The section offers a field for notes on the section itself.
    pub takes_notes: bool,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct QuestionView {
    pub id: ElementId,
    /// The number the source gives the question (e.g. "1.3"), if any.
    pub number: Option<String>,
    pub text: String,
    pub description: Option<String>,
    pub who: Option<Who>,
    pub mode: Option<Mode>,
    pub privacy: NotePrivacy,
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct PhaseView {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    /// Moves to a later phase.
    pub next: Vec<PhaseMove>,
    /// Moves back to this or an earlier phase (e.g. back to the data).
    pub back: Vec<PhaseMove>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct PhaseMove {
    pub to: ElementId,
    /// The decision's name, e.g. "Terug naar de data".
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct DeckView {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    pub cards: Vec<DeckCardView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct DeckCardView {
    pub id: ElementId,
    /// Deck, theme and kind in Dutch, then the text.
    pub label: String,
    /// Deck, theme and kind in Dutch.
    pub meta: String,
    pub theme: Option<ElementId>,
    pub kind: Option<CardKind>,
    pub text: String,
    pub example: bool,
}

/// The browser's view of `template`.
pub fn template_view(template: &CardTemplate) -> TemplateView {
    TemplateView {
        id: template.id.clone(),
        title: template.title.clone(),
        subtitle: template.subtitle.clone(),
        description: template.description.clone(),
        levels: template.levels.clone(),
        links: template.links.clone(),
        statement: template.statement,
        central_question: template.central_question.clone(),
        shared_question: template.shared_question.clone(),
        attachments: template.attachments.clone(),
        roles: template.roles.clone(),
        phases: phases(template),
        initial_phase: template.initial_phase.clone(),
        sections: template.sections.iter().map(section).collect(),
        theme_choice: template.theme_choice.clone(),
        themes: template.themes.clone(),
        decks: decks(template),
        working_forms: template
            .working_forms
            .iter()
            .map(|w| WorkingFormView {
                id: w.id.clone(),
                title: w.title.clone(),
                description: w.description.clone(),
                example: w.example,
                card_privacy: NotePrivacy::of(w.mode),
            })
            .collect(),
        tips: template.tips.clone(),
        note_targets: note_targets(template),
        has_examples: template.has_examples(),
    }
}

fn section(section: &crate::template::Section) -> SectionView {
    SectionView {
        id: section.id.clone(),
        title: section.title.clone(),
        description: section.description.clone(),
        kind: section.kind,
        phase: section.phase.clone(),
        prompts: section.prompts.clone(),
        choose_questions: section.choose_questions,
        example: section.example,
        // A section whose questions start private offers no shared field
        // of its own: an individual answer must not go public by mistake.
        takes_notes: matches!(section.kind, SectionKind::Notes | SectionKind::Deck)
            && !section.questions.iter().any(|q| q.notes_start_private()),
        questions: section
            .questions
            .iter()
            .map(|q| QuestionView {
                id: q.id.clone(),
                number: question_number(q.id.as_str()),
                text: q.text.clone(),
                description: q.description.clone(),
                who: q.who,
                mode: q.mode,
                privacy: NotePrivacy::of(q.mode),
                example: q.example,
            })
            .collect(),
    }
}

/// Ids like `1.3` are the source's own numbering; other ids are not shown.
fn question_number(id: &str) -> Option<String> {
    let numbered = id.contains('.')
        && id
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    numbered.then(|| id.to_owned())
}

fn note_targets(template: &CardTemplate) -> Vec<NoteTargetView> {
    template
        .note_targets()
        .into_iter()
        .map(|target| {
            let privacy = match target.kind {
                NoteTargetKind::Question => template
                    .question(target.id.as_str())
                    .map_or(NotePrivacy::Shared, |q| NotePrivacy::of(q.mode)),
                NoteTargetKind::Section | NoteTargetKind::Theme | NoteTargetKind::Card => {
                    NotePrivacy::Shared
                }
            };
            NoteTargetView {
                id: target.id,
                title: target.title,
                kind: target.kind,
                section: target.section,
                privacy,
            }
        })
        .collect()
}

/// Each phase's moves: the template's transitions split into forward and
/// back by phase order; a template without transitions goes phase by phase.
fn phases(template: &CardTemplate) -> Vec<PhaseView> {
    let position = |id: &ElementId| template.phases.iter().position(|p| &p.id == id);
    template
        .phases
        .iter()
        .enumerate()
        .map(|(index, phase)| {
            let mut next = Vec::new();
            let mut back = Vec::new();
            if template.transitions.is_empty()
                && let Some(following) = template.phases.get(index + 1)
            {
                next.push(PhaseMove {
                    to: following.id.clone(),
                    label: None,
                });
            }
            for transition in template.next_phases(&phase.id) {
                let Some(to) = position(&transition.to) else {
                    continue;
                };
                let step = PhaseMove {
                    to: transition.to.clone(),
                    label: transition.label.clone(),
                };
                if to > index {
                    next.push(step);
                } else {
                    back.push(step);
                }
            }
            PhaseView {
                id: phase.id.clone(),
                title: phase.title.clone(),
                description: phase.description.clone(),
                next,
                back,
            }
        })
        .collect()
}

fn decks(template: &CardTemplate) -> Vec<DeckView> {
    template
        .decks
        .iter()
        .map(|deck| DeckView {
            id: deck.id.clone(),
            title: deck.title.clone(),
            description: deck.description.clone(),
            cards: template
                .cards
                .iter()
                .filter(|card| card.deck == deck.id)
                .map(|card| DeckCardView {
                    id: card.id.clone(),
                    label: template.card_label(card),
                    meta: template.card_meta(card),
                    theme: card.theme.clone(),
                    kind: card.kind,
                    text: card.text.clone(),
                    example: card.example,
                })
                .collect(),
        })
        .collect()
}
