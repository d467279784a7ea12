//! Card templates: one dialogue instrument as data. (Being written: the
//! types below are the agreed interface; more fields will follow.)

use crate::content_error::ContentError;
use crate::ids::{ElementId, TemplateId};

/// A validated card template.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CardTemplate {
    pub id: TemplateId,
    pub title: String,
}

/// A place on a card where notes can be stuck: a section or a question.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NoteTarget {
    pub id: ElementId,
    pub title: String,
}

impl CardTemplate {
    /// Every place notes can go, in the order the card shows them.
    pub fn note_targets(&self) -> Vec<NoteTarget> {
        Vec::new()
    }
}

/// Parses and validates one template file; every problem at once.
pub fn parse_template(file: &str, _text: &str) -> Result<CardTemplate, Vec<ContentError>> {
    Err(vec![ContentError::new(file, "", "template parsing is not written yet")])
}
