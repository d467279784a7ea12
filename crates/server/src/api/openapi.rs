//! `/api/openapi.json`: the API as OpenAPI 3.1, generated from the
//! handlers' attributes and the core's contract types (utoipa). A copy is
//! kept in `docs/openapi.json`; a test fails when it drifts.

use std::sync::OnceLock;

use axum::Json;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The document's head: title, version, and how requests authenticate.
pub(super) fn base() -> OpenApi {
    let mut api = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("samenbord")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Sessions, rounds, rooms and summaries of samenbord. Room cards \
                     themselves sync over the automerge-repo protocol at /sync.",
                ))
                .build(),
        )
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    let bearer = |description: &str| {
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(description))
                .build(),
        )
    };
    components.add_security_scheme(
        "organiser",
        bearer("The organiser secret of the session (from the organiser link)"),
    );
    components.add_security_scheme(
        "participant",
        bearer("The participant token from POST /api/join"),
    );
    api
}

/// The whole document, built once.
pub fn openapi() -> &'static OpenApi {
    static DOCUMENT: OnceLock<OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| super::documented().split_for_parts().1)
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, body = Object, description = "This document")))]
pub async fn document() -> Json<&'static OpenApi> {
    Json(openapi())
}
