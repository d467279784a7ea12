//! From a room document to summary records: every live note becomes a
//! [`NoteRecord`] filed under its round, group label, statement and the
//! card's section (titles from the template), with its topic's name from
//! the room's own topic groups; every live agreement an
//! [`AgreementRecord`]. Deleted notes and agreements, and empty ones, are
//! left out. In anonymous sessions no author name is carried over.
//!
//! What the group wrote outside notes is filed as records too, so every
//! export carries it: the pinned question, the attached data (links, and
//! uploaded files by name), the themes it chose and the note-taker's
//! record, each under its own section. Notes on the
//! group's own theme are filed under the name the group gave it.

use super::input::{AgreementRecord, NoteRecord};
use crate::ids::{ElementId, NoteId, RoomId, RoundId};
use crate::role::ParticipantRole;
use crate::room::RoomDoc;
use crate::template::{CardTemplate, NoteTarget, RoleKind};

/// Section id of the group's pinned question in the summary.
pub const PINNED_SECTION: &str = "gezamenlijke-vraag";
/// Its heading on a card without a slot for it: what the room calls it
/// (`room.pinned` in the web client's Dutch locale).
const PINNED_DEFAULT_TITLE: &str = "Onze gezamenlijke vraag";
/// Section id of the attached data.
pub const ATTACHMENTS_SECTION: &str = "bijlagen";
/// Section id of the note-taker's record.
pub const RECORD_SECTION: &str = "verslag";
/// Section id of the themes the group chose (and its own theme, named).
pub const THEMES_SECTION: &str = "gekozen-themas";
/// Its heading: the card asks "Kies een of meer thema’s"; the report says
/// what was chosen.
const THEMES_TITLE: &str = "Gekozen thema’s";

/// Whether a section holds what people remarked (their notes), rather than
/// what a card's slots hold (the pinned question, the data, the record):
/// only remarks are counted as "opmerkingen" or named among what was said.
pub fn is_remark_section(section_id: &ElementId) -> bool {
    ![
        PINNED_SECTION,
        ATTACHMENTS_SECTION,
        RECORD_SECTION,
        THEMES_SECTION,
    ]
    .contains(&section_id.as_str())
}

/// The summary's section order for one card: the pinned question, the
/// data and the chosen themes first, then the card's own targets, the
/// record last.
pub fn card_section_order(template: &CardTemplate) -> Vec<ElementId> {
    let mut order = Vec::new();
    let mut push = |id: &str| {
        if let Ok(id) = ElementId::new(id.to_owned()) {
            order.push(id);
        }
    };
    // Always: a group leader can pin a question on any card, slot or not.
    push(PINNED_SECTION);
    if template.attachments.is_some() {
        push(ATTACHMENTS_SECTION);
    }
    if template.theme_choice.is_some() {
        push(THEMES_SECTION);
    }
    let mut order: Vec<ElementId> = order
        .into_iter()
        .chain(template.note_targets().into_iter().map(|t| t.id))
        .collect();
    if note_taker(template).is_some()
        && let Ok(id) = ElementId::new(RECORD_SECTION.to_owned())
    {
        order.push(id);
    }
    order
}

fn note_taker(template: &CardTemplate) -> Option<&crate::template::Role> {
    template
        .roles
        .iter()
        .find(|r| r.kind == RoleKind::NoteTaker)
}

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
    /// The card, for its slots (pinned question, data, record) and own theme.
    pub template: Option<&'a CardTemplate>,
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
    let own_theme = own_theme(room, context.template);
    let mut notes: Vec<NoteRecord> = room
        .notes
        .iter()
        .filter(|(_, note)| !note.deleted)
        .filter_map(|(key, note)| {
            let text = note.text.as_str().trim();
            if text.is_empty() {
                return None;
            }
            let (section_id, mut section_title) = section(context.targets, &note.target)?;
            if let Some((id, name)) = &own_theme
                && id == &note.target
            {
                section_title = name.clone();
            }
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
    notes.extend(slot_records(room, context, statement.as_ref()));
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

/// The own theme's id and the title the export gives it: the template's
/// word with the group's own name, e.g. "Eigen thema: Werkdruk".
fn own_theme(room: &RoomDoc, template: Option<&CardTemplate>) -> Option<(String, String)> {
    let own = template?.theme_choice.as_ref()?.own_theme.as_ref()?;
    let name = room.own_theme.as_str().trim();
    let title = if name.is_empty() {
        own.title.clone()
    } else {
        format!("{}: {name}", own.title)
    };
    Some((own.id.to_string(), title))
}

/// The pinned question, the attachments and the record as records.
fn slot_records(
    room: &RoomDoc,
    context: &RoomContext<'_>,
    statement: Option<&String>,
) -> Vec<NoteRecord> {
    let Some(template) = context.template else {
        return Vec::new();
    };
    let record = |section: &str, title: &str, key: &str, text: String| {
        let text = text.trim().to_owned();
        if text.is_empty() {
            return None;
        }
        Some(NoteRecord {
            note_id: id_or_slug(&format!("{section}-{key}"), section, NoteId::new)?,
            round_id: context.round_id.clone(),
            round_name: context.round_name.clone(),
            room_id: context.room_id.clone(),
            group_label: context.group_label.clone(),
            statement: statement.cloned(),
            section_id: ElementId::new(section.to_owned()).ok()?,
            section_title: title.to_owned(),
            text,
            topic: None,
            author_role: None,
            author_name: None,
            votes: 0,
            late: false,
        })
    };
    let mut out = Vec::new();
    // The room shows a pinned question whether or not the card has a slot
    // for it (the leader's tools offer it on every card), so the report
    // carries it either way, under the room's own heading for it.
    let pinned_title = template
        .shared_question
        .as_ref()
        .map_or(PINNED_DEFAULT_TITLE, |slot| slot.title.as_str());
    out.extend(record(
        PINNED_SECTION,
        pinned_title,
        "1",
        room.pinned_question.as_str().to_owned(),
    ));
    if let Some(slot) = &template.attachments {
        for (key, attachment) in room.attachments.iter().filter(|(_, a)| !a.deleted) {
            let title = attachment.title.trim();
            // An uploaded file opens only with a token of the session: a
            // link in a report sent round the partnership would be dead
            // (a walk-through's reader got 401). The report names it.
            let text = match (attachment.file, title.is_empty()) {
                (true, true) => "Een bestand (bewaard in samenbord bij deze sessie)".to_owned(),
                (true, false) => format!("{title} (bestand, bewaard in samenbord bij deze sessie)"),
                (false, true) => attachment.url.clone(),
                (false, false) => format!("{title}: {}", attachment.url),
            };
            out.extend(record(ATTACHMENTS_SECTION, &slot.title, key, text));
        }
    }
    // Which themes the group talked about: without them a theme's
    // questions in the report lose what they answered (a walk-through's
    // report of the Gesprekskaart named none).
    if template.theme_choice.is_some() {
        for id in room.chosen_theme_ids() {
            if let Some(theme) = template.theme(id) {
                out.extend(record(
                    THEMES_SECTION,
                    THEMES_TITLE,
                    id,
                    theme.title.clone(),
                ));
            }
        }
        if let Some((id, title)) = own_theme(room, Some(template))
            && !room.own_theme.as_str().trim().is_empty()
        {
            out.extend(record(THEMES_SECTION, THEMES_TITLE, &id, title));
        }
    }
    if let Some(role) = note_taker(template) {
        let title = format!("Verslag ({})", role.title.to_lowercase());
        out.extend(record(
            RECORD_SECTION,
            &title,
            "1",
            room.record.as_str().to_owned(),
        ));
    }
    out
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
