//! Files a group attaches to its room (the data under discussion): a room
//! member uploads one, the server stores it within the per-participant and
//! per-session bounds core sets, and members of that room fetch it with
//! their token. Files go with their session when it is deleted.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samenbord_core::attachment::{AttachmentLimits, AttachmentRefusal, clean_file_name};
use samenbord_core::contract::{AttachmentUploaded, ErrorBody};
use samenbord_core::ids::AttachmentId;

use super::auth::bearer;
use super::extract::{ApiJson, ApiPath, ApiQuery, Participant};
use crate::app::SharedState;
use crate::error::ApiError;
use crate::storage::{AttachmentRecord, PutOutcome};
use crate::sync::hub::Principal;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// The file's name as the uploader's device knows it.
    pub name: Option<String>,
}

fn new_attachment_id() -> Result<AttachmentId, ApiError> {
    let bytes: [u8; 12] = rand::random();
    AttachmentId::new(format!("a{}", bs58::encode(bytes).into_string())).map_err(ApiError::internal)
}

/// Only types a browser shows as data, never as a page that runs script.
fn safe_content_type(headers: &HeaderMap) -> String {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let allowed = given.starts_with("image/") && given != "image/svg+xml"
        || given == "application/pdf"
        || given == "text/csv"
        || given == "text/plain"
        || given.starts_with("application/vnd.");
    if allowed {
        given
    } else {
        "application/octet-stream".to_owned()
    }
}

#[utoipa::path(post, path = "/api/attachments", tag = "attachments",
    params(UploadQuery), security(("participant" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentUploaded, description = "Stored for the uploader's room"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not in a room, or the participant or session holds as many files as it may"),
        (status = 413, body = ErrorBody)))]
pub async fn upload(
    State(state): State<SharedState>,
    participant: Participant,
    ApiQuery(query): ApiQuery<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, ApiJson<AttachmentUploaded>), ApiError> {
    let limits = AttachmentLimits::default();
    let (session_id, room_id) = {
        let slot = participant.slot.lock().await;
        let session = slot.session();
        let (_, room_id, _) =
            session
                .room_of(&participant.participant_id)
                .ok_or(ApiError::BadRequest(
                    "you are not in a room".into(),
                    "not-in-room",
                ))?;
        (session.id.clone(), room_id.clone())
    };
    // Read at most one byte more than allowed: a larger body is refused
    // without holding it all in memory.
    let max = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    let bytes: Bytes = axum::body::to_bytes(body, max.saturating_add(1))
        .await
        .map_err(|_| {
            ApiError::Attachment(AttachmentRefusal::TooLarge {
                max: limits.max_file_bytes,
            })
        })?;
    let record = AttachmentRecord {
        id: new_attachment_id()?,
        session_id: session_id.clone(),
        room_id,
        participant_id: participant.participant_id.clone(),
        name: clean_file_name(query.name.as_deref().unwrap_or_default()),
        content_type: safe_content_type(&headers),
        size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
    };
    let storage = state.storage.clone();
    let stored = record.clone();
    let outcome =
        tokio::task::spawn_blocking(move || storage.put_attachment(&stored, &bytes, &limits))
            .await
            .map_err(ApiError::internal)??;
    match outcome {
        PutOutcome::Refused(refusal) => Err(ApiError::Attachment(refusal)),
        PutOutcome::Stored => Ok((
            StatusCode::CREATED,
            ApiJson(AttachmentUploaded {
                url: format!("/api/attachments/{}", record.id),
                id: record.id,
                name: record.name,
                size: record.size,
            }),
        )),
    }
}

#[utoipa::path(get, path = "/api/attachments/{attachment}", tag = "attachments",
    params(("attachment" = String, Path)), security(("participant" = []), ("organiser" = [])),
    responses((status = 200, description = "The file"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<SharedState>,
    ApiPath(id): ApiPath<AttachmentId>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer(&headers).ok_or(ApiError::Unauthorized)?;
    let principal = state
        .registry
        .authenticate(token)
        .ok_or(ApiError::Unauthorized)?;
    let session_id = match &principal {
        Principal::Organiser { session_id, .. } | Principal::Participant { session_id, .. } => {
            session_id.clone()
        }
    };
    let storage = state.storage.clone();
    let lookup = session_id.clone();
    let found = tokio::task::spawn_blocking(move || storage.attachment(&lookup, &id))
        .await
        .map_err(ApiError::internal)??;
    let Some((record, bytes)) = found else {
        return Err(ApiError::NotFound("attachment"));
    };
    // A participant reads only the files of the room they are in.
    if let Principal::Participant { participant_id, .. } = &principal {
        let slot = state
            .registry
            .slot(&session_id)
            .ok_or(ApiError::NotFound("session"))?;
        let slot = slot.lock().await;
        let in_room = slot
            .session()
            .room_of(participant_id)
            .is_some_and(|(_, room, _)| room == &record.room_id);
        if !in_room {
            return Err(ApiError::NotFound("attachment"));
        }
    }
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        urlencoding_component(&record.name)
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&record.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// RFC 5987 percent-encoding of a file name.
fn urlencoding_component(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
