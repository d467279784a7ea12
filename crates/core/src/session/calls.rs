//! Taking part from elsewhere: a participant says whether they are in the
//! room or remote, and the organiser gives each room of a round a call
//! link (one pattern for all, or pasted per room), which remote
//! participants see for the room they are in now.

use crate::call_link::{CallLink, CallPattern};
use crate::ids::{ParticipantId, RoomId, RoundId};

use super::error::SessionError;
use super::model::{Attendance, Session, SessionEvent};

impl Session {
    /// A participant says where they take part from (only their own).
    pub fn set_attendance(
        &mut self,
        participant: &ParticipantId,
        attendance: Attendance,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        let record = self
            .participants
            .get_mut(participant)
            .ok_or_else(|| SessionError::UnknownParticipant(participant.clone()))?;
        if record.attendance == attendance {
            return Ok(Vec::new());
        }
        record.attendance = attendance;
        Ok(vec![SessionEvent::AttendanceChanged {
            participant_id: participant.clone(),
        }])
    }

    /// The organiser gives every room of `round_id` its link from one
    /// pattern (replacing links pasted before), or with `None` takes the
    /// round's pattern and links away.
    pub fn set_call_pattern(
        &mut self,
        round_id: &RoundId,
        pattern: Option<&str>,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        let pattern = pattern
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(CallPattern::parse)
            .transpose()?;
        let round = self.planned_round(round_id)?;
        let links = match &pattern {
            Some(pattern) => round
                .groups
                .iter()
                .map(|group| {
                    Ok((
                        group.id.clone(),
                        pattern.expand(&group.name, group.id.as_str())?,
                    ))
                })
                .collect::<Result<_, SessionError>>()?,
            None => Default::default(),
        };
        let state = self.round_state_mut(round_id)?;
        state.call_pattern = pattern;
        state.call_links = links;
        Ok(vec![SessionEvent::CallLinksChanged {
            round_id: round_id.clone(),
        }])
    }

    /// The organiser pastes one room's call link, or with `None` takes it
    /// away.
    pub fn set_call_link(
        &mut self,
        round_id: &RoundId,
        room_id: &RoomId,
        link: Option<&str>,
    ) -> Result<Vec<SessionEvent>, SessionError> {
        let link = link
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(CallLink::parse)
            .transpose()?;
        if self.planned_round(round_id)?.group(room_id).is_none() {
            return Err(SessionError::UnknownRoom(room_id.clone()));
        }
        let state = self.round_state_mut(round_id)?;
        match link {
            Some(link) => state.call_links.insert(room_id.clone(), link),
            None => state.call_links.remove(room_id),
        };
        Ok(vec![SessionEvent::CallLinksChanged {
            round_id: round_id.clone(),
        }])
    }

    /// The call link of a room of a round, if the organiser gave one.
    pub fn call_link(&self, round_id: &RoundId, room_id: &RoomId) -> Option<&CallLink> {
        self.rounds.get(round_id)?.call_links.get(room_id)
    }

    /// How the participant takes part (in the room when unknown).
    pub fn attendance(&self, participant: &ParticipantId) -> Attendance {
        self.participants
            .get(participant)
            .map_or(Attendance::InRoom, |p| p.attendance)
    }
}
