//! The one place that maps errors to HTTP: a JSON body with a stable
//! `code` and a human `message`, never an internal trace.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samenbord_core::session::SessionError;
use serde::Serialize;

use crate::storage::StorageError;
use crate::sync::hub::HubError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String, &'static str),
    #[error("this needs the organiser link of the session")]
    Unauthorized,
    #[error("this token does not give access to that")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("too many attempts; wait a minute and try again")]
    RateLimited,
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("storage is unavailable")]
    Storage(#[from] StorageError),
    #[error("a document could not be changed")]
    Hub(#[from] HubError),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into(), "bad-request")
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_, code) => (StatusCode::BAD_REQUEST, code),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not-found"),
            Self::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate-limited"),
            Self::Session(e) if e.is_not_found() => (StatusCode::NOT_FOUND, e.code()),
            Self::Session(e) => (StatusCode::CONFLICT, e.code()),
            Self::Storage(_) | Self::Hub(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "storage-unavailable")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let body = ErrorBody {
            code,
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}
