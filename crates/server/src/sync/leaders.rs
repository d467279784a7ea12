//! Who leads which room, who sits where, and who each participant is:
//! mirrored from the sessions so a document actor can check, without
//! waiting on a session's lock, whether a peer may open silent questions
//! and which identity it may put on its notes (and whose silent notes a
//! reveal publishes where); and, per card, which roles keep the record.

use std::collections::HashMap;
use std::sync::RwLock;

use samenbord_core::ids::{ParticipantId, RoomId, RoundId, SessionId};
use samenbord_core::session::Session;
use samenbord_core::template::{CardTemplate, RoleKind};

use super::hub::Principal;

type Lead = (ParticipantId, RoundId);

/// The identity a participant writes on its notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnIdentity {
    /// Empty in anonymous sessions: nothing links a note to a person.
    pub author_id: String,
    /// Empty in anonymous sessions.
    pub name: String,
    pub role: &'static str,
    /// The key of the participant's votes (its id, even when anonymous).
    pub voter_id: String,
}

#[derive(Debug, Default)]
struct Mirror {
    /// (participant, round) → the room they lead in that round.
    leads: HashMap<Lead, RoomId>,
    /// Round → participant → the room they sit in that round.
    seats: HashMap<RoundId, HashMap<ParticipantId, RoomId>>,
    people: HashMap<ParticipantId, OwnIdentity>,
}

/// Per session: who leads, who is who; per card: its note-taker roles.
#[derive(Debug, Default)]
pub struct Leaders {
    sessions: RwLock<HashMap<SessionId, Mirror>>,
    /// Card id → its note-taker role ids.
    note_takers: RwLock<HashMap<String, Vec<String>>>,
}

impl Leaders {
    /// Learns which roles of each card keep the record (role kind
    /// note-taker), from the content the server serves.
    pub fn know_cards<'a>(&self, cards: impl IntoIterator<Item = &'a CardTemplate>) {
        let note_takers = cards
            .into_iter()
            .map(|card| {
                let roles = card
                    .roles
                    .iter()
                    .filter(|r| r.kind == RoleKind::NoteTaker)
                    .map(|r| r.id.to_string())
                    .collect();
                (card.id.to_string(), roles)
            })
            .collect();
        if let Ok(mut known) = self.note_takers.write() {
            *known = note_takers;
        }
    }

    /// The roles that keep the record on the card `template_id`.
    pub fn note_takers(&self, template_id: &str) -> Vec<String> {
        self.note_takers
            .read()
            .ok()
            .and_then(|known| known.get(template_id).cloned())
            .unwrap_or_default()
    }

    /// Mirrors who leads what in `session` now, replacing what was known:
    /// a leader the organiser replaced loses the right at once.
    pub fn follow(&self, session: &Session) {
        let anonymous = session.settings.anonymous;
        let leads = session
            .participants
            .values()
            .flat_map(|p| {
                p.leads
                    .iter()
                    .map(|(round, room)| ((p.id.clone(), round.clone()), room.clone()))
            })
            .collect();
        let people = session
            .participants
            .values()
            .map(|p| {
                let identity = OwnIdentity {
                    author_id: if anonymous {
                        String::new()
                    } else {
                        p.id.to_string()
                    },
                    name: if anonymous {
                        String::new()
                    } else {
                        p.name.clone()
                    },
                    role: p.role.key(),
                    voter_id: p.id.to_string(),
                };
                (p.id.clone(), identity)
            })
            .collect();
        let seats = session
            .rounds
            .iter()
            .map(|(round, state)| {
                let placements = state
                    .placements
                    .iter()
                    .map(|(who, room)| (who.clone(), room.clone()))
                    .collect();
                (round.clone(), placements)
            })
            .collect();
        if let Ok(mut leaders) = self.sessions.write() {
            leaders.insert(
                session.id.clone(),
                Mirror {
                    leads,
                    seats,
                    people,
                },
            );
        }
    }

    pub fn forget_session(&self, session_id: &SessionId) {
        if let Ok(mut leaders) = self.sessions.write() {
            leaders.remove(session_id);
        }
    }

    /// The identity `participant` may write on notes, if known.
    pub fn identity(
        &self,
        session_id: &SessionId,
        participant: &ParticipantId,
    ) -> Option<OwnIdentity> {
        let leaders = self.sessions.read().ok()?;
        leaders.get(session_id)?.people.get(participant).cloned()
    }

    /// Whether `participant` sits in `room` (in its round).
    pub fn seated(&self, participant: &ParticipantId, room: &RoomScope) -> bool {
        self.seated_in(&room.session_id, participant, &room.round_id, &room.room_id)
    }

    /// [`Leaders::seated`], from the parts of a room's scope.
    pub fn seated_in(
        &self,
        session_id: &SessionId,
        participant: &ParticipantId,
        round_id: &RoundId,
        room_id: &RoomId,
    ) -> bool {
        self.sessions.read().is_ok_and(|leaders| {
            leaders
                .get(session_id)
                .and_then(|mirror| mirror.seats.get(round_id)?.get(participant))
                .is_some_and(|seat| seat == room_id)
        })
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
                    && self.sessions.read().is_ok_and(|leaders| {
                        leaders
                            .get(session_id)
                            .and_then(|mirror| {
                                mirror
                                    .leads
                                    .get(&(participant_id.clone(), room.round_id.clone()))
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
