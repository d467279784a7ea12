//! Running the day: grouping previews, starting and ending rounds,
//! closing and reopening rooms, timers and broadcasts.

use std::collections::BTreeMap;

use crate::document_id::DocumentId;
use crate::grouping::{self, Assignment, GroupingWarning, Mode, Participant};
use crate::ids::{ParticipantId, RoomId, RoundId, TemplateId};
use crate::programme::{Programme, Round};

use super::effects::{DocumentEffect, Outcome};
use super::error::SessionError;
use super::model::{Broadcast, RoomAccess, RoomState, RoundStatus, Session, SessionEvent};

const MAX_BROADCAST_CHARS: usize = 500;
const MAX_TIMER_MINUTES: u32 = 600;

/// A room document the server must create when a round starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomToCreate {
    pub round_id: RoundId,
    pub room_id: RoomId,
    pub document_id: DocumentId,
    pub template_id: TemplateId,
    /// What the summary files this room under (target group or safeguard).
    pub group_label: String,
    /// The group's name shown in the room header, e.g. "Schoolopleiders 2".
    pub group_name: String,
    pub statement: String,
}

impl Session {
    pub(super) fn planned_round(&self, round_id: &RoundId) -> Result<&Round, SessionError> {
        self.plan
            .round(round_id)
            .ok_or_else(|| SessionError::UnknownRound(round_id.clone()))
    }

    /// Everyone as grouping sees them for `round_id`, leaders pinned.
    pub(super) fn grouping_people(&self, round_id: &RoundId) -> Vec<Participant> {
        self.participants
            .values()
            .map(|p| {
                let person = Participant::new(p.id.clone(), p.role);
                match p.leads.get(round_id) {
                    Some(room) => person.pinned_to(room.clone()),
                    None => person,
                }
            })
            .collect()
    }

    /// What grouping would do now; nothing is stored. Manual rounds
    /// preview the hand placements made so far, the rest filled in.
    pub fn preview(&self, round_id: &RoundId, seed: u64) -> Result<Assignment, SessionError> {
        let round = self.planned_round(round_id)?;
        let people = self.grouping_people(round_id);
        if round.mode == Mode::Manual {
            let mut placements = self.round_state(round_id)?.placements.clone();
            for person in &people {
                if !placements.contains_key(&person.id)
                    && let Some(room) = self.late_room(round, &placements, person)
                {
                    placements.insert(person.id.clone(), room);
                }
            }
            return Ok(grouping::validate_manual(
                &round.shape(),
                &people,
                &placements,
            )?);
        }
        Ok(grouping::assign(&round.shape(), &people, seed)?)
    }

    /// Stores an organiser's (possibly hand-adjusted) assignment for a
    /// round that has not started.
    pub fn set_placements(
        &mut self,
        round_id: &RoundId,
        placements: BTreeMap<ParticipantId, RoomId>,
    ) -> Result<Vec<GroupingWarning>, SessionError> {
        let round = self.planned_round(round_id)?;
        let people = self.grouping_people(round_id);
        let checked = grouping::validate_manual(&round.shape(), &people, &placements)?;
        let state = self.round_state_mut(round_id)?;
        if state.status != RoundStatus::Planned {
            return Err(SessionError::RoundAlreadyStarted(round_id.clone()));
        }
        state.placements = checked.placements;
        Ok(checked.warnings)
    }

    /// Starts a round: places everyone not yet placed, lists the room
    /// documents to create (ids from `new_document_id`), and tells each
    /// participant their room.
    pub fn start_round(
        &mut self,
        round_id: &RoundId,
        seed: u64,
        now: i64,
        new_document_id: &mut dyn FnMut() -> DocumentId,
    ) -> Result<Outcome, SessionError> {
        let round = self.planned_round(round_id)?.clone();
        if self.round_state(round_id)?.status != RoundStatus::Planned {
            return Err(SessionError::RoundAlreadyStarted(round_id.clone()));
        }
        if let Some(running) = self.running_round() {
            return Err(SessionError::AnotherRoundRunning {
                running: running.clone(),
                requested: round_id.clone(),
            });
        }
        let mut placements = self.round_state(round_id)?.placements.clone();
        if placements.is_empty() && round.mode != Mode::Manual {
            placements = self.preview(round_id, seed)?.placements;
        }
        for person in self.grouping_people(round_id) {
            if !placements.contains_key(&person.id)
                && let Some(room) = self.late_room(&round, &placements, &person)
            {
                placements.insert(person.id.clone(), room);
            }
        }
        let rooms: Vec<RoomToCreate> = round
            .groups
            .iter()
            .map(|group| RoomToCreate {
                round_id: round_id.clone(),
                room_id: group.id.clone(),
                document_id: new_document_id(),
                template_id: group.template.clone(),
                group_label: group.label.clone(),
                group_name: group.name.clone(),
                statement: group.statements.join("\n"),
            })
            .collect();
        // A message belongs to the round it was sent in (or to the lobby).
        self.broadcast = None;
        let state = self.round_state_mut(round_id)?;
        state.status = RoundStatus::Running;
        state.started_at = Some(now);
        state.rooms = rooms
            .iter()
            .map(|r| {
                (
                    r.room_id.clone(),
                    RoomState {
                        document_id: r.document_id,
                        closed: false,
                    },
                )
            })
            .collect();
        state.placements = placements;
        let mut events = vec![SessionEvent::RoundStarted {
            round_id: round_id.clone(),
        }];
        events.extend(self.room_assignments(round_id));
        Ok(Outcome {
            documents: rooms.into_iter().map(DocumentEffect::CreateRoom).collect(),
            events,
        })
    }

    /// Ends a running round: every room closes, kept as it is now.
    pub fn end_round(&mut self, round_id: &RoundId, now: i64) -> Result<Outcome, SessionError> {
        if self.round_state(round_id)?.status != RoundStatus::Running {
            return Err(SessionError::RoundNotRunning(round_id.clone()));
        }
        // A message belongs to the round it was sent in.
        self.broadcast = None;
        let state = self.round_state_mut(round_id)?;
        state.status = RoundStatus::Ended;
        state.ended_at = Some(now);
        state.timer_ends_at = None;
        let mut outcome = Outcome::default();
        for (room_id, room) in &mut state.rooms {
            if !room.closed {
                room.closed = true;
                outcome.documents.push(DocumentEffect::SetRoomAccess {
                    round_id: round_id.clone(),
                    room_id: room_id.clone(),
                    document_id: room.document_id,
                    access: RoomAccess::Closed,
                });
                outcome.events.push(SessionEvent::RoomClosed {
                    round_id: round_id.clone(),
                    room_id: room_id.clone(),
                    document_id: room.document_id,
                });
            }
        }
        outcome.events.push(SessionEvent::RoundEnded {
            round_id: round_id.clone(),
        });
        Ok(outcome)
    }

    /// Closes or reopens one room of a started round.
    pub fn set_room_access(
        &mut self,
        room_id: &RoomId,
        access: RoomAccess,
    ) -> Result<Outcome, SessionError> {
        let (round_id, room) = self
            .rounds
            .iter_mut()
            .find_map(|(round_id, state)| state.rooms.get_mut(room_id).map(|r| (round_id, r)))
            .ok_or_else(|| SessionError::UnknownRoom(room_id.clone()))?;
        room.closed = access == RoomAccess::Closed;
        let (round_id, room_id, document_id) =
            (round_id.clone(), room_id.clone(), room.document_id);
        let event = match access {
            RoomAccess::Open => SessionEvent::RoomReopened {
                round_id: round_id.clone(),
                room_id: room_id.clone(),
                document_id,
            },
            RoomAccess::Closed => SessionEvent::RoomClosed {
                round_id: round_id.clone(),
                room_id: room_id.clone(),
                document_id,
            },
        };
        Ok(Outcome {
            documents: vec![DocumentEffect::SetRoomAccess {
                round_id,
                room_id,
                document_id,
                access,
            }],
            events: vec![event],
        })
    }

    /// Sets a running round's timer to `minutes` from now.
    pub fn set_timer(
        &mut self,
        round_id: &RoundId,
        minutes: u32,
        now: i64,
    ) -> Result<SessionEvent, SessionError> {
        if minutes == 0 || minutes > MAX_TIMER_MINUTES {
            return Err(SessionError::InvalidTimer {
                max: MAX_TIMER_MINUTES,
            });
        }
        let state = self.round_state_mut(round_id)?;
        if state.status != RoundStatus::Running {
            return Err(SessionError::RoundNotRunning(round_id.clone()));
        }
        let ends_at = now + i64::from(minutes) * 60_000;
        state.timer_ends_at = Some(ends_at);
        Ok(SessionEvent::Timer {
            round_id: round_id.clone(),
            ends_at,
        })
    }

    /// A message to every device ("nog 10 minuten").
    pub fn broadcast(&mut self, message: &str, now: i64) -> Result<SessionEvent, SessionError> {
        let message = message.trim();
        if message.is_empty() || message.chars().count() > MAX_BROADCAST_CHARS {
            return Err(SessionError::InvalidMessage {
                max: MAX_BROADCAST_CHARS,
            });
        }
        self.broadcast = Some(Broadcast {
            message: message.to_owned(),
            at: now,
        });
        Ok(SessionEvent::Broadcast {
            message: message.to_owned(),
            at: now,
        })
    }

    /// Replaces the plan (rounds, times, groups, statements) before the
    /// first round starts.
    pub fn replace_plan(&mut self, plan: Programme) -> Result<(), SessionError> {
        if self
            .rounds
            .values()
            .any(|r| r.status != RoundStatus::Planned)
        {
            return Err(SessionError::PlanLocked);
        }
        self.rounds = plan
            .rounds
            .iter()
            .map(|r| (r.id.clone(), Default::default()))
            .collect();
        self.plan = plan;
        Ok(())
    }

    pub(super) fn round_state(
        &self,
        round_id: &RoundId,
    ) -> Result<&super::RoundState, SessionError> {
        self.rounds
            .get(round_id)
            .ok_or_else(|| SessionError::UnknownRound(round_id.clone()))
    }

    pub(super) fn round_state_mut(
        &mut self,
        round_id: &RoundId,
    ) -> Result<&mut super::RoundState, SessionError> {
        self.rounds
            .get_mut(round_id)
            .ok_or_else(|| SessionError::UnknownRound(round_id.clone()))
    }

    /// One `RoomAssigned` per placed participant of a started round.
    pub(super) fn room_assignments(&self, round_id: &RoundId) -> Vec<SessionEvent> {
        let Some(state) = self.rounds.get(round_id) else {
            return Vec::new();
        };
        state
            .placements
            .iter()
            .filter_map(|(participant_id, room_id)| {
                state
                    .rooms
                    .get(room_id)
                    .map(|room| SessionEvent::RoomAssigned {
                        participant_id: participant_id.clone(),
                        round_id: round_id.clone(),
                        room_id: room_id.clone(),
                        document_id: room.document_id,
                    })
            })
            .collect()
    }
}
