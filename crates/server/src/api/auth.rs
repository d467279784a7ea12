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
    /// The session the token belongs to: with several nodes, the load
    /// balancer routes by it.
    #[param(value_type = Option<String>)]
    pub session: Option<samenbord_core::ids::SessionId>,
}

/// The `session` query parameter a request is routed by, if any.
pub fn session_param(query: Option<&str>) -> Option<samenbord_core::ids::SessionId> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "session")
        .and_then(|(_, value)| samenbord_core::ids::SessionId::new(value).ok())
}
