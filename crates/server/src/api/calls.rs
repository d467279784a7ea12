//! Taking part from elsewhere: a participant says whether they are in the
//! room or remote (only for themselves), and the organiser (or a co-host)
//! gives the rooms of a round their call links. The rules — which links
//! are accepted, how a pattern becomes each room's link — are the core's.

use axum::extract::State;
use axum::http::StatusCode;
use samenbord_core::contract::{
    AttendanceRequest, CallLinkRequest, CallPatternRequest, ErrorBody, MeView,
};
use samenbord_core::ids::{RoomId, RoundId, SessionId};
use samenbord_core::session::Outcome;

use super::extract::{ApiJson, ApiPath, Organiser, Participant};
use super::participants::me;
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

#[utoipa::path(put, path = "/api/me/attendance", tag = "participants",
    security(("participant" = [])), request_body = AttendanceRequest,
    responses((status = 200, body = MeView, description = "Kept with the participant; a remote participant's room shows its call link"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn set_attendance(
    State(state): State<SharedState>,
    participant: Participant,
    ApiJson(body): ApiJson<AttendanceRequest>,
) -> Result<ApiJson<MeView>, ApiError> {
    let id = participant.participant_id.clone();
    state
        .registry
        .update(&participant.slot, now_ms(), |session| {
            let events = session.set_attendance(&id, body.attendance)?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    me(participant).await
}

#[utoipa::path(put, path = "/api/sessions/{id}/rounds/{round}/call-links", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path)),
    security(("organiser" = [])), request_body = CallPatternRequest,
    responses((status = 204, description = "Every room of the round has its link from the pattern (or none)"),
        (status = 400, body = ErrorBody, description = "Not an http(s) link with `{room}` (`invalid-call-link`)"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn call_pattern(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round)): ApiPath<(SessionId, RoundId)>,
    ApiJson(body): ApiJson<CallPatternRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            let events = session.set_call_pattern(&round, body.pattern.as_deref())?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/sessions/{id}/rounds/{round}/rooms/{room}/call-link", tag = "rounds",
    params(("id" = String, Path), ("round" = String, Path), ("room" = String, Path)),
    security(("organiser" = [])), request_body = CallLinkRequest,
    responses((status = 204, description = "The room's call link is set (or taken away)"),
        (status = 400, body = ErrorBody, description = "Not an http(s) link (`invalid-call-link`)"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn call_link(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, round, room)): ApiPath<(SessionId, RoundId, RoomId)>,
    ApiJson(body): ApiJson<CallLinkRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            let events = session.set_call_link(&round, &room, body.link.as_deref())?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
