//! `GET /sync?token=…`: authorises, checks the origin and the connection
//! limit, then hands the upgraded socket to the sync layer.

use axum::extract::ws::WebSocketUpgrade;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};
use axum::response::Response;

use super::auth::TokenQuery;
use crate::app::SharedState;
use crate::error::ApiError;
use crate::metrics;
use crate::sync::connection;

const SOCKET_BUFFER_BYTES: usize = 8 * 1024;

#[utoipa::path(get, path = "/sync", tag = "sync", params(super::auth::TokenQuery),
    responses((status = 101, description = "WebSocket speaking the automerge-repo sync protocol"),
        (status = 401, body = samenbord_core::contract::ErrorBody), (status = 403, body = samenbord_core::contract::ErrorBody),
        (status = 429, body = samenbord_core::contract::ErrorBody)))]
pub async fn upgrade(
    State(state): State<SharedState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let refuse = |error: ApiError| {
        metrics::add(&state.metrics.connections_refused, 1);
        error
    };
    if !origin_allowed(&headers, &state.allowed_origins) {
        return Err(refuse(ApiError::Forbidden));
    }
    let token = query
        .token
        .as_deref()
        .ok_or_else(|| refuse(ApiError::Unauthorized))?;
    let principal = state
        .registry
        .authenticate(token)
        .ok_or_else(|| refuse(state.registry.refusal(token)))?;
    let permit = state
        .admission
        .admit(&principal, address.ip())
        .map_err(|_| refuse(ApiError::RateLimited))?;
    let limits = state.sync_limits.clone();
    let (hub, metrics, shutdown) = (
        state.hub.clone(),
        state.metrics.clone(),
        state.shutdown.clone(),
    );
    // Small socket buffers: most connections idle most of the day, and
    // tungstenite's 128 KiB default per socket adds up over thousands.
    Ok(upgrade
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .max_message_size(limits.max_message_bytes)
        .max_frame_size(limits.max_message_bytes)
        .on_upgrade(move |socket| async move {
            connection::serve(socket, principal, hub, limits, metrics, shutdown).await;
            drop(permit);
        }))
}

/// Browsers send `Origin`; it must be the server itself or an allowed
/// origin. Non-browser clients (no `Origin`) authenticate by token alone.
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    if allowed.iter().any(|a| a.trim_end_matches('/') == origin) {
        return true;
    }
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h == o)
}
