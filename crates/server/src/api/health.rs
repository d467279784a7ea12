//! `/healthz` (really writes to storage) and `/metrics` (Prometheus text).

use std::sync::atomic::Ordering;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use super::auth::bearer;
use crate::app::SharedState;
use crate::error::ApiError;

pub async fn healthz(State(state): State<SharedState>) -> impl IntoResponse {
    let storage = state.storage.clone();
    let checked = tokio::task::spawn_blocking(move || storage.check()).await;
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

pub async fn metrics(
    State(state): State<SharedState>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if !state.metrics_access.allows(from.ip(), bearer(&headers)) {
        return Err(ApiError::Unauthorized);
    }
    Ok((
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    ))
}
