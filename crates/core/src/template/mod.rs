//! Card templates: one dialogue instrument as data.
//!
//! A template is a TOML file in `content/templates/` (its format is
//! documented for authors in `docs/content-format.md`). Reading one goes
//! through four small steps, one file each:
//!
//! - [`parse`]: TOML syntax, then the file's shape into [`raw`] structs that
//!   deny unknown fields, item by item;
//! - [`validate`]: texts, ids (one namespace per template) and URLs, while
//!   building the [`model`];
//! - [`refs`]: what refers to what — phases, transitions, decks, themes;
//! - [`model`]: the validated [`CardTemplate`] and its [`NoteTarget`]s.
//!
//! Every step reports into one list, so [`parse_template`] returns every
//! problem of a file at once, each naming file, path and problem.

mod check;
pub mod model;
mod parse;
mod raw;
mod refs;
mod validate;

#[cfg(test)]
mod tests;

pub use model::{
    CardKind, CardTemplate, CentralQuestion, Deck, DeckCard, Level, Link, Mode, NoteTarget,
    NoteTargetKind, OwnTheme, Phase, Question, Role, RoleKind, Section, SectionKind, Slot, Theme,
    ThemeChoice, Transition, Who, WorkingForm,
};

use crate::content_error::ContentError;

/// Parses and validates one template file; every problem at once.
///
/// `file` is only used to name the file in errors; core does no I/O.
pub fn parse_template(file: &str, text: &str) -> Result<CardTemplate, Vec<ContentError>> {
    let raw = parse::parse_raw(file, text).map_err(|error| vec![error])?;
    validate::validate(file, raw)
}
