//! What grouping needs to know about a round: its groups (rooms), how they
//! are filled ([`Mode`]) and, for homogeneous rounds, the role pools; plus
//! the people to place ([`Participant`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{ElementId, IdError, ParticipantId, RoomId};
use crate::role::ParticipantRole;

/// A role pool inside one homogeneous round, e.g. `schoolleiders-hr`.
/// Same alphabet as every other id.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
#[schema(value_type = String)]
pub struct PoolId(String);

impl PoolId {
    /// Parses and validates a pool id (same rules as [`ElementId`]).
    pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
        let value = value.into();
        match ElementId::new(value.as_str()) {
            Ok(_) => Ok(Self(value)),
            Err(IdError::Empty { .. }) => Err(IdError::Empty { kind: "pool id" }),
            Err(IdError::TooLong { value, max, .. }) => Err(IdError::TooLong {
                kind: "pool id",
                value,
                max,
            }),
            Err(IdError::InvalidCharacter { value, .. }) => Err(IdError::InvalidCharacter {
                kind: "pool id",
                value,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PoolId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for PoolId {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<PoolId> for String {
    fn from(id: PoolId) -> String {
        id.0
    }
}

/// A set of roles that meet among themselves in a homogeneous round, e.g.
/// "Schoolleiders & HR-medewerkers" = school leaders and HR officers. How
/// many groups a pool gets is the number of groups that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub id: PoolId,
    /// Shown to people, e.g. "Schoolleiders & HR-medewerkers".
    pub name: String,
    pub roles: Vec<ParticipantRole>,
}

/// How a round's participants are spread over its groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mode {
    /// Each group belongs to a pool; people meet others of their pool.
    /// Roles in no pool are spread over the smallest groups (with a
    /// warning).
    Homogeneous { pools: Vec<Pool> },
    /// Roles spread evenly over all groups.
    Heterogeneous,
    /// The organiser places everyone by hand.
    Manual,
}

impl Mode {
    /// Whether people's roles decide where they go.
    pub fn groups_by_role(&self) -> bool {
        matches!(self, Self::Homogeneous { .. } | Self::Heterogeneous)
    }

    /// The stable key used in programme files.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Homogeneous { .. } => "homogeneous",
            Self::Heterogeneous => "heterogeneous",
            Self::Manual => "manual",
        }
    }
}

/// One group (room) of a round as grouping sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSpec {
    pub id: RoomId,
    /// The pool the group belongs to; only in homogeneous rounds.
    pub pool: Option<PoolId>,
}

/// Everything about a round that grouping needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundShape {
    pub mode: Mode,
    pub groups: Vec<GroupSpec>,
}

/// Someone to place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub role: ParticipantRole,
    /// A group this person must be in (e.g. a discussion leader and their
    /// room). Pins win over pools and balance.
    pub pin: Option<RoomId>,
}

impl Participant {
    /// An unpinned participant.
    pub fn new(id: ParticipantId, role: ParticipantRole) -> Self {
        Self {
            id,
            role,
            pin: None,
        }
    }

    /// The same participant, pinned to `group`.
    pub fn pinned_to(self, group: RoomId) -> Self {
        Self {
            pin: Some(group),
            ..self
        }
    }
}
