//! From a room document to summary records: every live note becomes a
//! [`NoteRecord`] filed under its round, group label, statement and the
//! card's section (titles from the template), with its topic's name from
//! the room's own topic groups; every live agreement an
//! [`AgreementRecord`]. Deleted notes and agreements, and empty ones, are
//! left out. In anonymous sessions no author name is carried over.

use super::input::{AgreementRecord, NoteRecord};
use crate::ids::{ElementId, NoteId, RoomId, RoundId};
use crate::role::ParticipantRole;
use crate::room::RoomDoc;
use crate::template::NoteTarget;

/// What the session knows about a room that the document may not say.
#[derive(Debug, Clone)]
pub struct RoomContext<'a> {
    pub round_id: RoundId,
    pub round_name: String,
    pub room_id: RoomId,
    /// Target group or safeguard the summary files the room under.
    pub group_label: String,
    /// The statement(s) put to the group; the document's own is used
    /// when this is `None`.
    pub statement: Option<String>,
    /// The card's note targets, for section titles.
    pub targets: &'a [NoteTarget],
    pub anonymous: bool,
}

/// Everything a room contributes to the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoomRecords {
    pub notes: Vec<NoteRecord>,
    pub agreements: Vec<AgreementRecord>,
}

/// The room's live notes and agreements as summary records.
pub fn room_records(room: &RoomDoc, context: &RoomContext<'_>) -> RoomRecords {
    let statement = context
        .statement
        .clone()
        .or_else(|| Some(room.statement.clone()))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let notes = room
        .notes
        .iter()
        .filter(|(_, note)| !note.deleted)
        .filter_map(|(key, note)| {
            let text = note.text.as_str().trim();
            if text.is_empty() {
                return None;
            }
            let (section_id, section_title) = section(context.targets, &note.target)?;
            Some(NoteRecord {
                note_id: id_or_slug(&note.id, key, NoteId::new)?,
                round_id: context.round_id.clone(),
                round_name: context.round_name.clone(),
                room_id: context.room_id.clone(),
                group_label: context.group_label.clone(),
                statement: statement.clone(),
                section_id,
                section_title,
                text: text.to_owned(),
                topic: note
                    .topic_id
                    .as_ref()
                    .and_then(|t| room.topics.get(t))
                    .map(|t| t.name.as_str().trim().to_owned())
                    .filter(|name| !name.is_empty()),
                author_role: ParticipantRole::from_key(&note.author_role),
                author_name: (!context.anonymous)
                    .then(|| note.author_name.trim().to_owned())
                    .filter(|name| !name.is_empty()),
                votes: u32::try_from(note.vote_count()).unwrap_or(u32::MAX),
                late: note.late,
            })
        })
        .collect();
    let agreements = room
        .agreements
        .values()
        .filter(|a| !a.deleted && !a.what.as_str().trim().is_empty())
        .map(|a| AgreementRecord {
            round_id: context.round_id.clone(),
            room_id: context.room_id.clone(),
            group_label: context.group_label.clone(),
            what: a.what.as_str().trim().to_owned(),
            who: non_empty(a.who.as_str()),
            when: non_empty(a.when.as_str()),
        })
        .collect();
    RoomRecords { notes, agreements }
}

/// The target's id and title on the card; an unknown target keeps its
/// own id as title.
fn section(targets: &[NoteTarget], target: &str) -> Option<(ElementId, String)> {
    match targets.iter().find(|t| t.id.as_str() == target) {
        Some(t) => Some((t.id.clone(), t.title.clone())),
        None => Some((
            id_or_slug(target, "onbekend", ElementId::new)?,
            target.trim().to_owned(),
        )),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `value` as an id, else its slug, else `fallback` (both checked).
pub(crate) fn id_or_slug<T, E>(
    value: &str,
    fallback: &str,
    make: impl Fn(String) -> Result<T, E>,
) -> Option<T> {
    [
        value.to_owned(),
        slug(value),
        slug(fallback),
        "x".to_owned(),
    ]
    .into_iter()
    .find_map(|candidate| make(candidate).ok())
}

/// Lower-case ASCII letters and digits joined by '-', at most 48 long.
pub(crate) fn slug(text: &str) -> String {
    let folded: String = unicode_normalization::UnicodeNormalization::nfkd(text)
        .filter(char::is_ascii)
        .collect();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(48).collect();
    out.truncate(out.trim_end_matches('-').len());
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(
            slug("Schoolopleiders (coördinerend) 2"),
            "schoolopleiders-coordinerend-2"
        );
        assert_eq!(slug("  ***  "), "");
    }
}
