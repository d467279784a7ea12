//! Request bodies, and the checks that belong to them (limits on what a
//! creator may ask for), so every handler only translates.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ids::{ParticipantId, ProgrammeId, RoomId, RoundId, TemplateId};
use crate::role::ParticipantRole;
use crate::session::{Attendance, SessionSettings};

const MAX_TITLE_CHARS: usize = 200;
const MAX_RETENTION_DAYS: u32 = 3650;
const DEFAULT_RETENTION_DAYS: u32 = 30;

/// A request that asks for something no session may have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidRequest {
    /// Stable code for the client, e.g. `invalid-title`.
    pub code: &'static str,
    pub message: String,
}

/// `POST /api/sessions`: a session from a programme or from one card.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionRequest {
    pub title: String,
    /// Give exactly one of `programme_id` and `template_id`.
    #[ts(optional)]
    pub programme_id: Option<ProgrammeId>,
    #[ts(optional)]
    pub template_id: Option<TemplateId>,
    /// Rooms for a single-card session (default 1).
    #[ts(optional)]
    pub groups: Option<u32>,
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub anonymous: bool,
    /// Days until the session deletes itself (default 30).
    #[ts(optional)]
    pub retention_days: Option<u32>,
}

/// Where a new session's plan comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSource<'a> {
    Programme(&'a ProgrammeId),
    Card {
        template: &'a TemplateId,
        groups: u32,
    },
}

impl CreateSessionRequest {
    /// The settings asked for, within the limits.
    pub fn settings(&self) -> Result<SessionSettings, InvalidRequest> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            return Err(InvalidRequest {
                code: "invalid-title",
                message: format!("the title must be 1 to {MAX_TITLE_CHARS} characters"),
            });
        }
        let retention_days = self.retention_days.unwrap_or(DEFAULT_RETENTION_DAYS);
        if retention_days == 0 || retention_days > MAX_RETENTION_DAYS {
            return Err(InvalidRequest {
                code: "invalid-retention",
                message: format!("retention must be 1 to {MAX_RETENTION_DAYS} days"),
            });
        }
        Ok(SessionSettings {
            title: title.to_owned(),
            anonymous: self.anonymous,
            retention_days,
        })
    }

    /// The programme or card the session is made from.
    pub fn source(&self) -> Result<SessionSource<'_>, InvalidRequest> {
        match (&self.programme_id, &self.template_id) {
            (Some(programme), None) => Ok(SessionSource::Programme(programme)),
            (None, Some(template)) => Ok(SessionSource::Card {
                template,
                groups: self.groups.unwrap_or(1),
            }),
            _ => Err(InvalidRequest {
                code: "invalid-plan",
                message: "give exactly one of programme_id and template_id".into(),
            }),
        }
    }
}

/// `POST /api/join`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub name: String,
    pub role: ParticipantRole,
    /// "Ik doe op afstand mee", chosen on the join form; in the room when
    /// left out.
    #[serde(default)]
    #[ts(optional)]
    pub attendance: Option<Attendance>,
}

/// `PUT /api/me/role`: a participant corrects the role they picked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChangeRequest {
    pub role: ParticipantRole,
}

/// `POST …/rounds/{round}/preview`; without a seed the server picks one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    #[ts(optional, type = "number")]
    pub seed: Option<u64>,
}

/// `POST …/rounds/{round}/start`. Without a saved grouping the round
/// groups people as a preview with this seed would: the one the organiser
/// was shown, warnings included. Without a seed the server picks one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    #[ts(optional, type = "number")]
    pub seed: Option<u64>,
}

/// `PUT …/rounds/{round}/assignment`: who goes to which room.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    pub placements: BTreeMap<ParticipantId, RoomId>,
}

/// `POST …/rounds/{round}/timer`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimerRequest {
    pub minutes: u32,
}

/// `POST …/broadcast`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BroadcastRequest {
    pub message: String,
}

/// `POST …/joining`: open or close the join code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoiningRequest {
    pub joining: crate::session::Joining,
}

/// `POST …/participants/{pid}/move` and `…/lead`: a room of a round.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceRequest {
    pub round_id: RoundId,
    pub group_id: RoomId,
}

/// `POST /api/room/roles` (the room's leader) and
/// `POST /api/sessions/{id}/rounds/{round}/rooms/{room}/roles` (the
/// organiser): who holds a conversation role of the card.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub role: crate::ids::ElementId,
    /// `None` takes the role from whoever holds it.
    pub participant: Option<ParticipantId>,
}

/// `PUT /api/me/attendance`: a participant says where they take part from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    pub attendance: crate::session::Attendance,
}

/// `PUT /api/sessions/{id}/rounds/{round}/call-links`: one pattern for the
/// call links of every room of the round, with `{room}` where each room's
/// name goes; `None` (or empty) takes the round's links away.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallPatternRequest {
    pub pattern: Option<String>,
}

/// `PUT /api/sessions/{id}/rounds/{round}/rooms/{room}/call-link`: one
/// room's call link; `None` (or empty) takes it away.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallLinkRequest {
    pub link: Option<String>,
}
