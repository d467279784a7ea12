//! `/healthz` (really writes to storage) and `/metrics` (Prometheus text).

use std::sync::atomic::Ordering;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use super::auth::bearer;
use crate::app::SharedState;
use crate::error::ApiError;

#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, content_type = "text/plain", body = String, description = "Storage answers and accepts a write"),
        (status = 503, content_type = "text/plain", body = String)))]
pub async fn healthz(State(state): State<SharedState>) -> impl IntoResponse {
    let storage = state.storage.clone();
    let checked = tokio::task::spawn_blocking(move || storage.check()).await;
    if matches!(checked, Ok(Ok(()))) && state.storage.check_proves_writes() {
        state
            .metrics
            .storage_failing
            .store(false, Ordering::Relaxed);
    }
    let failing = state.metrics.storage_failing.load(Ordering::Relaxed);
    match checked {
        Ok(Ok(())) if !failing => (StatusCode::OK, "ok\n".to_owned()),
        Ok(Ok(())) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "storage: the last document write failed\n".to_owned(),
        ),
        Ok(Err(error)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("storage: {error}\n"),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "storage check crashed\n".to_owned(),
        ),
    }
}

#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, content_type = "text/plain", body = String, description = "Prometheus text"),
        (status = 401, body = samenbord_core::contract::ErrorBody, description = "Not from loopback and without the metrics token")))]
pub async fn metrics(
    State(state): State<SharedState>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    // Through a trusted proxy every request comes from the proxy's address,
    // often loopback: that is not "this machine" asking.
    let through_proxy = state.proxies.is_trusted(from.ip());
    let local_or_token = state.metrics_access.allows(from.ip(), bearer(&headers));
    if !local_or_token || (through_proxy && bearer(&headers).is_none()) {
        return Err(ApiError::Unauthorized);
    }
    Ok((
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    ))
}
