//! Reading who is asking: the bearer token of a request (header, or the
//! `token` query parameter for EventSource and WebSocket, which cannot set
//! headers).

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// For EventSource and WebSocket clients, which cannot set headers.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct TokenQuery {
    /// A participant token or the organiser secret.
    pub token: Option<String>,
}
