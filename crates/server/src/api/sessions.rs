//! Creating, showing, editing and deleting sessions; the live overview and
//! broadcasts.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use samenbord_core::contract::{
    BroadcastRequest, CreateSessionRequest, CreatedSession, ErrorBody, OrganiserView, RoomOverview,
    SessionSource, join_url, organiser_view, room_overviews,
};
use samenbord_core::ids::RoundId;
use samenbord_core::programme::Programme;
use samenbord_core::session::{Outcome, PlanEdit, single_card_plan};
use serde::Deserialize;

use super::extract::{ApiJson, ApiQuery, Organiser};
use crate::app::{SharedState, now_ms};
use crate::error::ApiError;

#[utoipa::path(post, path = "/api/sessions", tag = "sessions",
    request_body = CreateSessionRequest,
    responses(
        (status = 201, body = CreatedSession, description = "The session; the organiser secret is shown only now"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody, description = "Unknown programme or template"),
        (status = 429, body = ErrorBody, description = "Too many sessions created from this address, or by everyone, just now"),
        (status = 503, body = ErrorBody, description = "The server holds as many sessions as it may")))]
pub async fn create(
    State(state): State<SharedState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<CreateSessionRequest>,
) -> Result<(StatusCode, ApiJson<CreatedSession>), ApiError> {
    if state.registry.session_count() >= state.max_sessions {
        return Err(ApiError::Full(
            "this server holds as many sessions as it may; ask its operator",
        ));
    }
    state
        .creation
        .admit(address.ip(), Instant::now())
        .map_err(|_| ApiError::RateLimited)?;
    let settings = body.settings()?;
    let plan = plan_for(&state, &body, &settings.title)?;
    let created = state.registry.create(settings, plan, now_ms()).await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(CreatedSession {
            organiser_url: format!(
                "{}/o/{}#secret={}",
                state.public_url, created.session_id, created.organiser_secret
            ),
            join_url: join_url(&state.public_url, &created.join_code),
            session_id: created.session_id,
            join_code: created.join_code,
            organiser_secret: created.organiser_secret,
        }),
    ))
}

fn plan_for(
    state: &SharedState,
    body: &CreateSessionRequest,
    title: &str,
) -> Result<Programme, ApiError> {
    match body.source()? {
        SessionSource::Programme(id) => state
            .content
            .programmes
            .get(id)
            .cloned()
            .ok_or(ApiError::NotFound("programme")),
        SessionSource::Card { template, groups } => {
            if !state.content.templates.contains_key(template) {
                return Err(ApiError::NotFound("template"));
            }
            single_card_plan(title, template, groups)
                .map_err(|e| ApiError::BadRequest(e.to_string(), "invalid-plan"))
        }
    }
}

#[utoipa::path(get, path = "/api/sessions/{id}", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("organiser" = [])),
    responses((status = 200, body = OrganiserView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<SharedState>,
    organiser: Organiser,
) -> ApiJson<OrganiserView> {
    let view = {
        let slot = organiser.slot.lock().await;
        organiser_view(
            slot.session(),
            slot.join_code(),
            &state.public_url,
            organiser.host.standing(),
        )
    };
    // Loading a room is how the server learns it is not whole: every
    // room is checked, so the organiser hears of it on opening the console.
    let mut damaged = Vec::new();
    for id in view.room_documents() {
        if state.hub.not_whole(id).await {
            damaged.push(id);
        }
    }
    ApiJson(view.with_incomplete(|id| damaged.contains(id)))
}

#[utoipa::path(delete, path = "/api/sessions/{id}", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("organiser" = [])),
    responses((status = 204, description = "Deleted: documents, snapshots, tokens"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "Only the main organiser"),
        (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<SharedState>,
    organiser: Organiser,
) -> Result<StatusCode, ApiError> {
    organiser.main_only()?;
    state.registry.delete(&organiser.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/sessions/{id}/plan", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("organiser" = [])), request_body = PlanEdit,
    responses((status = 204, description = "Saved"), (status = 409, body = ErrorBody,
        description = "Invalid plan, or a round has started")))]
pub async fn replace_plan(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiJson(edit): ApiJson<PlanEdit>,
) -> Result<StatusCode, ApiError> {
    state
        .registry
        .update(&organiser.slot, now_ms(), |session| {
            Ok((session.edit_plan(&edit)?, Outcome::default()))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/broadcast", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("organiser" = [])), request_body = BroadcastRequest,
    responses((status = 204, description = "Sent to every device"),
        (status = 409, body = ErrorBody)))]
pub async fn broadcast(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiJson(body): ApiJson<BroadcastRequest>,
) -> Result<StatusCode, ApiError> {
    let now = now_ms();
    state
        .registry
        .update(&organiser.slot, now, |session| {
            let event = session.broadcast(&body.message, now)?;
            Ok(((), Outcome::from(vec![event])))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    /// The round to show; by default the current one.
    round: Option<RoundId>,
}

#[utoipa::path(get, path = "/api/sessions/{id}/overview", tag = "sessions",
    params(("id" = String, Path, description = "Session id"), OverviewQuery),
    security(("organiser" = [])),
    responses((status = 200, body = Vec<RoomOverview>, description = "Every room of the round, live")))]
pub async fn overview(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiQuery(query): ApiQuery<OverviewQuery>,
) -> Result<ApiJson<Vec<RoomOverview>>, ApiError> {
    let (rooms, running_since) = {
        let slot = organiser.slot.lock().await;
        let session = slot.session();
        let rooms = room_overviews(session, query.round.as_ref())?;
        let running_since = rooms
            .first()
            .and_then(|r| session.running_since(&r.overview.round_id));
        (rooms, running_since)
    };
    let mut out = Vec::with_capacity(rooms.len());
    for watch in rooms {
        let mut snapshot = state.hub.snapshot(watch.document_id).await?;
        // Reading a room someone wrote to takes milliseconds (3 ms at 50
        // notes): off the runtime's workers, which carry everyone's sync.
        let (shared, id) = (state.clone(), watch.document_id);
        let bytes = std::mem::take(&mut snapshot.bytes);
        let room = tokio::task::spawn_blocking(move || shared.room_reads.read(id, bytes))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?;
        out.push(watch.with_live(
            room.as_deref(),
            &snapshot.participants,
            snapshot.last_change_at,
            running_since,
            now_ms(),
        ));
    }
    Ok(ApiJson(out))
}
