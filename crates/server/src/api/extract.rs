//! Request extractors whose failures answer with the API's JSON error:
//! [`ApiJson`], [`ApiPath`] and [`ApiQuery`] wrap axum's own,
//! [`OptionalJson`] is a body that may be left out, and
//! [`Organiser`] and [`Participant`] authenticate a request once, for every
//! handler, and put the session id on the request's span.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::{Json, response::IntoResponse};
use samenbord_core::ids::{ParticipantId, SessionId};

use super::auth::{bearer, session_param};
use crate::app::SharedState;
use crate::error::ApiError;
use crate::registry::SlotRef;
use crate::sync::hub::{Host, Principal};

/// A JSON body; a malformed one is a 400 `invalid-body`.
#[derive(FromRequest)]
#[from_request(via(Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> axum::response::Response {
        Json(self.0).into_response()
    }
}

/// A JSON body that may be left out: no body, or an empty one even with a
/// JSON content type, is `None`. A malformed one is a 400 `invalid-body`.
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| match rejection.status() {
                axum::http::StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
                _ => ApiError::BadRequest(rejection.body_text(), "invalid-body"),
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        serde_json::from_slice(&bytes)
            .map(|value| Self(Some(value)))
            .map_err(|error| ApiError::BadRequest(error.to_string(), "invalid-body"))
    }
}

/// Typed path segments; one that is not a valid id is a 404.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A typed query string; a malformed one is a 400 `invalid-query`.
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

fn record_session(id: &SessionId) {
    tracing::Span::current().record("session.id", id.as_str());
}

/// The organiser of the session named by the `{id}` path segment,
/// authenticated by the organiser secret as bearer token.
pub struct Organiser {
    pub session_id: SessionId,
    pub slot: SlotRef,
    /// The main organiser or a co-host.
    pub host: Host,
}

impl Organiser {
    /// Refuses a co-host what only the main organiser may do.
    pub fn main_only(&self) -> Result<(), ApiError> {
        match self.host {
            Host::Main => Ok(()),
            Host::CoHost(_) => Err(ApiError::Forbidden),
        }
    }
}

impl FromRequestParts<SharedState> for Organiser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound("session"))?;
        let session_id = params
            .get("id")
            .and_then(|id| SessionId::new(id.as_str()).ok())
            .ok_or(ApiError::NotFound("session"))?;
        state.registry.claim(&session_id).await?;
        let (slot, host) = state
            .registry
            .as_organiser(&session_id, bearer(&parts.headers))?;
        record_session(&session_id);
        Ok(Self {
            session_id,
            slot,
            host,
        })
    }
}

/// A participant, authenticated by their token as bearer token.
pub struct Participant {
    pub participant_id: ParticipantId,
    pub slot: SlotRef,
}

impl FromRequestParts<SharedState> for Participant {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let routed_by = session_param(parts.uri.query());
        let Principal::Participant {
            session_id,
            participant_id,
        } = state.registry.sign_in(token, routed_by.as_ref()).await?
        else {
            // sign_in already told a removed participant why.
            return Err(ApiError::Unauthorized);
        };
        let slot = state
            .registry
            .slot(&session_id)
            .ok_or(ApiError::NotFound("session"))?;
        record_session(&session_id);
        tracing::Span::current().record("peer.id", participant_id.as_str());
        Ok(Self {
            participant_id,
            slot,
        })
    }
}
