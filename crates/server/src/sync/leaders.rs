//! Who leads which room: the discussion leaders the organiser appointed,
//! mirrored from the sessions so a document actor can check, without
//! waiting on a session's lock, whether a peer may open silent questions.

use std::collections::HashMap;
use std::sync::RwLock;

use super::hub::Principal;

/// (session, participant, round) → the room they lead in that round.
#[derive(Debug, Default)]
pub struct Leaders(RwLock<HashMap<(String, String, String), String>>);

impl Leaders {
    pub fn appoint(&self, session_id: &str, participant_id: &str, round_id: &str, room_id: &str) {
        if let Ok(mut leaders) = self.0.write() {
            leaders.insert(
                (
                    session_id.to_owned(),
                    participant_id.to_owned(),
                    round_id.to_owned(),
                ),
                room_id.to_owned(),
            );
        }
    }

    pub fn forget_session(&self, session_id: &str) {
        if let Ok(mut leaders) = self.0.write() {
            leaders.retain(|(session, _, _), _| session != session_id);
        }
    }

    /// Whether `principal` may reveal in this room: its session's
    /// organiser, or the participant appointed to lead it.
    pub fn may_reveal(&self, principal: &Principal, room: &RoomScope) -> bool {
        match principal {
            Principal::Organiser { session_id } => *session_id == room.session_id,
            Principal::Participant {
                session_id,
                participant_id,
            } => self.0.read().is_ok_and(|leaders| {
                leaders
                    .get(&(
                        session_id.clone(),
                        participant_id.clone(),
                        room.round_id.clone(),
                    ))
                    .is_some_and(|led| *led == room.room_id)
            }),
        }
    }
}

/// Which room a room document is, for the leader check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomScope {
    pub session_id: String,
    pub round_id: String,
    pub room_id: String,
}
