//! Joining without an account, a participant's own view, and the
//! organiser moving people or naming discussion leaders.

use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use samenbord_core::contract::{
    CodeCheck, ErrorBody, JoinReply, JoinRequest, JoiningRequest, MeView, PlaceRequest,
    RoleChangeRequest, me_view,
};
use samenbord_core::ids::{ParticipantId, SessionId};
use samenbord_core::session::Outcome;

use super::extract::{ApiJson, ApiPath, ApiQuery, Organiser, Participant};
use crate::app::{SharedState, now_ms};
use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::join_limit::Attempt;
use crate::registry::normalise_code;

/// The header a browser sends with its device key, so wrong codes from
/// one device are limited on their own (see `join_limit`).
pub const DEVICE_HEADER: &str = "x-samenbord-device";

/// Where a join is routed with several nodes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct JoinQuery {
    /// The session the code opens; without it, a node that does not serve
    /// that session answers 307 to this URL with it, so the load balancer
    /// routes the join to the node that does.
    #[param(value_type = Option<String>)]
    pub session: Option<SessionId>,
}

/// Where a code check or a join ends up: answered here, or sent on to
/// the node that serves the session.
enum Routed<T> {
    Here(T),
    Elsewhere(Response),
}

/// What a join and a code check share: the limit on wrong codes per
/// address and device, and with several nodes the 307 to the node that
/// serves the session (`redirect_to` says where, for its id).
async fn by_code<T>(
    state: &SharedState,
    attempt: Attempt<'_>,
    code: &str,
    query: &JoinQuery,
    redirect_to: impl FnOnce(&SessionId) -> String,
    act: impl AsyncFnOnce() -> Result<T, ApiError>,
) -> Result<Routed<T>, ApiError> {
    if !state.join_limiter.allow(attempt, Instant::now()) {
        return Err(ApiError::RateLimited);
    }
    let result = match state.registry.session_of_code(code).await {
        Ok(session) if query.session.is_none() && !state.registry.serves(&session) => {
            // 307 keeps the method and body; the browser follows it.
            let to = redirect_to(&session);
            return Ok(Routed::Elsewhere(Redirect::temporary(&to).into_response()));
        }
        Ok(_) => act().await,
        Err(error) => Err(error),
    };
    if let Err(ApiError::NotFound(_)) = &result {
        state.join_limiter.wrong_code(attempt, Instant::now());
    }
    result.map(Routed::Here)
}

fn attempt_of<'a>(address: std::net::IpAddr, headers: &'a HeaderMap) -> Attempt<'a> {
    Attempt {
        address,
        device: headers.get(DEVICE_HEADER).and_then(|v| v.to_str().ok()),
    }
}

#[utoipa::path(get, path = "/api/join/{code}", tag = "participants",
    params(("code" = String, Path), JoinQuery, ("X-Samenbord-Device" = Option<String>, Header,
        description = "As for the join: wrong codes are limited per device as well as per address")),
    responses((status = 200, body = CodeCheck, description = "The code opens this session and this device may join"),
        (status = 307, description = "Another node serves the session: the same request again at `Location`"),
        (status = 403, body = ErrorBody, description = "Joining is closed (`joining-closed`), or the organiser removed this device (`revoked`)"),
        (status = 404, body = ErrorBody, description = "Unknown code"),
        (status = 429, body = ErrorBody)))]
pub async fn check_code(
    State(state): State<SharedState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<JoinQuery>,
) -> Result<Response, ApiError> {
    let attempt = attempt_of(address, &headers);
    let routed = by_code(
        &state,
        attempt,
        &code,
        &query,
        |session| format!("/api/join/{}?session={session}", normalise_code(&code)),
        async || state.registry.check_code(&code, attempt.device).await,
    )
    .await?;
    Ok(match routed {
        Routed::Here(check) => ApiJson(check).into_response(),
        Routed::Elsewhere(response) => response,
    })
}

#[utoipa::path(post, path = "/api/join", tag = "participants",
    params(JoinQuery, ("X-Samenbord-Device" = Option<String>, Header,
        description = "A random key the browser keeps; wrong codes are limited per device as well as per address")),
    request_body = JoinRequest,
    responses((status = 201, body = JoinReply, description = "Joined; the device keeps the token"),
        (status = 307, description = "Another node serves the session: the same request again at `Location`"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "Joining is closed (`joining-closed`), or the organiser removed this device (`revoked`)"),
        (status = 404, body = ErrorBody, description = "Unknown code"),
        (status = 429, body = ErrorBody)))]
pub async fn join(
    State(state): State<SharedState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<JoinQuery>,
    ApiJson(body): ApiJson<JoinRequest>,
) -> Result<Response, ApiError> {
    let attempt = attempt_of(address, &headers);
    let routed = by_code(
        &state,
        attempt,
        &body.code,
        &query,
        |session| format!("/api/join?session={session}"),
        async || {
            state
                .registry
                .join(
                    &body.code,
                    &body.name,
                    body.role,
                    body.attendance.unwrap_or_default(),
                    attempt.device,
                    now_ms(),
                )
                .await
        },
    )
    .await?;
    Ok(match routed {
        Routed::Here(reply) => (StatusCode::CREATED, ApiJson(reply)).into_response(),
        Routed::Elsewhere(response) => response,
    })
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

#[utoipa::path(put, path = "/api/me/role", tag = "participants",
    security(("participant" = [])), request_body = RoleChangeRequest,
    responses((status = 200, body = MeView, description = "The role is corrected"),
        (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A round that groups by role has started (`role-locked`)")))]
pub async fn change_role(
    State(state): State<SharedState>,
    participant: Participant,
    ApiJson(body): ApiJson<RoleChangeRequest>,
) -> Result<ApiJson<MeView>, ApiError> {
    let id = participant.participant_id.clone();
    state
        .registry
        .update(&participant.slot, now_ms(), |session| {
            let events = session.change_role(&id, body.role)?;
            Ok(((), Outcome::from(events)))
        })
        .await?;
    me(participant).await
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
