//! Programmes: the plan of a day, read from `content/programmes/*.toml`.
//!
//! A [`Programme`] has rounds in time order; each [`Round`] has a start
//! and end time ([`ClockTime`], `HH:MM`), a grouping [`Mode`] — homogeneous
//! by role pool, heterogeneous, or manual — and its [`Group`]s, each with
//! the card it fills, its statement(s) and the label the summary files its
//! output under (target group or safeguard). The file format is described
//! in `docs/content-format.md`, section "Programmes".
//!
//! - [`raw`]: the file as written (unknown keys refused);
//! - `validate` and `groups`: every rule, all problems reported at once,
//!   each as `file: path: problem`;
//! - [`model`]: the validated types; [`Round::shape`] hands a round to
//!   [`crate::grouping`].
//!
//! [`Mode`]: crate::grouping::Mode

use std::collections::BTreeMap;

use crate::content_error::{ContentError, ErrorSink};
use crate::ids::TemplateId;
use crate::template::CardTemplate;

mod checks;
mod clock;
mod groups;
mod model;
mod raw;
#[cfg(test)]
mod tests;
mod validate;

pub use clock::{ClockTime, ClockTimeError};
pub use model::{Group, Programme, Round};

/// Parses and validates one programme file against the known templates;
/// every problem at once. `file` names the file in messages.
pub fn parse_programme(
    file: &str,
    text: &str,
    templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Result<Programme, Vec<ContentError>> {
    let raw: raw::RawProgramme = toml::from_str(text)
        .map_err(|e| vec![ContentError::new(file, "", toml_problem(&e, text))])?;
    let mut sink = ErrorSink::new(file);
    let programme = validate::check_programme(&mut sink, &raw, templates);
    sink.finish(programme)?.ok_or_else(|| {
        vec![ContentError::new(
            file,
            "",
            "the programme could not be read",
        )]
    })
}

/// A TOML syntax or shape error as one line: `line 3, column 1: ...`.
fn toml_problem(error: &toml::de::Error, text: &str) -> String {
    let message = error.message().trim();
    let before = error.span().and_then(|span| text.get(..span.start));
    match before {
        Some(before) => {
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_owned(),
    }
}
