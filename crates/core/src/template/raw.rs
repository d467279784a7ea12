//! The template file as written: serde structs that mirror the TOML one to
//! one, before any meaning is checked. Every table denies unknown fields.
//!
//! Lists and top-level tables are wrapped in [`Lenient`], so a broken item
//! is remembered with its error and the other items are still read: one
//! typo never hides the problems elsewhere in the file.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::model::{CardKind, Level, Mode, RoleKind, SectionKind, Who};

/// A value read as far as possible, with the problems met on the way.
/// Every unknown field is reported (each is dropped and the item read
/// again, so the rest of it is still checked); of the other problems
/// within one item, the first is reported and the item is left out.
#[derive(Debug)]
pub(crate) struct Lenient<T> {
    pub value: Option<T>,
    pub errors: Vec<LenientError>,
}

/// One problem in a leniently read value; `field` names the unknown field
/// it is about, if any.
#[derive(Debug)]
pub(crate) struct LenientError {
    pub field: Option<String>,
    pub message: String,
}

/// How many unknown fields one item may report before we give up on it.
const MAX_UNKNOWN_FIELDS: usize = 32;

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(deserializer)?;
        Ok(Self::from_value(value))
    }
}

impl<T: DeserializeOwned> Lenient<T> {
    pub(crate) fn from_value(mut value: toml::Value) -> Self {
        let mut errors = Vec::new();
        loop {
            match T::deserialize(value.clone()) {
                Ok(item) => {
                    return Self {
                        value: Some(item),
                        errors,
                    };
                }
                Err(error) => {
                    let message = error.message().trim().to_owned();
                    let unknown = unknown_field_name(&message).map(str::to_owned);
                    errors.push(LenientError {
                        field: unknown.clone(),
                        message,
                    });
                    let removed = match (&unknown, value.as_table_mut()) {
                        (Some(field), Some(table)) => table.remove(field).is_some(),
                        _ => false,
                    };
                    if !removed || errors.len() > MAX_UNKNOWN_FIELDS {
                        return Self {
                            value: None,
                            errors,
                        };
                    }
                }
            }
        }
    }
}

/// The field named by serde's `unknown field `x`, expected ...` message.
fn unknown_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(name, _)| name)
}

pub(crate) type List<T> = Option<Lenient<Vec<Lenient<T>>>>;

/// Tag values (`who`, `mode`, `kind`) are lenient too, so that an unknown
/// value is reported at its own path and the rest of the item is checked.
///
/// The whole file. Unknown top-level keys land in `unknown` so that each is
/// reported on its own.
#[derive(Debug, Deserialize)]
pub(crate) struct RawTemplate {
    pub id: Option<Lenient<String>>,
    pub title: Option<Lenient<String>>,
    pub subtitle: Option<Lenient<String>>,
    pub description: Option<Lenient<String>>,
    pub levels: List<Level>,
    pub links: List<RawLink>,
    pub statement: Option<Lenient<bool>>,
    pub central_question: Option<Lenient<RawCentralQuestion>>,
    pub shared_question: Option<Lenient<RawSlot>>,
    pub attachments: Option<Lenient<RawSlot>>,
    pub roles: List<RawRole>,
    pub phases: List<RawPhase>,
    pub initial_phase: Option<Lenient<String>>,
    pub transitions: List<RawTransition>,
    pub sections: List<RawSection>,
    pub theme_choice: Option<Lenient<RawThemeChoice>>,
    pub themes: List<RawTheme>,
    pub decks: List<RawDeck>,
    pub cards: List<RawDeckCard>,
    pub working_forms: List<RawWorkingForm>,
    pub tips: List<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLink {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCentralQuestion {
    pub text: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSlot {
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRole {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub kind: Option<Lenient<RoleKind>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhase {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransition {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub kind: Option<Lenient<SectionKind>>,
    pub phase: Option<String>,
    #[serde(default)]
    pub prompts: Vec<String>,
    #[serde(default)]
    pub choose_questions: bool,
    #[serde(default)]
    pub example: bool,
    /// Defaults for the section's questions.
    pub who: Option<Lenient<Who>>,
    pub mode: Option<Lenient<Mode>>,
    #[serde(default)]
    pub questions: Vec<Lenient<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub id: String,
    pub text: String,
    pub description: Option<String>,
    pub who: Option<Lenient<Who>>,
    pub mode: Option<Lenient<Mode>>,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThemeChoice {
    #[serde(default = "one")]
    pub min: u32,
    pub max: Option<u32>,
    pub own_theme: Option<RawOwnTheme>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOwnTheme {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTheme {
    pub id: String,
    pub title: String,
    pub heading: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub guiding_questions: Vec<String>,
    #[serde(default)]
    pub tools: Vec<Lenient<RawLink>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeck {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeckCard {
    pub id: String,
    pub deck: String,
    pub theme: Option<String>,
    pub kind: Option<Lenient<CardKind>>,
    pub text: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWorkingForm {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// How notes on the card on the table are written in this form.
    pub mode: Option<Lenient<Mode>>,
    #[serde(default)]
    pub example: bool,
}
