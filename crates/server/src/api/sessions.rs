//! Creating, showing, editing and deleting sessions; the live overview and
//! broadcasts.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use samenbord_core::ids::{ProgrammeId, RoundId, TemplateId};
use samenbord_core::programme::Programme;
use samenbord_core::room::read_room;
use samenbord_core::session::{PlanEdit, SessionSettings, single_card_plan};
use serde::{Deserialize, Serialize};

use super::auth::bearer;
use super::views::{join_url, organiser_view};
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

const MAX_TITLE_CHARS: usize = 200;
const MAX_RETENTION_DAYS: u32 = 3650;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    title: String,
    programme_id: Option<String>,
    template_id: Option<String>,
    /// Rooms for a single-card session (default 1).
    groups: Option<u32>,
    #[serde(default)]
    anonymous: bool,
    retention_days: Option<u32>,
}

#[derive(Serialize)]
pub struct CreatedView {
    session_id: String,
    join_code: String,
    join_url: String,
    organiser_secret: String,
    organiser_url: String,
}

pub async fn create(
    State(state): State<SharedState>,
    Json(body): Json<CreateSession>,
) -> Result<(StatusCode, Json<CreatedView>), ApiError> {
    let title = body.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::BadRequest(
            format!("the title must be 1 to {MAX_TITLE_CHARS} characters"),
            "invalid-title",
        ));
    }
    let retention_days = body.retention_days.unwrap_or(30);
    if retention_days == 0 || retention_days > MAX_RETENTION_DAYS {
        return Err(ApiError::BadRequest(
            format!("retention must be 1 to {MAX_RETENTION_DAYS} days"),
            "invalid-retention",
        ));
    }
    let plan = plan_for(&state, &body, title)?;
    let settings = SessionSettings {
        title: title.to_owned(),
        anonymous: body.anonymous,
        retention_days,
    };
    let created = state.registry.create(settings, plan, now_ms()).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedView {
            organiser_url: format!(
                "{}/o/{}#secret={}",
                state.public_url, created.session_id, created.organiser_secret
            ),
            join_url: join_url(&state.public_url, &created.join_code),
            session_id: created.session_id.to_string(),
            join_code: created.join_code,
            organiser_secret: created.organiser_secret,
        }),
    ))
}

fn plan_for(state: &SharedState, body: &CreateSession, title: &str) -> Result<Programme, ApiError> {
    match (&body.programme_id, &body.template_id) {
        (Some(id), None) => {
            let id = ProgrammeId::new(id.as_str()).map_err(|_| ApiError::NotFound("programme"))?;
            state
                .content
                .programmes
                .get(&id)
                .cloned()
                .ok_or(ApiError::NotFound("programme"))
        }
        (None, Some(id)) => {
            let id = TemplateId::new(id.as_str()).map_err(|_| ApiError::NotFound("template"))?;
            if !state.content.templates.contains_key(&id) {
                return Err(ApiError::NotFound("template"));
            }
            let groups = body.groups.unwrap_or(1);
            single_card_plan(title, &id, groups).map_err(|e| ApiError::bad_request(e.to_string()))
        }
        _ => Err(ApiError::BadRequest(
            "give exactly one of programme_id and template_id".into(),
            "invalid-plan",
        )),
    }
}

pub async fn show(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let slot = slot.lock().await;
    let view = organiser_view(&slot, &state.public_url);
    Ok(Json(
        serde_json::to_value(view).map_err(|e| ApiError::bad_request(e.to_string()))?,
    ))
}

pub async fn delete(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    state.registry.as_organiser(&id, bearer(&headers))?;
    state.registry.delete(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn replace_plan(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(edit): Json<PlanEdit>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    state
        .registry
        .update(&slot, |session| Ok((session.edit_plan(&edit)?, Vec::new())))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct BroadcastBody {
    message: String,
}

pub async fn broadcast(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<BroadcastBody>,
) -> Result<StatusCode, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    state
        .registry
        .update(&slot, |session| {
            let event = session.broadcast(&body.message, now_ms())?;
            Ok(((), vec![event]))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct OverviewQuery {
    round: Option<String>,
}

#[derive(Serialize)]
pub struct RoomOverview {
    round_id: String,
    room_id: String,
    group_name: String,
    label: String,
    closed: bool,
    /// People placed in the room.
    people: usize,
    /// Devices connected to the room's document now.
    connected: usize,
    /// Notes on the card (deleted ones not counted).
    notes: usize,
    last_activity: Option<i64>,
}

pub async fn overview(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    Query(query): Query<OverviewQuery>,
    headers: HeaderMap,
) -> Result<Json<Vec<RoomOverview>>, ApiError> {
    let slot = state.registry.as_organiser(&id, bearer(&headers))?;
    let rooms = {
        let slot = slot.lock().await;
        let session = slot.session();
        let round_id = match &query.round {
            Some(round) => {
                Some(RoundId::new(round.as_str()).map_err(|_| ApiError::NotFound("round"))?)
            }
            None => session.current_round().cloned(),
        };
        let Some(round_id) = round_id else {
            return Ok(Json(Vec::new()));
        };
        let plan = session
            .plan
            .round(&round_id)
            .ok_or(ApiError::NotFound("round"))?;
        let round_state = session
            .rounds
            .get(&round_id)
            .ok_or(ApiError::NotFound("round"))?;
        plan.groups
            .iter()
            .filter_map(|group| {
                let room = round_state.rooms.get(&group.id)?;
                Some((
                    RoomOverview {
                        round_id: round_id.to_string(),
                        room_id: group.id.to_string(),
                        group_name: group.name.clone(),
                        label: group.label.clone(),
                        closed: room.closed,
                        people: round_state
                            .placements
                            .values()
                            .filter(|r| **r == group.id)
                            .count(),
                        connected: 0,
                        notes: 0,
                        last_activity: None,
                    },
                    room.document_id.clone(),
                ))
            })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::with_capacity(rooms.len());
    for (mut view, document_id) in rooms {
        let document_id = document_id
            .parse()
            .map_err(|_| ApiError::bad_request("invalid document id"))?;
        let snapshot = state.hub.snapshot(document_id).await?;
        let doc = automerge::AutoCommit::load(&snapshot.bytes)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        if let Ok(room) = read_room(&doc) {
            view.notes = room.notes.values().filter(|n| !n.deleted).count();
        }
        view.connected = snapshot.peers;
        view.last_activity = snapshot.last_change_at;
        out.push(view);
    }
    Ok(Json(out))
}
