//! Organiser actions on rounds and rooms: preview and store grouping,
//! start and end rounds, timers, closing and reopening rooms.

use axum::extract::State;
use axum::http::StatusCode;
use samenbord_core::contract::{
    AssignmentRequest, ErrorBody, PreviewRequest, StartRequest, TimerRequest,
};
use samenbord_core::document_id::DocumentId;
use samenbord_core::grouping::{Assignment, GroupingWarning};
use samenbord_core::ids::{RoomId, RoundId, SessionId};
use samenbord_core::session::{Outcome, RoomAccess};

use super::extract::{ApiJson, ApiPath, OptionalJson, Organiser};
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

#[utoipa::path(post, path = "/api/sessions/{id}/rounds/{round}/preview", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])), request_body(content = PreviewRequest, description = "Optional; without a seed the server picks one"),
    responses((status = 200, body = Assignment, description = "What grouping would do now; nothing is stored"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn preview(
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
    OptionalJson(body): OptionalJson<PreviewRequest>,
) -> Result<ApiJson<Assignment>, ApiError> {
    let seed = body.and_then(|b| b.seed).unwrap_or_else(rand::random);
    let slot = organiser.slot.lock().await;
    Ok(ApiJson(slot.session().preview(&round, seed)?))
}

#[utoipa::path(put, path = "/api/sessions/{id}/rounds/{round}/assignment", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])), request_body = AssignmentRequest,
    responses((status = 200, body = Vec<GroupingWarning>, description = "Stored; the round starts with exactly this grouping. What the organiser should know about it (empty groups, people alone)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn assignment(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
    ApiJson(body): ApiJson<AssignmentRequest>,
) -> Result<ApiJson<Vec<GroupingWarning>>, ApiError> {
    let warnings = state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            let warnings = session.set_placements(&round, body.placements)?;
            Ok((warnings, Outcome::default()))
        })
        .await?;
    Ok(ApiJson(warnings))
}

#[utoipa::path(post, path = "/api/sessions/{id}/rounds/{round}/start", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])),
    request_body(content = StartRequest, description = "Optional; the seed of the preview the organiser saw"),
    responses((status = 204, description = "Rooms created; everyone placed"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn start(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
    OptionalJson(body): OptionalJson<StartRequest>,
) -> Result<StatusCode, ApiError> {
    let now = now_ms();
    let seed = body.and_then(|b| b.seed).unwrap_or_else(rand::random);
    state
        .registry
        .update(&organiser.slot, now, |session| {
            let outcome = session.start_round(&round, seed, now, &mut DocumentId::random)?;
            Ok(((), outcome))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/rounds/{round}/end", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])),
    responses((status = 204, description = "Every room closed, kept as it is"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn end(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
) -> Result<StatusCode, ApiError> {
    let now = now_ms();
    state
        .registry
        .update(&organiser.slot, now, |session| {
            Ok(((), session.end_round(&round, now)?))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/rounds/{round}/timer", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])), request_body = TimerRequest,
    responses((status = 204, description = "Timer set"), (status = 409, body = ErrorBody)))]
pub async fn timer(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
    ApiJson(body): ApiJson<TimerRequest>,
) -> Result<StatusCode, ApiError> {
    let now = now_ms();
    state
        .registry
        .update(&organiser.slot, now, |session| {
            let event = session.set_timer(&round, body.minutes, now)?;
            Ok(((), Outcome::from(vec![event])))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_room_access(
    state: SharedState,
    organiser: Organiser,
    room: RoomId,
    access: RoomAccess,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            Ok(((), session.set_room_access(&room, access)?))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/rooms/{room}/close", tag = "rounds",
    params(("id" = String, Path), ("room" = String, Path)),
    security(("organiser" = [])),
    responses((status = 204, description = "Read-only, kept as it is"), (status = 404, body = ErrorBody)))]
pub async fn close_room(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, room)): ApiPath<(SessionId, RoomId)>,
) -> Result<StatusCode, ApiError> {
    set_room_access(state, organiser, room, RoomAccess::Closed).await
}

#[utoipa::path(post, path = "/api/sessions/{id}/rooms/{room}/reopen", tag = "rounds",
    params(("id" = String, Path), ("room" = String, Path)),
    security(("organiser" = [])),
    responses((status = 204, description = "Writable again"), (status = 404, body = ErrorBody)))]
pub async fn reopen_room(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, room)): ApiPath<(SessionId, RoomId)>,
) -> Result<StatusCode, ApiError> {
    set_room_access(state, organiser, room, RoomAccess::Open).await
}
