//! The validated card template: what a UI, a room document or an export may
//! rely on. Every id here is unique within its template, every reference
//! (phase, deck, theme) points at something that exists, every text is
//! non-empty and every URL is an absolute http(s) URL.

use serde::{Deserialize, Serialize};

use crate::ids::{ElementId, TemplateId};

/// A validated card template: one dialogue instrument.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CardTemplate {
    pub id: TemplateId,
    pub title: String,
    pub subtitle: Option<String>,
    /// How to use the card (shown before the session starts).
    pub description: Option<String>,
    /// The levels the instrument is meant for, where its source says so.
    pub levels: Vec<Level>,
    /// The source document and background reading.
    pub links: Vec<Link>,
    /// The room shows a statement (*stelling*); its text comes from the
    /// programme, per group.
    pub statement: bool,
    /// The question the whole card revolves around.
    pub central_question: Option<CentralQuestion>,
    /// A slot where the group writes down the question it poses together,
    /// pinned visibly for everyone.
    pub shared_question: Option<Slot>,
    /// A slot where the material under discussion is attached (a link or a
    /// file), e.g. the data of a quality conversation.
    pub attachments: Option<Slot>,
    pub roles: Vec<Role>,
    pub phases: Vec<Phase>,
    /// Where the conversation starts; set whenever there are phases.
    pub initial_phase: Option<ElementId>,
    pub transitions: Vec<Transition>,
    /// The card's areas, in display order.
    pub sections: Vec<Section>,
    /// How many themes a group picks, when a section shows the themes.
    pub theme_choice: Option<ThemeChoice>,
    pub themes: Vec<Theme>,
    pub decks: Vec<Deck>,
    pub cards: Vec<DeckCard>,
    /// Working forms (*werkvormen*) that structure the conversation.
    pub working_forms: Vec<WorkingForm>,
    pub tips: Vec<String>,
}

/// Micro (school), meso (partnership) or macro (region) level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Micro,
    Meso,
    Macro,
}

/// A titled link; `url` is absent for a reference that is not online (yet),
/// such as a tool announced as *komt binnenkort*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Link {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CentralQuestion {
    pub text: String,
    pub description: Option<String>,
}

/// A titled place on the card the group fills in (not with notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Slot {
    pub title: String,
    pub description: Option<String>,
    /// Title and description are this project's words, not the seed's:
    /// shown marked as such.
    pub example: bool,
}

/// A role someone takes in the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Role {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    pub kind: RoleKind,
}

/// What a conversation role does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RoleKind {
    /// The room's appointed leader (*gespreksleider*): whoever the
    /// organiser (or the grouping) made the room's leader holds it; it is
    /// shown, never assigned as a role, so a room never has two leaders.
    Leader,
    /// Guards the phases and the questions (*procesbegeleider*).
    Facilitator,
    /// Keeps the record (*verslaglegger*).
    NoteTaker,
    #[default]
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Phase {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
}

/// An allowed move from one phase to another; `label` names the decision
/// (e.g. "Terug naar de data").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Transition {
    pub from: ElementId,
    pub to: ElementId,
    pub label: Option<String>,
}

/// One area of the card.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Section {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    pub kind: SectionKind,
    /// The phase this section belongs to; `None` shows it in every phase.
    pub phase: Option<ElementId>,
    /// Helper questions that frame the section; they take no notes.
    pub prompts: Vec<String>,
    /// The group picks which of the questions it discusses.
    pub choose_questions: bool,
    pub example: bool,
    pub questions: Vec<Question>,
}

/// What a section holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Notes on the section itself and on each of its questions.
    #[default]
    Notes,
    /// The theme picker; notes go on each chosen theme.
    Themes,
    /// Draw or pick a deck card, which becomes the current question; notes
    /// go on the section.
    Deck,
    /// Structured agreements (*wat — wie — wanneer*), not notes.
    Agreements,
}

/// A question notes can be stuck to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Question {
    /// Stable id such as `1.3`.
    pub id: ElementId,
    pub text: String,
    pub description: Option<String>,
    /// For whom the question is (inherited from the section when unset).
    pub who: Option<Who>,
    /// How the question is answered (inherited from the section when unset).
    pub mode: Option<Mode>,
    /// Written by the project, not taken from the source: the UI shows it as
    /// *voorbeeld*.
    pub example: bool,
}

impl Question {
    /// Whether notes on this question start private to their author.
    pub fn notes_start_private(&self) -> bool {
        matches!(self.mode, Some(Mode::Silent | Mode::SilentFirst))
    }
}

/// For whom a question is: me, us, or both.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Who {
    Ik,
    Wij,
    IkEnWij,
}

/// How a question is answered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "AnswerMode")]
#[schema(as = AnswerMode)]
pub enum Mode {
    /// Everyone answers aloud; notes are shared at once.
    Aloud,
    /// Answered in silence; notes stay private unless their author reveals
    /// them.
    Silent,
    /// Everyone writes privately first; the discussion leader then reveals
    /// all notes and the group talks them through.
    SilentFirst,
}

/// How many themes a group chooses, and whether it may add its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct ThemeChoice {
    pub min: u32,
    /// `None`: as many as the group wants.
    pub max: Option<u32>,
    pub own_theme: Option<OwnTheme>,
}

/// The theme a group names itself; it takes notes like any theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct OwnTheme {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Theme {
    pub id: ElementId,
    /// The theme as the card lists it.
    pub title: String,
    /// The heading of the theme's own page, where it differs from the title.
    pub heading: Option<String>,
    pub description: Option<String>,
    /// *Richtvragen*.
    pub guiding_questions: Vec<String>,
    pub tools: Vec<Link>,
}

/// A deck of drawable cards, e.g. *prikkelvragen*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Deck {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
}

/// One drawable card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct DeckCard {
    pub id: ElementId,
    pub deck: ElementId,
    pub theme: Option<ElementId>,
    pub kind: Option<CardKind>,
    pub text: String,
    pub example: bool,
}

/// What a deck card asks about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CardKind {
    /// A shared vision (*visie*).
    Vision,
    /// Realisation: who plays which role, which interests (*realisatie*).
    Realisation,
    /// Evaluation of the process (*evaluatie*).
    Evaluation,
}

impl CardKind {
    /// The Dutch word the source uses, for labels and exports.
    pub fn dutch(self) -> &'static str {
        match self {
            Self::Vision => "visie",
            Self::Realisation => "realisatie",
            Self::Evaluation => "evaluatie",
        }
    }
}

/// A working form (*werkvorm*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct WorkingForm {
    pub id: ElementId,
    pub title: String,
    pub description: Option<String>,
    /// How notes on the card on the table are written while the group
    /// works in this form (e.g. first in silence); `None`: shared.
    pub mode: Option<Mode>,
    pub example: bool,
}

/// A place on a card where notes can be stuck: a section, a question or a
/// theme.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct NoteTarget {
    pub id: ElementId,
    pub title: String,
    pub kind: NoteTargetKind,
    /// The section the target is shown in (its own id for a section).
    pub section: ElementId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoteTargetKind {
    Section,
    Question,
    Theme,
    /// A deck card: notes answer the card that was on the table.
    Card,
}

impl CardTemplate {
    /// Every place notes can go, in the order the card shows them: each
    /// notes or deck section followed by its questions; for a themes
    /// section, every theme and then the own theme.
    pub fn note_targets(&self) -> Vec<NoteTarget> {
        let mut targets = Vec::new();
        for section in &self.sections {
            let target = |id: &ElementId, title: &str, kind| NoteTarget {
                id: id.clone(),
                title: title.to_owned(),
                kind,
                section: section.id.clone(),
            };
            match section.kind {
                SectionKind::Notes | SectionKind::Deck => {
                    targets.push(target(&section.id, &section.title, NoteTargetKind::Section));
                    if section.kind == SectionKind::Deck {
                        for card in &self.cards {
                            targets.push(target(
                                &card.id,
                                &self.card_label(card),
                                NoteTargetKind::Card,
                            ));
                        }
                    }
                    for question in &section.questions {
                        targets.push(target(
                            &question.id,
                            &question.text,
                            NoteTargetKind::Question,
                        ));
                    }
                }
                SectionKind::Themes => {
                    for theme in &self.themes {
                        targets.push(target(&theme.id, &theme.title, NoteTargetKind::Theme));
                    }
                    if let Some(own) = self
                        .theme_choice
                        .as_ref()
                        .and_then(|c| c.own_theme.as_ref())
                    {
                        targets.push(target(&own.id, &own.title, NoteTargetKind::Theme));
                    }
                }
                SectionKind::Agreements => {}
            }
        }
        targets
    }

    /// All questions of all sections, in display order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id.as_str() == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id.as_str() == id)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id.as_str() == id)
    }

    /// A deck card as the room and the export name it, in Dutch:
    /// "Spiegelvragen · Opleiden · visie: <text>".
    pub fn card_label(&self, card: &DeckCard) -> String {
        let meta = self.card_meta(card);
        if meta.is_empty() {
            card.text.clone()
        } else {
            format!("{meta}: {}", card.text)
        }
    }

    /// Deck, theme and kind of a card in Dutch: "Spiegelvragen · Opleiden · visie".
    pub fn card_meta(&self, card: &DeckCard) -> String {
        let deck = self
            .decks
            .iter()
            .find(|d| d.id == card.deck)
            .map(|d| d.title.as_str());
        let theme = card
            .theme
            .as_ref()
            .and_then(|t| self.theme(t.as_str()))
            .map(|t| t.title.as_str());
        let kind = card.kind.map(CardKind::dutch);
        let parts: Vec<&str> = [deck, theme, kind].into_iter().flatten().collect();
        parts.join(" · ")
    }

    /// The phases one may move to from `phase`, in file order.
    pub fn next_phases<'a>(&'a self, phase: &'a ElementId) -> impl Iterator<Item = &'a Transition> {
        self.transitions.iter().filter(move |t| &t.from == phase)
    }

    /// Whether anything on the card is an example written by the project
    /// rather than taken from the source.
    pub fn has_examples(&self) -> bool {
        self.sections.iter().any(|s| s.example)
            || self.shared_question.as_ref().is_some_and(|s| s.example)
            || self.attachments.as_ref().is_some_and(|s| s.example)
            || self.questions().any(|q| q.example)
            || self.cards.iter().any(|c| c.example)
            || self.working_forms.iter().any(|w| w.example)
    }
}
