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
#[derive(Debug, Clone, Default, Reconcile, Hydrate, PartialEq)]
pub struct RoomDoc {
    pub schema: u64,
    pub session_id: String,
    pub round_id: String,
    pub room_id: String,
    pub template_id: String,
    pub group_label: String,
    pub statement: String,
    pub closed: bool,
    pub phase: Option<String>,
    pub chosen_themes: Vec<String>,
    pub own_theme: Text,
    pub drawn_card: Option<String>,
    pub pinned_question: Text,
    pub attachments: BTreeMap<String, Attachment>,
    pub notes: BTreeMap<String, Note>,
    pub topics: BTreeMap<String, Topic>,
    pub agreements: BTreeMap<String, Agreement>,
    pub revealed_targets: BTreeMap<String, bool>,
}

/// A link to the data under discussion (e.g. in the Kwaliteitsgesprek).
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// One sticky note.
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq)]
pub struct Note {
    pub id: String,
    /// The section or question it sticks to.
    pub target: String,
    pub text: Text,
    pub author_id: String,
    /// Empty in anonymous sessions.
    pub author_name: String,
    pub author_role: String,
    pub colour: String,
    pub created_at: i64,
    pub order: f64,
    pub votes: BTreeMap<String, bool>,
    pub topic_id: Option<String>,
    pub deleted: bool,
}

impl Note {
    /// How many different people gave this note a +1.
    pub fn vote_count(&self) -> usize {
        self.votes.values().filter(|voted| **voted).count()
    }
}

/// The colours a note can have; the web client offers exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq)]
pub struct Topic {
    pub id: String,
    pub name: Text,
    pub target: String,
    pub created_at: i64,
}

/// An agreement: what, who, when.
#[derive(Debug, Clone, Reconcile, Hydrate, PartialEq)]
pub struct Agreement {
    pub id: String,
    pub what: Text,
    pub who: Text,
    pub when: Text,
    pub created_at: i64,
    pub deleted: bool,
}
