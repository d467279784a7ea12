//! Which room documents make up a session's summary, and how their notes
//! become records: every room of every started round (or of one round),
//! filed under its group's label and statement, with section titles from
//! the group's card template.

use automerge::AutoCommit;
use samenbord_core::ids::{ElementId, RoomId, RoundId};
use samenbord_core::room::read_room;
use samenbord_core::session::Session;
use samenbord_core::summary::{
    AgreementRecord, NoteRecord, PaperContext, RoomContext, card_section_order, room_records,
};

use crate::content::ContentLibrary;

/// One room whose document is read for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSource {
    pub round_id: RoundId,
    pub room_id: RoomId,
    pub document_id: String,
}

/// A room document as read for the summary.
pub enum RoomRead {
    Whole(AutoCommit),
    /// Some stored parts could not be read; the rest is here.
    Partly(AutoCommit),
    /// Nothing could be read, and why.
    Unreadable(String),
}

/// The notes and agreements of a session, ready to merge.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub notes: Vec<NoteRecord>,
    pub agreements: Vec<AgreementRecord>,
    /// Section ids in card order, over the templates of the rounds.
    pub section_order: Vec<ElementId>,
    /// Rooms that could not be read (whole), as the organiser reads it.
    pub warnings: Vec<String>,
}

/// The rooms of `round` (or of every round), in plan order.
pub fn rooms(session: &Session, round: Option<&RoundId>) -> Vec<RoomSource> {
    session
        .plan
        .rounds
        .iter()
        .filter(|r| round.is_none_or(|wanted| &r.id == wanted))
        .filter_map(|r| Some((r, session.rounds.get(&r.id)?)))
        .flat_map(|(r, state)| {
            r.groups.iter().filter_map(|g| {
                let room = state.rooms.get(&g.id)?;
                Some(RoomSource {
                    round_id: r.id.clone(),
                    room_id: g.id.clone(),
                    document_id: room.document_id.to_string(),
                })
            })
        })
        .collect()
}

/// The card order of every section the session's rounds use.
pub fn section_order(session: &Session, content: &ContentLibrary) -> Vec<ElementId> {
    let mut order: Vec<ElementId> = Vec::new();
    for group in session.plan.rounds.iter().flat_map(|r| &r.groups) {
        if let Some(template) = content.templates.get(&group.template) {
            for id in card_section_order(template) {
                if !order.contains(&id) {
                    order.push(id);
                }
            }
        }
    }
    order
}

/// Reads each loaded room document into records.
pub fn collect(
    session: &Session,
    content: &ContentLibrary,
    documents: Vec<(RoomSource, RoomRead)>,
) -> Collected {
    let mut collected = Collected {
        section_order: section_order(session, content),
        ..Collected::default()
    };
    for (source, document) in documents {
        let Some(round) = session.plan.round(&source.round_id) else {
            continue;
        };
        let Some(group) = round.group(&source.room_id) else {
            continue;
        };
        let (doc, whole) = match document {
            RoomRead::Whole(doc) => (Ok(doc), true),
            RoomRead::Partly(doc) => (Ok(doc), false),
            RoomRead::Unreadable(error) => (Err(error), false),
        };
        let room = match doc.and_then(|doc| read_room(&doc).map_err(|e| e.to_string())) {
            Ok(room) => room,
            Err(error) => {
                tracing::warn!(room = %source.room_id, round = %source.round_id, %error,
                    "room left out of the summary: it could not be read");
                collected
                    .warnings
                    .push(unreadable_notice(&group.name, &round.name));
                continue;
            }
        };
        if !whole {
            collected
                .warnings
                .push(incomplete_notice(&group.name, &round.name));
        }
        let template = content.templates.get(&group.template);
        let targets = template.map(|t| t.note_targets()).unwrap_or_default();
        let statement = group.statements.join("\n\n");
        let context = RoomContext {
            round_id: source.round_id.clone(),
            round_name: round.name.clone(),
            room_id: source.room_id.clone(),
            group_label: group.label.clone(),
            statement: (!statement.trim().is_empty()).then_some(statement),
            targets: &targets,
            template,
            anonymous: session.settings.anonymous,
        };
        let records = room_records(&room, &context);
        collected.notes.extend(records.notes);
        collected.agreements.extend(records.agreements);
    }
    collected
}

/// What the organiser reads when part of a room could not be read.
pub fn incomplete_notice(group: &str, round: &str) -> String {
    format!(
        "Van kamer {group} ({round}) kon niet alles gelezen worden; wat leesbaar was staat erin."
    )
}

/// What the organiser reads when nothing of a room could be read.
pub fn unreadable_notice(group: &str, round: &str) -> String {
    format!(
        "Kamer {group} ({round}) kon niet gelezen worden; de notities van deze kamer ontbreken."
    )
}

/// What paper notes need to land in this session's rounds and sections.
pub fn paper_context(session: &Session, content: &ContentLibrary) -> PaperContext {
    let mut context = PaperContext::default();
    for round in &session.plan.rounds {
        context.rounds.push((round.id.clone(), round.name.clone()));
        for group in &round.groups {
            let statement = group.statements.join("\n\n");
            if !statement.trim().is_empty()
                && !context
                    .statements
                    .iter()
                    .any(|(r, l, _)| r == &round.id && l == &group.label)
            {
                context
                    .statements
                    .push((round.id.clone(), group.label.clone(), statement));
            }
            if let Some(template) = content.templates.get(&group.template) {
                for target in template.note_targets() {
                    if !context.sections.iter().any(|(id, _)| id == &target.id) {
                        context.sections.push((target.id, target.title));
                    }
                }
            }
        }
    }
    context
}
