//! People in a session: joining (no account), moving between rooms, and
//! placing someone who arrives while a round is running.

use std::collections::BTreeMap;

use crate::grouping::{Mode, Participant};
use crate::ids::{ParticipantId, RoomId, RoundId};
use crate::programme::Round;
use crate::role::ParticipantRole;

use super::error::SessionError;
use super::model::{ParticipantRecord, RoundStatus, Session, SessionEvent};

const MAX_NAME_CHARS: usize = 80;
const MAX_PARTICIPANTS: usize = 2_000;

impl Session {
    /// Someone joins with a name and role. If a round is running they are
    /// placed at once, in the smallest fitting room.
    pub fn join(
        &mut self,
        id: ParticipantId,
        name: &str,
        role: ParticipantRole,
        now: i64,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(SessionError::InvalidName {
                max: MAX_NAME_CHARS,
            });
        }
        if self.participants.len() >= MAX_PARTICIPANTS {
            return Err(SessionError::SessionFull {
                max: MAX_PARTICIPANTS,
            });
        }
        self.participants.insert(
            id.clone(),
            ParticipantRecord {
                id: id.clone(),
                name: name.to_owned(),
                role,
                joined_at: now,
                leads: BTreeMap::new(),
            },
        );
        let mut events = vec![SessionEvent::ParticipantJoined {
            participant_id: id.clone(),
        }];
        if let Some(round_id) = self.running_round().cloned() {
            let round = self.planned_round(&round_id)?.clone();
            let person = Participant::new(id.clone(), role);
            let state = self.round_state(&round_id)?;
            if let Some(room) = self.late_room(&round, &state.placements, &person) {
                self.round_state_mut(&round_id)?
                    .placements
                    .insert(id.clone(), room);
            }
            events.extend(
                self.room_assignments(&round_id)
                    .into_iter()
                    .filter(|e| matches!(e, SessionEvent::RoomAssigned { participant_id, .. } if *participant_id == id)),
            );
        }
        Ok(events)
    }

    /// Whether people may still correct the role they picked: until the
    /// first round that groups by role has started. After that their room
    /// (and their notes' author role) was decided by it.
    pub fn roles_open(&self) -> bool {
        !self.plan.rounds.iter().any(|round| {
            round.mode.groups_by_role()
                && self
                    .rounds
                    .get(&round.id)
                    .is_some_and(|state| state.status != RoundStatus::Planned)
        })
    }

    /// A participant corrects their role, while [`Self::roles_open`].
    pub fn change_role(
        &mut self,
        participant: &ParticipantId,
        role: ParticipantRole,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        if !self.roles_open() {
            return Err(SessionError::RoleLocked);
        }
        let record = self
            .participants
            .get_mut(participant)
            .ok_or_else(|| SessionError::UnknownParticipant(participant.clone()))?;
        if record.role == role {
            return Ok(Vec::new());
        }
        record.role = role;
        Ok(vec![SessionEvent::RoleChanged {
            participant_id: participant.clone(),
        }])
    }

    /// The organiser moves someone to another room of a round; a device in
    /// a running round follows at once.
    pub fn move_participant(
        &mut self,
        participant: &ParticipantId,
        round_id: &RoundId,
        to: &RoomId,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        if !self.participants.contains_key(participant) {
            return Err(SessionError::UnknownParticipant(participant.clone()));
        }
        let round = self.planned_round(round_id)?;
        if round.group(to).is_none() {
            return Err(SessionError::UnknownRoom(to.clone()));
        }
        let state = self.round_state_mut(round_id)?;
        state.placements.insert(participant.clone(), to.clone());
        let running = state.status == RoundStatus::Running;
        Ok(if running {
            self.room_assignments(round_id)
                .into_iter()
                .filter(|e| matches!(e, SessionEvent::RoomAssigned { participant_id, .. } if participant_id == participant))
                .collect()
        } else {
            Vec::new()
        })
    }

    /// Appoints someone discussion leader of a room in a round, in place
    /// of whoever led it before. Before the round they are pinned there
    /// when it is grouped; during it they move there at once.
    pub fn set_leader(
        &mut self,
        participant: &ParticipantId,
        round_id: &RoundId,
        room: &RoomId,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        if self.planned_round(round_id)?.group(room).is_none() {
            return Err(SessionError::UnknownRoom(room.clone()));
        }
        if !self.participants.contains_key(participant) {
            return Err(SessionError::UnknownParticipant(participant.clone()));
        }
        for record in self.participants.values_mut() {
            if record.leads.get(round_id) == Some(room) {
                record.leads.remove(round_id);
            }
        }
        if let Some(record) = self.participants.get_mut(participant) {
            record.leads.insert(round_id.clone(), room.clone());
        }
        let mut events = vec![SessionEvent::LeaderAppointed {
            participant_id: participant.clone(),
            round_id: round_id.clone(),
            room_id: room.clone(),
        }];
        if self.round_state(round_id)?.status == RoundStatus::Running {
            events.extend(self.move_participant(participant, round_id, room)?);
        }
        Ok(events)
    }

    /// Where someone arriving late goes: their pin, else the smallest room
    /// of their role's pool (homogeneous), else the smallest room; ties go
    /// to the first room in plan order.
    pub(super) fn late_room(
        &self,
        round: &Round,
        placements: &BTreeMap<ParticipantId, RoomId>,
        person: &Participant,
    ) -> Option<RoomId> {
        if let Some(pin) = &person.pin {
            return Some(pin.clone());
        }
        let size = |room: &RoomId| placements.values().filter(|r| *r == room).count();
        let pool = match &round.mode {
            Mode::Homogeneous { pools } => pools
                .iter()
                .find(|pool| pool.roles.contains(&person.role))
                .map(|pool| pool.id.clone()),
            _ => None,
        };
        let fitting: Vec<&RoomId> = round
            .groups
            .iter()
            .filter(|g| pool.is_none() || g.pool == pool)
            .map(|g| &g.id)
            .collect();
        let candidates = if fitting.is_empty() {
            round.groups.iter().map(|g| &g.id).collect()
        } else {
            fitting
        };
        candidates
            .into_iter()
            .min_by_key(|room| size(room))
            .cloned()
    }
}
