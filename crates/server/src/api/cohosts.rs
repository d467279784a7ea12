//! Co-hosts: the main organiser invites a second organiser with their own
//! link and can revoke it; a co-host runs the day but cannot invite or
//! revoke.

use axum::extract::State;
use axum::http::StatusCode;
use samenbord_core::contract::{CoHostInvite, CoHostRequest, CoHostView, ErrorBody};
use samenbord_core::ids::SessionId;

use super::extract::{ApiJson, ApiPath, Organiser};
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

#[utoipa::path(get, path = "/api/sessions/{id}/cohosts", tag = "sessions",
    params(("id" = String, Path)), security(("organiser" = [])),
    responses((status = 200, body = Vec<CoHostView>), (status = 403, body = ErrorBody, description = "Only the main organiser")))]
pub async fn list(
    State(state): State<SharedState>,
    organiser: Organiser,
) -> Result<ApiJson<Vec<CoHostView>>, ApiError> {
    organiser.main_only()?;
    Ok(ApiJson(state.registry.cohosts(&organiser.slot).await))
}

#[utoipa::path(post, path = "/api/sessions/{id}/cohosts", tag = "sessions",
    params(("id" = String, Path)), security(("organiser" = [])), request_body = CoHostRequest,
    responses((status = 201, body = CoHostInvite, description = "Invited; the secret is shown only now"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "Only the main organiser")))]
pub async fn invite(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiJson(body): ApiJson<CoHostRequest>,
) -> Result<(StatusCode, ApiJson<CoHostInvite>), ApiError> {
    organiser.main_only()?;
    let invite = state
        .registry
        .invite_cohost(&organiser.slot, &body.name, now_ms())
        .await?;
    Ok((StatusCode::CREATED, ApiJson(invite)))
}

#[utoipa::path(delete, path = "/api/sessions/{id}/cohosts/{cohost}", tag = "sessions",
    params(("id" = String, Path), ("cohost" = String, Path)), security(("organiser" = [])),
    responses((status = 204, description = "Revoked: the co-host's link no longer works"),
        (status = 403, body = ErrorBody, description = "Only the main organiser"), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, cohost)): ApiPath<(SessionId, String)>,
) -> Result<StatusCode, ApiError> {
    organiser.main_only()?;
    state
        .registry
        .revoke_cohost(&organiser.slot, &cohost)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
