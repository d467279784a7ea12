//! Newtype identifiers, so a session id can never be passed where a room id
//! is expected. Every id is a short string with a restricted alphabet,
//! parsed once at the edge.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} is empty")]
    Empty { kind: &'static str },
    #[error("{kind} '{value}' is longer than {max} characters")]
    TooLong {
        kind: &'static str,
        value: String,
        max: usize,
    },
    #[error("{kind} '{value}' may only contain a-z, A-Z, 0-9, '-', '_' and '.'")]
    InvalidCharacter { kind: &'static str, value: String },
}

const MAX_ID_LEN: usize = 64;

fn check_id(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            kind,
            value: value.to_owned(),
            max: MAX_ID_LEN,
        });
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if !value.chars().all(allowed) {
        return Err(IdError::InvalidCharacter {
            kind,
            value: value.to_owned(),
        });
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            ts_rs::TS, utoipa::ToSchema,
        )]
        #[serde(try_from = "String", into = "String")]
        #[ts(type = "string")]
        #[schema(value_type = String)]
        pub struct $name(String);

        impl $name {
            /// Parses and validates an id.
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                check_id($kind, &value)?;
                Ok(Self(value))
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

string_id!(
    /// A card template, e.g. `dialoogkaart-schoolleider`.
    TemplateId, "template id"
);
string_id!(
    /// A programme in `content/programmes`, e.g. `partnerschapsdag`.
    ProgrammeId, "programme id"
);
string_id!(
    /// A session created by an organiser.
    SessionId, "session id"
);
string_id!(
    /// A round inside a programme or session, e.g. `ronde-1`.
    RoundId, "round id"
);
string_id!(
    /// A room (one group's card) inside a round.
    RoomId, "room id"
);
string_id!(
    /// A participant who joined a session.
    ParticipantId, "participant id"
);
string_id!(
    /// A sticky note inside a room document.
    NoteId, "note id"
);
string_id!(
    /// A section, question, phase, theme or other element inside a template.
    ElementId, "element id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_what_could_break_urls_or_paths() {
        assert!(RoomId::new("ronde-1.groep_3").is_ok());
        assert_eq!(RoomId::new(""), Err(IdError::Empty { kind: "room id" }));
        assert!(matches!(
            SessionId::new("../etc/passwd"),
            Err(IdError::InvalidCharacter { .. })
        ));
        assert!(matches!(
            NoteId::new("x".repeat(65)),
            Err(IdError::TooLong { .. })
        ));
    }

    #[test]
    fn ids_round_trip_through_json_and_refuse_bad_values() {
        let id: TemplateId = serde_json::from_str("\"gesprekskaart\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"gesprekskaart\"");
        assert!(serde_json::from_str::<TemplateId>("\"a b\"").is_err());
    }
}
string_id!(
    /// A file attached to a room (the data under discussion).
    AttachmentId, "attachment id"
);
