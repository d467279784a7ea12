//! Why a session action is refused. Each variant has a stable `code` the
//! HTTP API sends to clients.

use crate::grouping::GroupingError;
use crate::ids::{ParticipantId, RoomId, RoundId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("round '{0}' does not exist in this session")]
    UnknownRound(RoundId),
    #[error("room '{0}' does not exist in this session")]
    UnknownRoom(RoomId),
    #[error("participant '{0}' is not in this session")]
    UnknownParticipant(ParticipantId),
    #[error("round '{running}' is still running: end it before starting '{requested}'")]
    AnotherRoundRunning {
        running: RoundId,
        requested: RoundId,
    },
    #[error("round '{0}' has already started")]
    RoundAlreadyStarted(RoundId),
    #[error("round '{0}' is not running")]
    RoundNotRunning(RoundId),
    #[error("round '{0}' has not started yet")]
    RoundNotStarted(RoundId),
    #[error("the plan cannot change once a round has started")]
    PlanLocked,
    #[error("roles cannot change once a round that groups by role has started")]
    RoleLocked,
    #[error("the name must be 1 to {max} characters")]
    InvalidName { max: usize },
    #[error("the name needs visible letters, without control or direction-changing characters")]
    UnreadableName,
    #[error("joining this session is closed; ask the organiser")]
    JoiningClosed,
    #[error("the message must be 1 to {max} characters")]
    InvalidMessage { max: usize },
    #[error("the timer must be between 1 and {max} minutes")]
    InvalidTimer { max: u32 },
    #[error("this session already has {max} participants")]
    SessionFull { max: usize },
    #[error("invalid plan: {0}")]
    InvalidPlan(String),
    #[error("call link: {0}")]
    InvalidCallLink(#[from] crate::call_link::CallLinkError),
    #[error("grouping: {0}")]
    Grouping(#[from] GroupingError),
}

impl SessionError {
    /// A stable, machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownRound(_) => "unknown-round",
            Self::UnknownRoom(_) => "unknown-room",
            Self::UnknownParticipant(_) => "unknown-participant",
            Self::AnotherRoundRunning { .. } => "another-round-running",
            Self::RoundAlreadyStarted(_) => "round-already-started",
            Self::RoundNotRunning(_) => "round-not-running",
            Self::RoundNotStarted(_) => "round-not-started",
            Self::PlanLocked => "plan-locked",
            Self::RoleLocked => "role-locked",
            Self::InvalidName { .. } | Self::UnreadableName => "invalid-name",
            Self::JoiningClosed => "joining-closed",
            Self::InvalidMessage { .. } => "invalid-message",
            Self::InvalidTimer { .. } => "invalid-timer",
            Self::SessionFull { .. } => "session-full",
            Self::InvalidPlan(_) => "invalid-plan",
            Self::InvalidCallLink(_) => "invalid-call-link",
            Self::Grouping(_) => "grouping",
        }
    }

    /// Whether the request itself was wrong (vs. the state forbids it).
    /// Refused because of what was sent (a 400), not the session's state.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Self::InvalidName { .. }
                | Self::UnreadableName
                | Self::InvalidMessage { .. }
                | Self::InvalidTimer { .. }
                | Self::InvalidPlan(_)
                | Self::InvalidCallLink(_)
        )
    }

    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::UnknownRound(_) | Self::UnknownRoom(_) | Self::UnknownParticipant(_)
        )
    }
}
