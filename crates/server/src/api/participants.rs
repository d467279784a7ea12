//! Joining without an account, a participant's own view, and the
//! organiser moving people or naming discussion leaders.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use samenbord_core::contract::{
    ErrorBody, JoinReply, JoinRequest, JoiningRequest, MeView, PlaceRequest, me_view,
};
use samenbord_core::ids::{ParticipantId, SessionId};
use samenbord_core::session::Outcome;

use super::extract::{ApiJson, ApiPath, Organiser, Participant};
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

#[utoipa::path(post, path = "/api/join", tag = "participants",
    request_body = JoinRequest,
    responses((status = 201, body = JoinReply, description = "Joined; the device keeps the token"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "Joining is closed"),
        (status = 404, body = ErrorBody, description = "Unknown code"),
        (status = 429, body = ErrorBody)))]
pub async fn join(
    State(state): State<SharedState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<JoinRequest>,
) -> Result<(StatusCode, ApiJson<JoinReply>), ApiError> {
    if !state.join_limiter.allow(address.ip(), Instant::now()) {
        return Err(ApiError::RateLimited);
    }
    let joined = state
        .registry
        .join(&body.code, &body.name, body.role, now_ms())
        .await;
    if let Err(ApiError::NotFound(_)) = &joined {
        state.join_limiter.wrong_code(address.ip(), Instant::now());
    }
    Ok((StatusCode::CREATED, ApiJson(joined?)))
}

#[utoipa::path(get, path = "/api/me", tag = "participants",
    security(("participant" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(participant: Participant) -> Result<ApiJson<MeView>, ApiError> {
    let slot = participant.slot.lock().await;
    let private = slot.private_document(&participant.participant_id);
    me_view(slot.session(), &participant.participant_id, private)
        .map(ApiJson)
        .ok_or(ApiError::NotFound("participant"))
}

#[utoipa::path(post, path = "/api/sessions/{id}/participants/{pid}/move", tag = "participants",
    params(("id" = String, Path), ("pid" = String, Path)),
    security(("organiser" = [])), request_body = PlaceRequest,
    responses((status = 204, description = "Moved; a device in a running round follows at once"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn move_participant(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, pid)): ApiPath<(SessionId, ParticipantId)>,
    ApiJson(body): ApiJson<PlaceRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            let events = session.move_participant(&pid, &body.round_id, &body.group_id)?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/participants/{pid}/lead", tag = "participants",
    params(("id" = String, Path), ("pid" = String, Path)),
    security(("organiser" = [])), request_body = PlaceRequest,
    responses((status = 204, description = "Appointed discussion leader of that room"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn lead(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, pid)): ApiPath<(SessionId, ParticipantId)>,
    ApiJson(body): ApiJson<PlaceRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            let events = session.set_leader(&pid, &body.round_id, &body.group_id)?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/participants/{pid}/revoke", tag = "participants",
    params(("id" = String, Path), ("pid" = String, Path)),
    security(("organiser" = [])),
    responses((status = 204, description = "Removed: the token stops working and the device's sockets close with a reason; what they wrote stays"),
        (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, pid)): ApiPath<(SessionId, ParticipantId)>,
) -> Result<StatusCode, ApiError> {
    state.registry.revoke(&organiser.slot, &pid).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/joining", tag = "participants",
    params(("id" = String, Path)),
    security(("organiser" = [])), request_body = JoiningRequest,
    responses((status = 204, description = "The join code now lets people in, or not"),
        (status = 404, body = ErrorBody)))]
pub async fn set_joining(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiJson(body): ApiJson<JoiningRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            session.set_joining(body.joining);
            Ok(((), Outcome::default()))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
