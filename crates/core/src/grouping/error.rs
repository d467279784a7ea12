//! Why a round cannot be grouped, or a hand assignment or move is refused.

use crate::ids::{ParticipantId, RoomId};
use crate::role::ParticipantRole;

use super::shape::PoolId;

/// Everything grouping refuses. A round shape built from a validated
/// programme never triggers the shape variants; they guard hand-built input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupingError {
    #[error("the round has no groups")]
    NoGroups,
    #[error("group '{0}' appears more than once")]
    DuplicateGroup(RoomId),
    #[error("pool '{0}' appears more than once")]
    DuplicatePool(PoolId),
    #[error("role '{}' is in both pool '{first}' and pool '{second}'", role.key())]
    RoleInTwoPools {
        role: ParticipantRole,
        first: PoolId,
        second: PoolId,
    },
    #[error("group '{0}' of a homogeneous round has no pool")]
    GroupWithoutPool(RoomId),
    #[error("group '{group}' names unknown pool '{pool}'")]
    UnknownPool { group: RoomId, pool: PoolId },
    #[error("group '{group}' has pool '{pool}', but only homogeneous rounds have pools")]
    PoolOutsideHomogeneous { group: RoomId, pool: PoolId },
    #[error("pool '{0}' has no groups")]
    PoolWithoutGroups(PoolId),
    #[error("participant '{0}' appears more than once")]
    DuplicateParticipant(ParticipantId),
    #[error("participant '{participant}' is pinned to unknown group '{group}'")]
    UnknownPinGroup {
        participant: ParticipantId,
        group: RoomId,
    },
    #[error("this round is grouped by hand: validate a hand assignment instead")]
    ManualRound,
    #[error("the hand assignment is not valid: {}", list(.0))]
    InvalidHandAssignment(Vec<HandProblem>),
    #[error("participant '{0}' is not in this round")]
    UnknownParticipant(ParticipantId),
    #[error("group '{0}' is not in this round")]
    UnknownGroup(RoomId),
}

/// One thing wrong with a hand assignment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandProblem {
    #[error("participant '{0}' is not placed")]
    Unplaced(ParticipantId),
    #[error("participant '{0}' is placed but not in this round")]
    UnknownParticipant(ParticipantId),
    #[error("participant '{participant}' is placed in unknown group '{group}'")]
    UnknownGroup {
        participant: ParticipantId,
        group: RoomId,
    },
    #[error("participant '{participant}' is pinned to '{pinned}' but placed in '{placed}'")]
    PinIgnored {
        participant: ParticipantId,
        pinned: RoomId,
        placed: RoomId,
    },
}

fn list(problems: &[HandProblem]) -> String {
    let parts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    parts.join("; ")
}
