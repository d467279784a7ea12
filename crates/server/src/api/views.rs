//! What the API shows of a session: the organiser's whole view and a
//! participant's own view. Built from the core's state, never stored.

use samenbord_core::ids::ParticipantId;
use samenbord_core::session::{Broadcast, ParticipantRecord, RoundStatus, Session};
use serde::Serialize;

use crate::registry::Slot;

#[derive(Serialize)]
pub struct OrganiserView<'a> {
    id: &'a str,
    title: &'a str,
    anonymous: bool,
    retention_days: u32,
    expires_at: i64,
    join_code: &'a str,
    join_url: String,
    rounds: Vec<RoundView<'a>>,
    participants: Vec<&'a ParticipantRecord>,
    broadcast: Option<&'a Broadcast>,
}

#[derive(Serialize)]
struct RoundView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    start: String,
    end: String,
    mode: &'static str,
    status: &'a RoundStatus,
    started_at: Option<i64>,
    ended_at: Option<i64>,
    timer_ends_at: Option<i64>,
    groups: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    id: &'a str,
    name: &'a str,
    label: &'a str,
    template_id: &'a str,
    statements: &'a [String],
    room: Option<RoomView>,
    members: Vec<&'a str>,
}

#[derive(Serialize)]
struct RoomView {
    document_id: String,
    doc_url: String,
    closed: bool,
}

pub fn join_url(public_url: &str, code: &str) -> String {
    format!("{public_url}/j/{code}")
}

pub fn organiser_view<'a>(slot: &'a Slot, public_url: &str) -> OrganiserView<'a> {
    let session = slot.session();
    OrganiserView {
        id: session.id.as_str(),
        title: &session.settings.title,
        anonymous: session.settings.anonymous,
        retention_days: session.settings.retention_days,
        expires_at: session.expires_at(),
        join_code: slot.join_code(),
        join_url: join_url(public_url, slot.join_code()),
        rounds: rounds(session),
        participants: session.participants.values().collect(),
        broadcast: session.broadcast.as_ref(),
    }
}

fn rounds(session: &Session) -> Vec<RoundView<'_>> {
    session
        .plan
        .rounds
        .iter()
        .filter_map(|round| {
            let state = session.rounds.get(&round.id)?;
            Some(RoundView {
                id: round.id.as_str(),
                name: &round.name,
                description: round.description.as_deref(),
                start: round.start.to_string(),
                end: round.end.to_string(),
                mode: round.mode.key(),
                status: &state.status,
                started_at: state.started_at,
                ended_at: state.ended_at,
                timer_ends_at: state.timer_ends_at,
                groups: round
                    .groups
                    .iter()
                    .map(|group| GroupView {
                        id: group.id.as_str(),
                        name: &group.name,
                        label: &group.label,
                        template_id: group.template.as_str(),
                        statements: &group.statements,
                        room: state.rooms.get(&group.id).map(|room| RoomView {
                            document_id: room.document_id.clone(),
                            doc_url: format!("automerge:{}", room.document_id),
                            closed: room.closed,
                        }),
                        members: state
                            .placements
                            .iter()
                            .filter(|(_, room)| **room == group.id)
                            .map(|(p, _)| p.as_str())
                            .collect(),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct MeView<'a> {
    session: SessionBrief<'a>,
    participant: &'a ParticipantRecord,
    private_doc_url: Option<String>,
    room: Option<MyRoom<'a>>,
    round: Option<MyRound<'a>>,
    broadcast: Option<&'a Broadcast>,
}

#[derive(Serialize)]
struct SessionBrief<'a> {
    id: &'a str,
    title: &'a str,
    anonymous: bool,
}

#[derive(Serialize)]
struct MyRoom<'a> {
    round_id: &'a str,
    room_id: &'a str,
    group_name: &'a str,
    label: &'a str,
    template_id: &'a str,
    statements: &'a [String],
    doc_url: String,
    closed: bool,
}

#[derive(Serialize)]
struct MyRound<'a> {
    id: &'a str,
    name: &'a str,
    status: &'a RoundStatus,
    timer_ends_at: Option<i64>,
}

pub fn me_view<'a>(slot: &'a Slot, participant: &ParticipantId) -> Option<MeView<'a>> {
    let session = slot.session();
    let record = session.participants.get(participant)?;
    let round = session.current_round().and_then(|round_id| {
        let plan = session.plan.round(round_id)?;
        let state = session.rounds.get(round_id)?;
        Some(MyRound {
            id: plan.id.as_str(),
            name: &plan.name,
            status: &state.status,
            timer_ends_at: state.timer_ends_at,
        })
    });
    let room = session
        .room_of(participant)
        .and_then(|(round_id, room_id, room)| {
            let group = session.plan.round(round_id)?.group(room_id)?;
            Some(MyRoom {
                round_id: round_id.as_str(),
                room_id: room_id.as_str(),
                group_name: &group.name,
                label: &group.label,
                template_id: group.template.as_str(),
                statements: &group.statements,
                doc_url: format!("automerge:{}", room.document_id),
                closed: room.closed,
            })
        });
    Some(MeView {
        session: SessionBrief {
            id: session.id.as_str(),
            title: &session.settings.title,
            anonymous: session.settings.anonymous,
        },
        participant: record,
        private_doc_url: slot
            .private_document(participant)
            .map(|id| format!("automerge:{id}")),
        room,
        round,
        broadcast: session.broadcast.as_ref(),
    })
}
