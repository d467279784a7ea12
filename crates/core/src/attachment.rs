//! Files a group attaches to its room (the data of a Kwaliteitsgesprek):
//! how large they may be and how many, per participant and per session.
//! The server stores them; this module decides whether one more fits, so
//! the rule is written once and tested without storage.

use serde::Serialize;

/// The bounds on attached files. Every peer is hostile: one participant
/// cannot fill the server, and a session as a whole cannot either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentLimits {
    /// Largest single file, in bytes.
    pub max_file_bytes: u64,
    pub max_files_per_participant: u64,
    pub max_bytes_per_participant: u64,
    pub max_files_per_session: u64,
    pub max_bytes_per_session: u64,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Self {
            max_file_bytes: 5 * MIB,
            max_files_per_participant: 10,
            max_bytes_per_participant: 20 * MIB,
            max_files_per_session: 200,
            max_bytes_per_session: 200 * MIB,
        }
    }
}

/// What is stored already: by the uploading participant, and in the session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentUsage {
    pub participant_files: u64,
    pub participant_bytes: u64,
    pub session_files: u64,
    pub session_bytes: u64,
}

/// Why a file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentRefusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("you have attached as many files as one person may")]
    ParticipantFull,
    #[error("this session holds as many files as it may")]
    SessionFull,
}

impl AttachmentRefusal {
    /// The stable error code clients see.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "attachment-empty",
            Self::TooLarge { .. } => "attachment-too-large",
            Self::ParticipantFull => "attachment-participant-full",
            Self::SessionFull => "attachment-session-full",
        }
    }
}

impl AttachmentLimits {
    /// Whether a file of `size` bytes may be added on top of `usage`.
    pub fn check(&self, usage: &AttachmentUsage, size: u64) -> Result<(), AttachmentRefusal> {
        if size == 0 {
            return Err(AttachmentRefusal::Empty);
        }
        if size > self.max_file_bytes {
            return Err(AttachmentRefusal::TooLarge {
                max: self.max_file_bytes,
            });
        }
        if usage.participant_files >= self.max_files_per_participant
            || usage.participant_bytes.saturating_add(size) > self.max_bytes_per_participant
        {
            return Err(AttachmentRefusal::ParticipantFull);
        }
        if usage.session_files >= self.max_files_per_session
            || usage.session_bytes.saturating_add(size) > self.max_bytes_per_session
        {
            return Err(AttachmentRefusal::SessionFull);
        }
        Ok(())
    }
}

/// A file name as stored and shown: the last path segment, without
/// control characters, at most 120 characters; never empty.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "bestand".to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_fits_until_a_person_or_the_session_is_full() {
        let limits = AttachmentLimits {
            max_file_bytes: 10,
            max_files_per_participant: 2,
            max_bytes_per_participant: 15,
            max_files_per_session: 3,
            max_bytes_per_session: 100,
        };
        let mut usage = AttachmentUsage::default();
        assert_eq!(limits.check(&usage, 0), Err(AttachmentRefusal::Empty));
        assert_eq!(
            limits.check(&usage, 11),
            Err(AttachmentRefusal::TooLarge { max: 10 })
        );
        assert_eq!(limits.check(&usage, 10), Ok(()));
        usage.participant_files = 1;
        usage.participant_bytes = 10;
        assert_eq!(
            limits.check(&usage, 6),
            Err(AttachmentRefusal::ParticipantFull),
            "bytes per person"
        );
        usage.participant_files = 2;
        usage.participant_bytes = 2;
        assert_eq!(
            limits.check(&usage, 1),
            Err(AttachmentRefusal::ParticipantFull),
            "files per person"
        );
        let others = AttachmentUsage {
            session_files: 3,
            ..AttachmentUsage::default()
        };
        assert_eq!(
            limits.check(&others, 1),
            Err(AttachmentRefusal::SessionFull)
        );
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("C:\\data\\cijfers.xlsx"), "cijfers.xlsx");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\nc.csv"), "abc.csv");
        assert_eq!(clean_file_name(".."), "bestand");
    }
}
