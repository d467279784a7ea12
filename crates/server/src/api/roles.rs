//! Who holds the conversation roles of a card (procesbegeleider,
//! verslaglegger, gespreksleider): the room's appointed leader or the
//! organiser assigns them; core decides who may; the server writes the
//! room document so every device shows the same holders.

use axum::extract::State;
use axum::http::StatusCode;
use samenbord_core::contract::{ErrorBody, RoleRequest};
use samenbord_core::ids::{RoomId, SessionId};
use samenbord_core::room::set_role;
use samenbord_core::session::Session;
use samenbord_core::template::RoleKind;

use super::extract::{ApiJson, ApiPath, Organiser, Participant};
use crate::app::SharedState;
use crate::error::ApiError;
use crate::sync::document_id::DocumentId;

/// The room's document, once the role is known on its card.
fn room_document(
    state: &SharedState,
    session: &Session,
    room_id: &RoomId,
    role: &RoleRequest,
) -> Result<DocumentId, ApiError> {
    let round_id = session.current_round().ok_or(ApiError::NotFound("round"))?;
    let template = session
        .plan
        .round(round_id)
        .and_then(|r| r.group(room_id))
        .and_then(|g| state.content.templates.get(&g.template))
        .ok_or(ApiError::NotFound("room"))?;
    let Some(card_role) = template.roles.iter().find(|r| r.id == role.role) else {
        return Err(ApiError::BadRequest(
            format!("this card has no role '{}'", role.role),
            "unknown-role",
        ));
    };
    if card_role.kind == RoleKind::Leader {
        return Err(ApiError::BadRequest(
            "the room's leader is appointed with the grouping, not assigned as a role".into(),
            "leader-role",
        ));
    }
    if !session.seated(room_id, role.participant.as_ref()) {
        return Err(ApiError::BadRequest(
            "that person is not in this room".into(),
            "not-in-room",
        ));
    }
    session
        .rounds
        .get(round_id)
        .and_then(|r| r.rooms.get(room_id))
        .map(|room| room.document_id)
        .ok_or(ApiError::NotFound("room"))
}

async fn write(
    state: &SharedState,
    document: DocumentId,
    role: RoleRequest,
) -> Result<(), ApiError> {
    state
        .hub
        .apply(document, None, move |doc| {
            set_role(
                doc,
                role.role.as_str(),
                role.participant.as_ref().map(|p| p.as_str()),
            )
            .map_err(|e| e.to_string())
        })
        .await?;
    Ok(())
}

#[utoipa::path(post, path = "/api/room/roles", tag = "rounds",
    security(("participant" = [])), request_body = RoleRequest,
    responses((status = 204, description = "Role assigned in my room"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "Only the room's leader assigns roles")))]
pub async fn assign_in_my_room(
    State(state): State<SharedState>,
    participant: Participant,
    ApiJson(body): ApiJson<RoleRequest>,
) -> Result<StatusCode, ApiError> {
    let document = {
        let slot = participant.slot.lock().await;
        let session = slot.session();
        let (_, room_id, _) = session
            .room_of(&participant.participant_id)
            .ok_or(ApiError::NotFound("room"))?;
        let room_id = room_id.clone();
        let document = room_document(&state, session, &room_id, &body)?;
        if !session.may_assign_role(
            &participant.participant_id,
            &room_id,
            body.participant.as_ref(),
        ) {
            return Err(ApiError::Forbidden);
        }
        document
    };
    write(&state, document, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/sessions/{id}/rooms/{room}/roles", tag = "rounds",
    params(("id" = String, Path), ("room" = String, Path)),
    security(("organiser" = [])), request_body = RoleRequest,
    responses((status = 204, description = "Role assigned"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn assign(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiPath((_, room)): ApiPath<(SessionId, RoomId)>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> Result<StatusCode, ApiError> {
    let document = {
        let slot = organiser.slot.lock().await;
        room_document(&state, slot.session(), &room, &body)?
    };
    write(&state, document, body).await?;
    Ok(StatusCode::NO_CONTENT)
}
