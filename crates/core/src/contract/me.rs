//! What a participant's device sees: `GET /api/me` and the `state` event.

use serde::Serialize;

use crate::document_id::DocumentId;
use crate::ids::{ParticipantId, RoomId, RoundId, SessionId, TemplateId};
use crate::session::{Broadcast, ParticipantRecord, RoundStatus, Session};

use super::organiser::doc_url;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct MeView {
    pub session: SessionBrief,
    pub participant: ParticipantRecord,
    pub private_doc_url: Option<String>,
    /// The room of the current round (running, else the last ended one).
    pub room: Option<MyRoom>,
    pub round: Option<MyRound>,
    /// What someone without a room is waiting for, so a device never
    /// says "wait" when nothing will come.
    pub waiting: Waiting,
    pub broadcast: Option<Broadcast>,
    /// The participant may still correct their role (`PUT /api/me/role`).
    pub role_open: bool,
}

/// What a participant's device waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Waiting {
    /// Nothing: they have a room (of the running round, or of the last
    /// one, read-only).
    Nothing,
    /// A round is running without a room for them: the organiser places
    /// them.
    Placement,
    /// A planned round: it seats them when it starts.
    NextRound,
    /// Every round has ended and none is planned: there is no room to
    /// wait for.
    NoRoundsLeft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct SessionBrief {
    pub id: SessionId,
    pub title: String,
    /// Notes show the author's role only, never a name.
    pub anonymous: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct MyRoom {
    pub round_id: RoundId,
    pub room_id: RoomId,
    pub group_name: String,
    pub label: String,
    pub template_id: TemplateId,
    /// Each statement on its own, in order.
    pub statements: Vec<String>,
    pub doc_url: String,
    pub closed: bool,
    /// This participant leads the room (appointed by the organiser).
    pub leader: bool,
    /// Who leads the room, for everyone to see; `None` until appointed.
    pub leader_name: Option<String>,
    /// The room's video-call link, if the organiser gave one: remote
    /// participants join the conversation there.
    pub call_link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct MyRound {
    pub id: RoundId,
    pub name: String,
    pub status: RoundStatus,
    #[ts(type = "number | null")]
    pub timer_ends_at: Option<i64>,
}

/// `participant`'s view, or `None` if they are not in the session.
pub fn me_view(
    session: &Session,
    participant: &ParticipantId,
    private_document: Option<DocumentId>,
) -> Option<MeView> {
    let record = session.participants.get(participant)?;
    let round = session.current_round().and_then(|round_id| {
        let plan = session.plan.round(round_id)?;
        let state = session.rounds.get(round_id)?;
        Some(MyRound {
            id: plan.id.clone(),
            name: plan.name.clone(),
            status: state.status.clone(),
            timer_ends_at: state.timer_ends_at,
        })
    });
    let room = session
        .room_of(participant)
        .and_then(|(round_id, room_id, room)| {
            let group = session.plan.round(round_id)?.group(room_id)?;
            Some(MyRoom {
                round_id: round_id.clone(),
                room_id: room_id.clone(),
                group_name: group.name.clone(),
                label: group.label.clone(),
                template_id: group.template.clone(),
                statements: group.statements.clone(),
                doc_url: doc_url(room.document_id),
                closed: room.closed,
                leader: record.leads.get(round_id) == Some(room_id),
                leader_name: session
                    .participants
                    .values()
                    .find(|p| p.leads.get(round_id) == Some(room_id))
                    .map(|p| p.name.clone()),
                call_link: session
                    .call_link(round_id, room_id)
                    .map(|l| l.as_str().to_owned()),
            })
        });
    let waiting = if room.is_some() {
        Waiting::Nothing
    } else if session.running_round().is_some() {
        Waiting::Placement
    } else if session.has_planned_round() {
        Waiting::NextRound
    } else {
        Waiting::NoRoundsLeft
    };
    Some(MeView {
        session: SessionBrief {
            id: session.id.clone(),
            title: session.settings.title.clone(),
            anonymous: session.settings.anonymous,
        },
        participant: record.clone(),
        private_doc_url: private_document.map(doc_url),
        room,
        round,
        waiting,
        broadcast: session.broadcast.clone(),
        role_open: session.roles_open(),
    })
}
