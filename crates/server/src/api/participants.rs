//! Joining without an account, a participant's own view, and the
//! organiser moving people or naming discussion leaders.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use samenbord_core::ids::{ParticipantId, RoomId, RoundId};
use samenbord_core::role::ParticipantRole;
use serde::Deserialize;

use super::auth::bearer;
use super::views::me_view;
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;
use crate::registry::Joined;
use crate::sync::hub::Principal;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    code: String,
    name: String,
    role: String,
}

pub async fn join(
    State(state): State<SharedState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    Json(body): Json<JoinBody>,
) -> Result<(StatusCode, Json<Joined>), ApiError> {
    if !state.join_limiter.allow(address.ip(), Instant::now()) {
        return Err(ApiError::RateLimited);
    }
    let role = ParticipantRole::from_key(&body.role).ok_or_else(|| {
        ApiError::BadRequest(
            format!(
                "unknown role '{}'",
                body.role.chars().take(40).collect::<String>()
            ),
            "invalid-role",
        )
    })?;
    let joined = state
        .registry
        .join(&body.code, &body.name, role, now_ms())
        .await?;
    Ok((StatusCode::CREATED, Json(joined)))
}

pub async fn me(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    let token = bearer(&headers).ok_or(ApiError::Unauthorized)?;
    let Some(Principal::Participant {
        session_id,
        participant_id,
    }) = state.registry.authenticate(token)
    else {
        return Err(ApiError::Unauthorized);
    };
    let slot = state
        .registry
        .slot(&session_id)
        .ok_or(ApiError::NotFound("session"))?;
    let slot = slot.lock().await;
    let participant = ParticipantId::new(participant_id).map_err(|_| ApiError::Unauthorized)?;
    let view = me_view(&slot, &participant).ok_or(ApiError::NotFound("participant"))?;
    Ok(Json(
        serde_json::to_value(view).map_err(|e| ApiError::bad_request(e.to_string()))?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceBody {
    round_id: RoundId,
    group_id: RoomId,
}

fn participant_id(value: String) -> Result<ParticipantId, ApiError> {
    ParticipantId::new(value).map_err(|_| ApiError::NotFound("participant"))
}

pub async fn move_participant(
    State(state): State<SharedState>,
    Path((id, pid)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<PlaceBody>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let pid = participant_id(pid)?;
    state
        .registry
        .update(&slot, |session| {
            let events = session.move_participant(&pid, &body.round_id, &body.group_id)?;
            Ok(((), events))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn lead(
    State(state): State<SharedState>,
    Path((id, pid)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<PlaceBody>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let pid = participant_id(pid)?;
    state
        .registry
        .update(&slot, |session| {
            Ok((
                session.set_leader(&pid, &body.round_id, &body.group_id)?,
                Vec::new(),
            ))
        })
        .await?;
    // The sync server checks reveals against this mirror.
    state.hub.leaders.appoint(
        &id,
        pid.as_str(),
        body.round_id.as_str(),
        body.group_id.as_str(),
    );
    Ok(StatusCode::NO_CONTENT)
}
