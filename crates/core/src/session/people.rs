//! People in a session: joining (no account), moving between rooms, and
//! placing someone who arrives while a round is running.

use std::collections::BTreeMap;

use crate::grouping::{Mode, Participant};
use crate::ids::{ParticipantId, RoomId, RoundId};
use crate::programme::{Group, Round};
use crate::role::ParticipantRole;

use super::error::SessionError;
use super::model::{Joining, ParticipantRecord, RoundStatus, Session, SessionEvent};

const MAX_NAME_CHARS: usize = 80;
const MAX_PARTICIPANTS: usize = 2_000;

impl Session {
    /// Whether anyone may join now (the organiser can close joining).
    pub fn joinable(&self) -> Result<(), SessionError> {
        match self.joining {
            Joining::Closed => Err(SessionError::JoiningClosed),
            Joining::Open => Ok(()),
        }
    }

    /// Someone joins with a name and role. If a round is running they are
    /// placed at once, in the smallest fitting room.
    pub fn join(
        &mut self,
        id: ParticipantId,
        name: &str,
        role: ParticipantRole,
        now: i64,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        self.joinable()?;
        let name = readable_name(name)?;
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
                attendance: Default::default(),
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

    /// The organiser opens or closes the join code.
    pub fn set_joining(&mut self, joining: Joining) {
        self.joining = joining;
    }

    /// The organiser removes someone: they leave every round's rooms and
    /// every room they led. What they wrote stays in the rooms.
    pub fn remove_participant(&mut self, participant: &ParticipantId) -> Result<(), SessionError> {
        if self.participants.remove(participant).is_none() {
            return Err(SessionError::UnknownParticipant(participant.clone()));
        }
        for state in self.rounds.values_mut() {
            state.placements.remove(participant);
        }
        Ok(())
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
    /// in use of their role's pool (homogeneous), else the smallest room in
    /// use of the round — never an empty room while others hold people, so
    /// nobody arrives to sit alone. Only when every room is empty does the
    /// first fitting room open. Ties go to the first room in plan order.
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
        let fits = |g: &&Group| pool.is_none() || g.pool == pool;
        let smallest_in_use = |fitting: bool| {
            round
                .groups
                .iter()
                .filter(|g| !fitting || fits(g))
                .map(|g| &g.id)
                .filter(|room| size(room) > 0)
                .min_by_key(|room| size(room))
                .cloned()
        };
        smallest_in_use(true)
            .or_else(|| smallest_in_use(false))
            .or_else(|| round.groups.iter().find(fits).map(|g| g.id.clone()))
    }
}

/// A name others will read: trimmed, 1 to `MAX_NAME_CHARS` characters,
/// with something visible in it, and no control characters or bidi
/// overrides (which can make a name read as someone else's).
pub fn readable_name(name: &str) -> Result<&str, SessionError> {
    let name = name.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(SessionError::InvalidName {
            max: MAX_NAME_CHARS,
        });
    }
    if name
        .chars()
        .any(|c| c.is_control() || is_direction_override(c))
        || name.chars().all(|c| c.is_whitespace() || is_invisible(c))
    {
        return Err(SessionError::UnreadableName);
    }
    Ok(name)
}

/// Zero-width and other characters that show nothing.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

/// Characters that reorder the text around them.
fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}
