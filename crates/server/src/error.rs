//! The one place that maps errors to HTTP: a JSON [`ErrorBody`] with a
//! stable `code` and a human `message`. Only the client's own mistakes are
//! 4xx; an internal fault is a 500 with a generic message, and its detail
//! goes to the log, never to the client.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samenbord_core::contract::{ErrorBody, InvalidRequest};
use samenbord_core::session::SessionError;

use crate::storage::StorageError;
use crate::sync::hub::HubError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String, &'static str),
    #[error(transparent)]
    InvalidRequest(#[from] InvalidRequest),
    #[error("this needs the organiser link of the session")]
    Unauthorized,
    #[error("this token does not give access to that")]
    Forbidden,
    #[error("the organiser removed you from this session")]
    Revoked,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("too many attempts; wait a minute and try again")]
    RateLimited,
    #[error("the request body is larger than this server accepts")]
    TooLarge,
    #[error("{0}")]
    Full(&'static str),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Attachment(#[from] samenbord_core::attachment::AttachmentRefusal),
    #[error("storage is unavailable")]
    Storage(#[from] StorageError),
    /// Another node serves the session (a failover or handover is under
    /// way); the device tries again in a moment.
    #[error("this session is moving to another server; try again in a moment")]
    ServedElsewhere,
    #[error("a document could not be changed")]
    Hub(#[from] HubError),
    /// A fault of the server itself; `0` is logged, never sent.
    #[error("something went wrong on the server")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into(), "bad-request")
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::Internal(detail.to_string())
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_, code) => (StatusCode::BAD_REQUEST, code),
            Self::InvalidRequest(e) => (StatusCode::BAD_REQUEST, e.code),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::Revoked => (StatusCode::FORBIDDEN, "revoked"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not-found"),
            Self::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate-limited"),
            Self::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            Self::Full(_) => (StatusCode::SERVICE_UNAVAILABLE, "full"),
            Self::Session(e) if e.is_not_found() => (StatusCode::NOT_FOUND, e.code()),
            Self::Session(e) if e.is_bad_input() => (StatusCode::BAD_REQUEST, e.code()),
            Self::Session(SessionError::JoiningClosed) => (StatusCode::FORBIDDEN, "joining-closed"),
            Self::Session(e) => (StatusCode::CONFLICT, e.code()),
            Self::Attachment(e) => {
                use samenbord_core::attachment::AttachmentRefusal as R;
                let status = match e {
                    R::Empty => StatusCode::BAD_REQUEST,
                    R::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                    R::ParticipantFull | R::SessionFull => StatusCode::CONFLICT,
                };
                (status, e.code())
            }
            Self::ServedElsewhere | Self::Storage(StorageError::LeaseLost(_)) => {
                (StatusCode::SERVICE_UNAVAILABLE, "session-moving")
            }
            Self::Storage(_) | Self::Hub(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "storage-unavailable")
            }
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() && code != "session-moving" {
            tracing::error!(error = ?self, "request failed");
        }
        let body = ErrorBody {
            code: code.to_owned(),
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if code == "session-moving" {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // A body past the limit is a 413, in the same JSON shape.
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge;
        }
        Self::BadRequest(rejection.body_text(), "invalid-body")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(rejection.body_text(), "invalid-query")
    }
}

/// A path segment that is not a valid id names nothing that exists.
impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        Self::NotFound("path")
    }
}
