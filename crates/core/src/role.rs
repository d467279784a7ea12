//! Who someone is at a partnership day ([`ParticipantRole`], picked when
//! joining). What they may do follows from their token (organiser secret
//! or participant token), checked in the server.

use serde::{Deserialize, Serialize};

/// The professional role a participant picks when joining. Grouping pools
/// and the summary's "author role" are built from these. User-facing
/// labels live in the web client's locale files, keyed by the serde name.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantRole {
    /// Bestuurder (member of a school board).
    BoardMember,
    /// Teamleider.
    TeamLeader,
    /// Schoolleider.
    SchoolLeader,
    /// HR-adviseur / HR-medewerker.
    HrOfficer,
    /// Schoolopleider (SO): school-based teacher educator.
    SchoolBasedTeacherEducator,
    /// Instituutsopleider (IO): institute-based teacher educator.
    InstituteBasedTeacherEducator,
    /// Werkplekbegeleider / mentor.
    Mentor,
    /// Student / leraar in opleiding.
    StudentTeacher,
    /// Anyone else (e.g. a policy officer).
    Other,
}

impl ParticipantRole {
    /// Every role, in the order a join form lists them.
    pub const ALL: [ParticipantRole; 9] = [
        Self::BoardMember,
        Self::TeamLeader,
        Self::SchoolLeader,
        Self::HrOfficer,
        Self::SchoolBasedTeacherEducator,
        Self::InstituteBasedTeacherEducator,
        Self::Mentor,
        Self::StudentTeacher,
        Self::Other,
    ];

    /// The stable key used in files, URLs and locale files.
    pub fn key(self) -> &'static str {
        match self {
            Self::BoardMember => "board-member",
            Self::TeamLeader => "team-leader",
            Self::SchoolLeader => "school-leader",
            Self::HrOfficer => "hr-officer",
            Self::SchoolBasedTeacherEducator => "school-based-teacher-educator",
            Self::InstituteBasedTeacherEducator => "institute-based-teacher-educator",
            Self::Mentor => "mentor",
            Self::StudentTeacher => "student-teacher",
            Self::Other => "other",
        }
    }

    /// Parses a stable key; `None` for anything else.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.key() == key)
    }

    /// Dutch label, for exports made without the web client; the same
    /// words as the client's `nl.json` (a test ties them).
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::BoardMember => "Bestuurder",
            Self::TeamLeader => "Teamleider",
            Self::SchoolLeader => "Schoolleider",
            Self::HrOfficer => "HR-adviseur",
            Self::SchoolBasedTeacherEducator => "Schoolopleider",
            Self::InstituteBasedTeacherEducator => "Instituutsopleider",
            Self::Mentor => "Werkplekbegeleider / mentor",
            Self::StudentTeacher => "Student / leraar in opleiding",
            Self::Other => "Anders",
        }
    }

    /// Short words people write for a role on paper ("HR", "student").
    pub fn short_dutch_label(self) -> &'static str {
        match self {
            Self::HrOfficer => "hr",
            Self::Mentor => "mentor",
            Self::StudentTeacher => "student",
            other => other.key(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_keys_round_trip_and_match_serde() {
        for role in ParticipantRole::ALL {
            assert_eq!(ParticipantRole::from_key(role.key()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.key()));
        }
        assert_eq!(ParticipantRole::from_key("admin"), None);
    }
}
