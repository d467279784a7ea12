//! The result of grouping: who is in which group, what the organiser
//! should know about it, and hand adjustments to a preview.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ids::{ParticipantId, RoomId};
use crate::role::ParticipantRole;

use super::error::GroupingError;
use super::shape::PoolId;

/// Who goes where in one round. Every participant appears exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Assignment {
    pub placements: BTreeMap<ParticipantId, RoomId>,
    /// Things the organiser should see before starting the round.
    pub warnings: Vec<GroupingWarning>,
}

/// Something worth telling the organiser; the assignment is still valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum GroupingWarning {
    /// Nobody joined with a role of this pool; its groups hold only pinned
    /// people and people spread from roles in no pool.
    EmptyPool { pool: PoolId },
    /// Too few people of this pool (and no pinned leader in its groups)
    /// for a group of their own: they sit with others, in the groups in
    /// use or, when nobody else is seated, in a group of the pool most of
    /// them belong to (which may be this pool's).
    PoolTooSmall {
        pool: PoolId,
        #[ts(type = "number")]
        people: usize,
    },
    /// People with this role belong to no pool; they were spread over the
    /// smallest groups.
    UnpooledRole {
        role: ParticipantRole,
        #[ts(type = "number")]
        count: usize,
    },
    /// Nobody was placed in this group (more groups than people).
    EmptyGroup { group: RoomId },
    /// Too few people (of this pool, or of the round when `pool` is empty)
    /// to fill every planned group with three or more: these groups stay
    /// empty so that nobody talks alone or in pairs.
    FewerGroups {
        pool: Option<PoolId>,
        #[ts(type = "number")]
        people: usize,
        unused: Vec<RoomId>,
    },
    /// These groups hold one person only: they would have no one to talk
    /// to. Named, so the organiser knows where to look.
    AloneInGroup { groups: Vec<RoomId> },
}

/// What the placements alone say the organiser should know: groups with
/// nobody, and groups where someone would sit alone. The same check for a
/// proposal and for what the organiser saved by hand.
pub fn placement_warnings(
    groups: &[RoomId],
    placements: &BTreeMap<ParticipantId, RoomId>,
) -> Vec<GroupingWarning> {
    let size = |group: &RoomId| placements.values().filter(|g| *g == group).count();
    let mut warnings: Vec<GroupingWarning> = groups
        .iter()
        .filter(|g| size(g) == 0)
        .map(|g| GroupingWarning::EmptyGroup { group: g.clone() })
        .collect();
    let alone: Vec<RoomId> = groups.iter().filter(|g| size(g) == 1).cloned().collect();
    if !alone.is_empty() {
        warnings.push(GroupingWarning::AloneInGroup { groups: alone });
    }
    warnings
}

impl Assignment {
    /// The group `participant` is in.
    pub fn group_of(&self, participant: &ParticipantId) -> Option<&RoomId> {
        self.placements.get(participant)
    }

    /// The members of `group`, in id order.
    pub fn members(&self, group: &RoomId) -> Vec<&ParticipantId> {
        self.placements
            .iter()
            .filter(|(_, g)| *g == group)
            .map(|(p, _)| p)
            .collect()
    }

    /// A hand adjustment to a preview: moves `participant` to `to`, which
    /// must be one of `groups`. This is the organiser's explicit choice, so
    /// it may break balance or a pin; warnings are left as they were.
    /// Returns the group the participant came from.
    pub fn move_participant(
        &mut self,
        participant: &ParticipantId,
        to: &RoomId,
        groups: &[RoomId],
    ) -> Result<RoomId, GroupingError> {
        if !groups.contains(to) {
            return Err(GroupingError::UnknownGroup(to.clone()));
        }
        let slot = self
            .placements
            .get_mut(participant)
            .ok_or_else(|| GroupingError::UnknownParticipant(participant.clone()))?;
        Ok(std::mem::replace(slot, to.clone()))
    }
}
