//! Programmes: the plan of a day. (Being written: the types below are the
//! agreed interface; more fields will follow.)

use std::collections::BTreeMap;

use crate::content_error::ContentError;
use crate::ids::{ProgrammeId, TemplateId};
use crate::template::CardTemplate;

/// A validated programme.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Programme {
    pub id: ProgrammeId,
    pub title: String,
}

/// Parses and validates one programme file against the known templates;
/// every problem at once.
pub fn parse_programme(
    file: &str,
    _text: &str,
    _templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Result<Programme, Vec<ContentError>> {
    Err(vec![ContentError::new(file, "", "programme parsing is not written yet")])
}
