//! What a participant's sync message may change in a room document,
//! decided before Automerge applies it (the server's document actor
//! calls [`inspect`]; the fuzz targets call it too):
//!
//! - [`reveal`]: only the room's leader (or the organiser) opens silent
//!   questions (`revealed_targets`);
//! - [`authorship`]: a note carries its writer's own identity, and a vote
//!   is the voter's own — no "Directeur Jansen", no 500 stuffed votes;
//! - [`roles`]: conversation roles are assigned only through the server,
//!   and only the note-taker writes the record;
//! - [`fields`]: what the server sets (ids, statement, `closed`) no
//!   participant writes, the leader's tools (phase, deck card, pinned
//!   question) only the leader, no one replaces or removes notes, and
//!   only a note's writer or the leader deletes (or restores) it;
//! - [`size`]: no text or string grows beyond [`size::MAX_TEXT_CHARS`].
//!
//! Only changes the document does not have yet are read: a peer resending
//! someone else's change (after a reset, say) adds nothing and is fine.

pub mod authorship;
pub mod fields;
pub mod reveal;
pub mod roles;
pub mod size;
mod touches;

use automerge::sync;
use automerge::{AutoCommit, Change, ExpandedChange};

use crate::payload;

pub use authorship::{Author, Forgery};
pub use roles::RecordRight;

/// Whether the writer leads this room: opens silent questions and uses
/// the leader's tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevealRight {
    May,
    MayNot,
}

/// Who sends the message, as the server knows them from their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer<'a> {
    /// The session's organiser: writes with the server's trust.
    Organiser,
    Participant {
        author: Author<'a>,
        reveal: RevealRight,
        record: RecordRight,
    },
}

/// Why a message is refused; nothing of it is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only the room's discussion leader can open silent questions")]
    NotLeader,
    #[error("conversation roles are assigned by the organiser or the room's leader, not over sync")]
    RolesByServer,
    #[error("only the room's note-taker writes the record")]
    NotNoteTaker,
    #[error("the room's {0} is set by the server")]
    ServerField(&'static str),
    #[error("only the room's discussion leader changes {0}")]
    LeaderField(&'static str),
    #[error("the room's {0} are never replaced or removed")]
    Replaced(&'static str),
    #[error("only a note's writer or the room's discussion leader deletes or restores it")]
    NotYourNote,
    #[error("a text may hold at most {} characters", size::MAX_TEXT_CHARS)]
    TooLong,
    #[error(transparent)]
    Forged(#[from] Forgery),
}

/// Checks `message` against what `writer` may change in the room `doc`.
pub fn inspect(
    doc: &mut AutoCommit,
    message: &sync::Message,
    writer: &Writer<'_>,
) -> Result<(), Refusal> {
    let new = match writer {
        Writer::Participant { .. } if !message.changes.is_empty() => new_changes(doc, message),
        _ => None,
    };
    inspect_new(doc, message, new.as_deref(), writer)
}

/// [`inspect`], given the message's changes as [`new_changes`] read them
/// (the server reads them once, and keeps their bytes).
pub fn inspect_new(
    doc: &mut AutoCommit,
    message: &sync::Message,
    new: Option<&[Change]>,
    writer: &Writer<'_>,
) -> Result<(), Refusal> {
    let Writer::Participant {
        author,
        reveal,
        record,
    } = writer
    else {
        return Ok(());
    };
    if message.changes.is_empty() {
        return Ok(());
    }
    // Decoded once, and where the objects they write sit looked up once:
    // every check below reads them.
    let changes: Option<Vec<ExpandedChange>> =
        new.map(|changes| changes.iter().map(Change::decode).collect());
    let touches = changes
        .as_deref()
        .map(|changes| touches::Touches::new(doc, changes));
    if *reveal == RevealRight::MayNot && reveal::touches_revealed(doc, message, touches.as_ref()) {
        return Err(Refusal::NotLeader);
    }
    let Some(touches) = touches else {
        return Err(Refusal::Forged(Forgery::Unreadable));
    };
    size::check(doc, touches.changes())?;
    if let Some(refusal) = roles::forbidden(&touches, *record) {
        return Err(refusal);
    }
    if let Some(refusal) = fields::forbidden(doc, &touches, *reveal, author.participant_id) {
        return Err(refusal);
    }
    authorship::check(&touches, author)?;
    Ok(())
}

/// The changes `client` made since `heads`, decoded as [`inspect`] reads
/// them.
#[cfg(test)]
pub(crate) fn decoded_since(
    client: &mut AutoCommit,
    heads: &[automerge::ChangeHash],
) -> Vec<ExpandedChange> {
    client
        .get_changes(heads)
        .iter()
        .map(Change::decode)
        .collect()
}

/// The changes in `message` that `doc` lacks, decoded; `None` if a chunk
/// cannot be read (Automerge would refuse it too, or read it otherwise:
/// either way it is not trusted).
pub fn new_changes(doc: &mut AutoCommit, message: &sync::Message) -> Option<Vec<Change>> {
    let joined: Vec<u8> = message.changes.iter().flatten().copied().collect();
    let chunks = payload::split_chunks(&joined).ok()?;
    let mut out = Vec::new();
    for chunk in chunks {
        match chunk.kind {
            1 | 2 => out.push(Change::try_from(chunk.bytes).ok()?),
            0 => {
                // A whole document: its changes, each read as above.
                let mut whole = AutoCommit::load(chunk.bytes).ok()?;
                out.extend(whole.get_changes(&[]));
            }
            _ => return None,
        }
    }
    out.retain(|change| doc.get_change_by_hash(&change.hash()).is_none());
    Some(out)
}
