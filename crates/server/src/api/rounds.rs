//! Organiser actions on rounds and rooms: preview and store grouping,
//! start and end rounds, timers, closing and reopening rooms.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use samenbord_core::grouping::Assignment;
use samenbord_core::ids::{ParticipantId, RoomId, RoundId};
use serde::Deserialize;

use super::auth::bearer;
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

fn round_id(value: &str) -> Result<RoundId, ApiError> {
    RoundId::new(value).map_err(|_| ApiError::NotFound("round"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    seed: Option<u64>,
}

pub async fn preview(
    State(state): State<SharedState>,
    Path((id, round)): Path<(String, String)>,
    headers: HeaderMap,
    body: Option<Json<PreviewBody>>,
) -> Result<Json<Assignment>, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let round = round_id(&round)?;
    let seed = body.and_then(|Json(b)| b.seed).unwrap_or_else(rand::random);
    let slot = slot.lock().await;
    Ok(Json(slot.session().preview(&round, seed)?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentBody {
    assignment: BTreeMap<ParticipantId, RoomId>,
}

pub async fn assignment(
    State(state): State<SharedState>,
    Path((id, round)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<AssignmentBody>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let round = round_id(&round)?;
    state
        .registry
        .update(&slot, |session| {
            Ok((session.set_placements(&round, body.assignment)?, Vec::new()))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn start(
    State(state): State<SharedState>,
    Path((id, round)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let round = round_id(&round)?;
    let content = &state.content;
    state
        .registry
        .start_round(&slot, &round, rand::random(), now_ms(), |template| {
            content
                .templates
                .get(template)
                .and_then(|t| t.initial_phase.as_ref())
                .map(ToString::to_string)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn end(
    State(state): State<SharedState>,
    Path((id, round)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let round = round_id(&round)?;
    let now = now_ms();
    state
        .registry
        .change_rooms(&slot, now, |session| session.end_round(&round, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerBody {
    minutes: u32,
}

pub async fn timer(
    State(state): State<SharedState>,
    Path((id, round)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<TimerBody>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let round = round_id(&round)?;
    state
        .registry
        .update(&slot, |session| {
            let event = session.set_timer(&round, body.minutes, now_ms())?;
            Ok(((), vec![event]))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_room_open(
    state: SharedState,
    id: String,
    room: String,
    headers: HeaderMap,
    open: bool,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let room = RoomId::new(room).map_err(|_| ApiError::NotFound("room"))?;
    state
        .registry
        .change_rooms(&slot, now_ms(), |session| {
            Ok(vec![session.set_room_open(&room, open)?])
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn close_room(
    State(state): State<SharedState>,
    Path((id, room)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    set_room_open(state, id, room, headers, false).await
}

pub async fn reopen_room(
    State(state): State<SharedState>,
    Path((id, room)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    set_room_open(state, id, room, headers, true).await
}
