//! The session's state, exactly as persisted (JSON), and the events its
//! actions produce.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::call_link::{CallLink, CallPattern};
use crate::document_id::DocumentId;
use crate::ids::{ParticipantId, RoomId, RoundId, SessionId};
use crate::programme::Programme;
use crate::role::ParticipantRole;

/// Settings the organiser chooses when creating a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSettings {
    pub title: String,
    /// Names never enter room documents; notes show the role only.
    pub anonymous: bool,
    /// Days after creation when the session deletes itself.
    pub retention_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub settings: SessionSettings,
    pub created_at: i64,
    /// The day's plan: rounds, times, groups, statements.
    pub plan: Programme,
    pub participants: BTreeMap<ParticipantId, ParticipantRecord>,
    pub rounds: BTreeMap<RoundId, RoundState>,
    pub broadcast: Option<Broadcast>,
    /// Whether the join code still lets people in.
    #[serde(default)]
    pub joining: Joining,
}

/// Whether a session's join code lets new people in; the organiser
/// closes it once everyone is there.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Joining {
    #[default]
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct ParticipantRecord {
    pub id: ParticipantId,
    pub name: String,
    pub role: ParticipantRole,
    #[ts(type = "number")]
    pub joined_at: i64,
    /// Rooms this person leads (pinned there when grouping), per round.
    #[serde(default)]
    pub leads: BTreeMap<RoundId, RoomId>,
    /// In the room or taking part from elsewhere, as they said themselves.
    #[serde(default)]
    pub attendance: Attendance,
}

/// Where a participant takes part from: they say so themselves
/// (`PUT /api/me/attendance`); a remote participant is shown their room's
/// call link.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Attendance {
    #[default]
    InRoom,
    Remote,
}

#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RoundStatus {
    #[default]
    Planned,
    Running,
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoundState {
    pub status: RoundStatus,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub timer_ends_at: Option<i64>,
    /// Who is in which room; fixed by preview/assignment or at start.
    pub placements: BTreeMap<ParticipantId, RoomId>,
    /// Rooms exist once the round has started.
    pub rooms: BTreeMap<RoomId, RoomState>,
    /// The pattern the organiser gave for every room's call link, if any.
    #[serde(default)]
    pub call_pattern: Option<CallPattern>,
    /// Each room's call link (from the pattern, or pasted for that room).
    #[serde(default)]
    pub call_links: BTreeMap<RoomId, CallLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomState {
    /// The automerge-repo document id of the room's card.
    pub document_id: DocumentId,
    pub closed: bool,
}

/// Whether a room's card takes new writes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RoomAccess {
    Open,
    /// Read-only: kept as it was when it closed.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Broadcast {
    pub message: String,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub at: i64,
}

/// What happened, for the server to act on and tell devices about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SessionEvent {
    RoundStarted {
        round_id: RoundId,
    },
    RoundEnded {
        round_id: RoundId,
    },
    /// A participant's room for a round (new, or after a move).
    RoomAssigned {
        participant_id: ParticipantId,
        round_id: RoundId,
        room_id: RoomId,
        document_id: DocumentId,
    },
    RoomClosed {
        round_id: RoundId,
        room_id: RoomId,
        document_id: DocumentId,
    },
    RoomReopened {
        round_id: RoundId,
        room_id: RoomId,
        document_id: DocumentId,
    },
    Timer {
        round_id: RoundId,
        ends_at: i64,
    },
    Broadcast {
        message: String,
        at: i64,
    },
    ParticipantJoined {
        participant_id: ParticipantId,
    },
    /// A participant corrected their role before grouping by role.
    RoleChanged {
        participant_id: ParticipantId,
    },
    /// A participant said they take part from the room, or from elsewhere.
    AttendanceChanged {
        participant_id: ParticipantId,
    },
    /// The organiser changed the call links of a round's rooms.
    CallLinksChanged {
        round_id: RoundId,
    },
    /// The organiser appointed the discussion leader of a room.
    LeaderAppointed {
        participant_id: ParticipantId,
        round_id: RoundId,
        room_id: RoomId,
    },
}

impl Session {
    pub fn new(id: SessionId, settings: SessionSettings, plan: Programme, now: i64) -> Self {
        let rounds = plan
            .rounds
            .iter()
            .map(|r| (r.id.clone(), RoundState::default()))
            .collect();
        Self {
            id,
            settings,
            created_at: now,
            plan,
            participants: BTreeMap::new(),
            rounds,
            broadcast: None,
            joining: Joining::Open,
        }
    }

    /// Unix milliseconds after which the session deletes itself.
    pub fn expires_at(&self) -> i64 {
        self.created_at + i64::from(self.settings.retention_days) * 24 * 60 * 60 * 1000
    }

    /// The round that is running now, if any.
    pub fn running_round(&self) -> Option<&RoundId> {
        self.rounds
            .iter()
            .find(|(_, state)| state.status == RoundStatus::Running)
            .map(|(id, _)| id)
    }

    /// Whether a round is still to come (planned, not yet started).
    pub fn has_planned_round(&self) -> bool {
        self.rounds
            .values()
            .any(|state| state.status == RoundStatus::Planned)
    }

    /// When `round` started, if it is running now.
    pub fn running_since(&self, round: &RoundId) -> Option<i64> {
        self.rounds
            .get(round)
            .filter(|state| state.status == RoundStatus::Running)
            .and_then(|state| state.started_at)
    }

    /// The round a device should show now: the running one, else the most
    /// recently ended one (its room read-only), else none.
    pub fn current_round(&self) -> Option<&RoundId> {
        self.running_round().or_else(|| {
            self.rounds
                .iter()
                .filter(|(_, s)| s.status == RoundStatus::Ended)
                .max_by_key(|(_, s)| s.ended_at)
                .map(|(id, _)| id)
        })
    }

    /// Whether `assigner` may give the conversation roles of the room
    /// `room_id` of the current round to `assignee` (or to nobody): only
    /// that room's appointed discussion leader may, and only to someone
    /// seated in the room. The organiser may always (checked by the caller).
    pub fn may_assign_role(
        &self,
        assigner: &ParticipantId,
        room_id: &RoomId,
        assignee: Option<&ParticipantId>,
    ) -> bool {
        let Some(round_id) = self.current_round() else {
            return false;
        };
        let leads = self
            .participants
            .get(assigner)
            .is_some_and(|p| p.leads.get(round_id) == Some(room_id));
        leads && self.seated(room_id, assignee)
    }

    /// Whether `assignee` (or nobody) sits in `room_id` of the current round.
    pub fn seated(&self, room_id: &RoomId, assignee: Option<&ParticipantId>) -> bool {
        let Some(state) = self.current_round().and_then(|r| self.rounds.get(r)) else {
            return false;
        };
        assignee.is_none_or(|who| state.placements.get(who) == Some(room_id))
    }

    /// Which room of the current round `participant` is in.
    pub fn room_of(&self, participant: &ParticipantId) -> Option<(&RoundId, &RoomId, &RoomState)> {
        let round_id = self.current_round()?;
        let state = self.rounds.get(round_id)?;
        let room_id = state.placements.get(participant)?;
        let room = state.rooms.get(room_id)?;
        Some((round_id, room_id, room))
    }
}
