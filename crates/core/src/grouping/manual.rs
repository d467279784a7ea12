//! Manual grouping: the organiser places people by hand and this checks the
//! result — everyone exactly once, only known groups, pins respected.
//! Pinned people the organiser left out are placed at their pin.

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::{ParticipantId, RoomId};

use super::assignment::{Assignment, placement_warnings};
use super::check::{check_participants, check_shape};
use super::error::{GroupingError, HandProblem};
use super::shape::{Participant, RoundShape};

/// Checks a hand assignment for a round (of any mode) and returns it as an
/// [`Assignment`]; every problem at once in
/// [`GroupingError::InvalidHandAssignment`].
pub fn validate_manual(
    shape: &RoundShape,
    participants: &[Participant],
    hand: &BTreeMap<ParticipantId, RoomId>,
) -> Result<Assignment, GroupingError> {
    let checked = check_shape(shape)?;
    let people = check_participants(participants, &checked)?;
    let known: BTreeSet<&ParticipantId> = people.iter().map(|p| &p.id).collect();
    let mut problems = Vec::new();
    for (participant, group) in hand {
        if !known.contains(participant) {
            problems.push(HandProblem::UnknownParticipant(participant.clone()));
        } else if checked.index_of(group).is_none() {
            problems.push(HandProblem::UnknownGroup {
                participant: participant.clone(),
                group: group.clone(),
            });
        }
    }
    let mut placements = BTreeMap::new();
    for person in &people {
        match (hand.get(&person.id), &person.pin) {
            (Some(placed), Some(pinned)) if placed != pinned => {
                problems.push(HandProblem::PinIgnored {
                    participant: person.id.clone(),
                    pinned: pinned.clone(),
                    placed: placed.clone(),
                });
            }
            (Some(group), _) | (None, Some(group)) => {
                placements.insert(person.id.clone(), group.clone());
            }
            (None, None) => problems.push(HandProblem::Unplaced(person.id.clone())),
        }
    }
    if !problems.is_empty() {
        return Err(GroupingError::InvalidHandAssignment(problems));
    }
    let group_ids: Vec<_> = checked.groups.iter().map(|g| g.id.clone()).collect();
    let warnings = placement_warnings(&group_ids, &placements);
    Ok(Assignment {
        placements,
        warnings,
    })
}
