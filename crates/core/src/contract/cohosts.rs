//! Co-hosts: a second organiser invited by the main organiser with their
//! own link (their own secret), who runs the day alongside and can be
//! revoked. Only the main organiser invites and revokes.

use serde::{Deserialize, Serialize};

/// Longest co-host name, in characters.
pub const MAX_COHOST_NAME: usize = 80;
/// Most co-hosts one session may have at once.
pub const MAX_COHOSTS: usize = 10;

/// `POST /api/sessions/{id}/cohosts`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoHostRequest {
    /// Who is invited, as the organiser will recognise them in the list.
    pub name: String,
}

/// A co-host as the main organiser sees them (never their secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CoHostView {
    pub id: String,
    pub name: String,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub invited_at: i64,
}

/// The reply to an invitation: the only time the co-host's secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CoHostInvite {
    pub cohost: CoHostView,
    /// Goes into the co-host's organiser link (`/o/{id}#secret=…`).
    pub secret: String,
}
