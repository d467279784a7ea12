//! Typed mirror of the room document schema (`docs/room-document.md`).
//! Field names are the document's keys; `autosurgeon` maps them.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};

/// The schema version written into every new room document.
pub const SCHEMA_VERSION: u64 = 1;

/// Everything the server knows about a room when it creates its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMeta {
    pub session_id: String,
    pub round_id: String,
    pub room_id: String,
    pub template_id: String,
    pub group_label: String,
    pub statement: String,
    /// The template's first phase, if it has phases.
    pub initial_phase: Option<String>,
}

/// A whole room document.
#[derive(Debug, Clone, Default, Reconcile, Hydrate, PartialEq, ts_rs::TS)]
pub struct RoomDoc {
    #[autosurgeon(hydrate = "crate::room::lenient::count")]
    #[ts(type = "number")]
    pub schema: u64,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub session_id: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub round_id: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub room_id: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub template_id: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub group_label: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub statement: String,
    pub closed: bool,
    #[autosurgeon(hydrate = "crate::room::lenient::optional_string")]
    pub phase: Option<String>,
    /// A set keyed by theme id: two people ticking one theme at once
    /// tick it once, and one click unticks it.
    #[autosurgeon(
        hydrate = "crate::room::lenient::flag_set",
        missing = "Default::default"
    )]
    pub chosen_themes: BTreeMap<String, bool>,
    #[ts(type = "string")]
    pub own_theme: Text,
    #[autosurgeon(hydrate = "crate::room::lenient::optional_string")]
    pub drawn_card: Option<String>,
    #[ts(type = "string")]
    pub pinned_question: Text,
    #[autosurgeon(hydrate = "crate::room::lenient::entries")]
    pub attachments: BTreeMap<String, Attachment>,
    #[autosurgeon(hydrate = "crate::room::lenient::entries")]
    pub notes: BTreeMap<String, Note>,
    #[autosurgeon(hydrate = "crate::room::lenient::entries")]
    pub topics: BTreeMap<String, Topic>,
    #[autosurgeon(hydrate = "crate::room::lenient::entries")]
    pub agreements: BTreeMap<String, Agreement>,
    #[autosurgeon(hydrate = "crate::room::lenient::flag_set")]
    pub revealed_targets: BTreeMap<String, bool>,
    /// Questions the group picked to discuss (cards with many questions).
    #[autosurgeon(
        hydrate = "crate::room::lenient::flag_set",
        missing = "Default::default"
    )]
    pub picked_questions: BTreeMap<String, bool>,
    /// Who holds each conversation role: role id to participant id.
    #[autosurgeon(
        hydrate = "crate::room::lenient::string_map",
        missing = "Default::default"
    )]
    pub roles: BTreeMap<String, String>,
    /// Deck cards discussed, in the order they were drawn or picked.
    #[autosurgeon(
        hydrate = "crate::room::lenient::strings",
        missing = "Default::default"
    )]
    pub card_history: Vec<String>,
    /// Deck cards someone in the group proposed to discuss.
    #[autosurgeon(missing = "Default::default")]
    pub proposed_cards: BTreeMap<String, bool>,
    /// The working form (*werkvorm*) the group chose.
    #[autosurgeon(
        hydrate = "crate::room::lenient::optional_string",
        missing = "Default::default"
    )]
    pub working_form: Option<String>,
    /// The note-taker's (*verslaglegger*) record of the conversation.
    #[autosurgeon(missing = "Default::default")]
    #[ts(type = "string")]
    pub record: Text,
}

impl RoomDoc {
    /// The chosen themes, in id order.
    pub fn chosen_theme_ids(&self) -> impl Iterator<Item = &str> {
        self.chosen_themes
            .iter()
            .filter(|(_, chosen)| **chosen)
            .map(|(id, _)| id.as_str())
    }
}

/// A link to the data under discussion (e.g. in the Kwaliteitsgesprek).
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq, Eq, ts_rs::TS)]
pub struct Attachment {
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub id: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub title: String,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub url: String,
    /// An uploaded file (served by the server) rather than an outside link.
    #[autosurgeon(missing = "Default::default")]
    pub file: bool,
    #[autosurgeon(missing = "Default::default")]
    pub deleted: bool,
}

/// One sticky note.
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq, ts_rs::TS)]
pub struct Note {
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub id: String,
    /// The section or question it sticks to.
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub target: String,
    #[ts(type = "string")]
    pub text: Text,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub author_id: String,
    /// Empty in anonymous sessions.
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub author_name: String,
    /// A [`crate::role::ParticipantRole`] key.
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    #[ts(as = "crate::role::ParticipantRole")]
    pub author_role: String,
    /// A [`NoteColour`] key.
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    #[ts(as = "NoteColour")]
    pub colour: String,
    #[autosurgeon(hydrate = "crate::room::lenient::integer")]
    #[ts(type = "number")]
    pub created_at: i64,
    #[autosurgeon(hydrate = "crate::room::lenient::number")]
    pub order: f64,
    #[autosurgeon(hydrate = "crate::room::lenient::flag_set")]
    pub votes: BTreeMap<String, bool>,
    #[autosurgeon(hydrate = "crate::room::lenient::optional_string")]
    pub topic_id: Option<String>,
    #[autosurgeon(hydrate = "crate::room::lenient::flag")]
    pub deleted: bool,
    /// Written by the server only: the note reached it after its room had
    /// closed (typed offline just before the round ended). Kept, and shown
    /// as late to its author and in the summary.
    #[autosurgeon(missing = "Default::default")]
    #[ts(as = "Option<bool>", optional)]
    pub late: bool,
}

impl Note {
    /// How many different people gave this note a +1.
    pub fn vote_count(&self) -> usize {
        self.votes.values().filter(|voted| **voted).count()
    }
}

/// The colours a note can have; the web client offers exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum NoteColour {
    Yellow,
    Pink,
    Blue,
    Green,
    Orange,
    Purple,
}

impl NoteColour {
    pub fn key(self) -> &'static str {
        match self {
            Self::Yellow => "yellow",
            Self::Pink => "pink",
            Self::Blue => "blue",
            Self::Green => "green",
            Self::Orange => "orange",
            Self::Purple => "purple",
        }
    }
}

/// A named topic group inside a room.
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq, ts_rs::TS)]
pub struct Topic {
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub id: String,
    #[ts(type = "string")]
    pub name: Text,
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub target: String,
    #[autosurgeon(hydrate = "crate::room::lenient::integer")]
    #[ts(type = "number")]
    pub created_at: i64,
}

/// An agreement: what, who, when.
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq, ts_rs::TS)]
pub struct Agreement {
    #[autosurgeon(hydrate = "crate::room::lenient::string")]
    pub id: String,
    #[ts(type = "string")]
    pub what: Text,
    #[ts(type = "string")]
    pub who: Text,
    #[ts(type = "string")]
    pub when: Text,
    #[autosurgeon(hydrate = "crate::room::lenient::integer")]
    #[ts(type = "number")]
    pub created_at: i64,
    pub deleted: bool,
}

impl NoteColour {
    /// Every colour, in the order the web client offers them.
    pub const ALL: [NoteColour; 6] = [
        Self::Yellow,
        Self::Pink,
        Self::Blue,
        Self::Green,
        Self::Orange,
        Self::Purple,
    ];
}

/// A participant's private document: their silent notes, each published
/// into its room when it is revealed (`docs/room-document.md`). Only its
/// shape is needed here, for the browser's generated types.
#[derive(Debug, Clone, PartialEq, ts_rs::TS)]
pub struct PrivateDoc {
    #[ts(type = "number")]
    pub schema: u64,
    pub participant_id: String,
    pub notes: BTreeMap<String, PrivateNote>,
}

/// A silent note: a room note, plus where it belongs and whether it has
/// been copied into the room.
#[derive(Debug, Clone, PartialEq, ts_rs::TS)]
pub struct PrivateNote {
    #[ts(flatten)]
    pub note: Note,
    pub room_id: String,
    pub published: bool,
}
