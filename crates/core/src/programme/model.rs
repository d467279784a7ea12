//! The validated programme: a day's rounds, each with its times, how people
//! are grouped and the groups with their card and statement.

use serde::{Deserialize, Serialize};

use crate::grouping::{GroupSpec, Mode, PoolId, RoundShape};
use crate::ids::{ProgrammeId, RoomId, RoundId, TemplateId};

use super::clock::ClockTime;

/// A validated programme, e.g. the partnership day of seed 002.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: ProgrammeId,
    pub title: String,
    pub description: String,
    /// In time order, not overlapping.
    pub rounds: Vec<Round>,
}

/// One round (dialogue session) of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub id: RoundId,
    /// E.g. "Dialoogsessie 1".
    pub name: String,
    /// Shown to participants, e.g. how the groups are made up.
    pub description: Option<String>,
    pub start: ClockTime,
    /// Later than `start`.
    pub end: ClockTime,
    /// How participants are grouped; homogeneous rounds carry their pools.
    pub mode: Mode,
    /// One room each; at least one.
    pub groups: Vec<Group>,
}

/// One group (room) of a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Unique within the round.
    pub id: RoomId,
    /// E.g. "Schoolopleiders 2".
    pub name: String,
    /// What the summary groups this room's output under: the target group
    /// or safeguard, e.g. "De lerende leraar". Defaults to the pool's name
    /// (homogeneous) or the group's name.
    pub label: String,
    /// The card the group fills; exists in the template set.
    pub template: TemplateId,
    /// The statement(s) (*stellingen*) put to the group, in order; may be
    /// empty for cards without one.
    pub statements: Vec<String>,
    /// The role pool the group belongs to; exactly for homogeneous rounds.
    pub pool: Option<PoolId>,
}

impl Round {
    /// What grouping needs to place people in this round.
    pub fn shape(&self) -> RoundShape {
        RoundShape {
            mode: self.mode.clone(),
            groups: self
                .groups
                .iter()
                .map(|g| GroupSpec {
                    id: g.id.clone(),
                    pool: g.pool.clone(),
                })
                .collect(),
        }
    }

    /// How many groups belong to `pool` (homogeneous rounds).
    pub fn groups_in_pool(&self, pool: &PoolId) -> usize {
        self.groups
            .iter()
            .filter(|g| g.pool.as_ref() == Some(pool))
            .count()
    }

    pub fn group(&self, id: &RoomId) -> Option<&Group> {
        self.groups.iter().find(|g| &g.id == id)
    }
}

impl Programme {
    pub fn round(&self, id: &RoundId) -> Option<&Round> {
        self.rounds.iter().find(|r| &r.id == id)
    }
}
