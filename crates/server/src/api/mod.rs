//! HTTP routes. Handlers only translate: decode the request, call the
//! registry (which asks the core), encode the answer. Errors go through
//! [`crate::error::ApiError`].

mod auth;
mod content;
mod events;
mod health;
mod openapi;
mod participants;
mod rounds;
mod sessions;
mod summary;
mod sync_socket;
mod views;

use axum::Router;
use axum::routing::{get, post, put};

use crate::app::SharedState;

pub fn routes(_state: SharedState) -> Router<SharedState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/content/templates", get(content::templates))
        .route("/api/content/templates/{id}", get(content::template))
        .route("/api/content/programmes", get(content::programmes))
        .route("/api/sessions", post(sessions::create))
        .route(
            "/api/sessions/{id}",
            get(sessions::show).delete(sessions::delete),
        )
        .route("/api/sessions/{id}/plan", put(sessions::replace_plan))
        .route("/api/sessions/{id}/overview", get(sessions::overview))
        .route("/api/sessions/{id}/broadcast", post(sessions::broadcast))
        .route(
            "/api/sessions/{id}/rounds/{round}/preview",
            post(rounds::preview),
        )
        .route(
            "/api/sessions/{id}/rounds/{round}/assignment",
            put(rounds::assignment),
        )
        .route(
            "/api/sessions/{id}/rounds/{round}/start",
            post(rounds::start),
        )
        .route("/api/sessions/{id}/rounds/{round}/end", post(rounds::end))
        .route(
            "/api/sessions/{id}/rounds/{round}/timer",
            post(rounds::timer),
        )
        .route(
            "/api/sessions/{id}/rooms/{room}/close",
            post(rounds::close_room),
        )
        .route(
            "/api/sessions/{id}/rooms/{room}/reopen",
            post(rounds::reopen_room),
        )
        .route(
            "/api/sessions/{id}/participants/{pid}/move",
            post(participants::move_participant),
        )
        .route(
            "/api/sessions/{id}/participants/{pid}/lead",
            post(participants::lead),
        )
        .route("/api/sessions/{id}/summary", get(summary::show))
        .route("/api/sessions/{id}/summary/edits", post(summary::add_edit))
        .route(
            "/api/sessions/{id}/summary/overall",
            put(summary::set_overall),
        )
        .route("/api/join", post(participants::join))
        .route("/api/me", get(participants::me))
        .route("/api/events", get(events::stream))
        .route("/sync", get(sync_socket::upgrade))
}

/// Every route path, for the OpenAPI completeness test.
pub const ROUTE_PATHS: &[&str] = &[
    "/healthz",
    "/metrics",
    "/api/openapi.json",
    "/api/content/templates",
    "/api/content/templates/{id}",
    "/api/content/programmes",
    "/api/sessions",
    "/api/sessions/{id}",
    "/api/sessions/{id}/plan",
    "/api/sessions/{id}/overview",
    "/api/sessions/{id}/broadcast",
    "/api/sessions/{id}/rounds/{round}/preview",
    "/api/sessions/{id}/rounds/{round}/assignment",
    "/api/sessions/{id}/rounds/{round}/start",
    "/api/sessions/{id}/rounds/{round}/end",
    "/api/sessions/{id}/rounds/{round}/timer",
    "/api/sessions/{id}/rooms/{room}/close",
    "/api/sessions/{id}/rooms/{room}/reopen",
    "/api/sessions/{id}/participants/{pid}/move",
    "/api/sessions/{id}/participants/{pid}/lead",
    "/api/sessions/{id}/summary",
    "/api/sessions/{id}/summary/edits",
    "/api/sessions/{id}/summary/overall",
    "/api/join",
    "/api/me",
    "/api/events",
    "/sync",
];

pub use openapi::openapi_json;
