//! Who leads which room: the discussion leaders the organiser appointed,
//! mirrored from the sessions so a document actor can check, without
//! waiting on a session's lock, whether a peer may open silent questions.

use std::collections::HashMap;
use std::sync::RwLock;

use samenbord_core::ids::{ParticipantId, RoomId, RoundId, SessionId};
use samenbord_core::session::Session;

use super::hub::Principal;

type Lead = (ParticipantId, RoundId);

/// Per session: (participant, round) → the room they lead in that round.
#[derive(Debug, Default)]
pub struct Leaders(RwLock<HashMap<SessionId, HashMap<Lead, RoomId>>>);

impl Leaders {
    /// Mirrors who leads what in `session` now, replacing what was known:
    /// a leader the organiser replaced loses the right at once.
    pub fn follow(&self, session: &Session) {
        let leads = session
            .participants
            .values()
            .flat_map(|p| {
                p.leads
                    .iter()
                    .map(|(round, room)| ((p.id.clone(), round.clone()), room.clone()))
            })
            .collect();
        if let Ok(mut leaders) = self.0.write() {
            leaders.insert(session.id.clone(), leads);
        }
    }

    pub fn forget_session(&self, session_id: &SessionId) {
        if let Ok(mut leaders) = self.0.write() {
            leaders.remove(session_id);
        }
    }

    /// Whether `principal` may reveal in this room: its session's
    /// organiser, or the participant appointed to lead it.
    pub fn may_reveal(&self, principal: &Principal, room: &RoomScope) -> bool {
        match principal {
            Principal::Organiser { session_id, .. } => *session_id == room.session_id,
            Principal::Participant {
                session_id,
                participant_id,
            } => {
                *session_id == room.session_id
                    && self.0.read().is_ok_and(|leaders| {
                        leaders
                            .get(session_id)
                            .and_then(|leads| {
                                leads.get(&(participant_id.clone(), room.round_id.clone()))
                            })
                            .is_some_and(|led| *led == room.room_id)
                    })
            }
        }
    }
}

/// Which room a room document is, for the leader check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomScope {
    pub session_id: SessionId,
    pub round_id: RoundId,
    pub room_id: RoomId,
}
