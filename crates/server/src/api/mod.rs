//! HTTP routes. Handlers only translate: decode the request into the
//! core's contract types, call the registry (which asks the core), encode
//! the answer. Errors go through [`crate::error::ApiError`].
//!
//! The router and the OpenAPI document are built together from the
//! handlers' `#[utoipa::path]` attributes, so a route cannot exist without
//! being documented.

mod attachments;
mod auth;
mod calls;
mod cohosts;
mod content;
mod events;
mod extract;
mod health;
mod openapi;
mod participants;
mod roles;
mod rounds;
mod sessions;
mod summary;
mod sync_socket;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::SharedState;

pub use openapi::openapi;

/// Every route with its documentation.
fn documented() -> OpenApiRouter<SharedState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(health::healthz))
        .routes(routes!(health::metrics))
        .routes(routes!(openapi::document))
        .routes(routes!(content::templates))
        .routes(routes!(content::template))
        .routes(routes!(content::programmes))
        .routes(routes!(sessions::create))
        .routes(routes!(sessions::show, sessions::delete))
        .routes(routes!(sessions::replace_plan))
        .routes(routes!(sessions::overview))
        .routes(routes!(sessions::broadcast))
        .routes(routes!(cohosts::list, cohosts::invite))
        .routes(routes!(cohosts::revoke))
        .routes(routes!(rounds::preview))
        .routes(routes!(rounds::assignment))
        .routes(routes!(rounds::start))
        .routes(routes!(rounds::end))
        .routes(routes!(rounds::timer))
        .routes(routes!(rounds::close_room))
        .routes(routes!(rounds::reopen_room))
        .routes(routes!(participants::move_participant))
        .routes(routes!(participants::lead))
        .routes(routes!(participants::revoke))
        .routes(routes!(participants::set_joining))
        .routes(routes!(summary::show))
        .routes(routes!(summary::add_edit))
        .routes(routes!(summary::set_overall))
        .routes(routes!(participants::join))
        .routes(routes!(participants::check_code))
        .routes(routes!(participants::me))
        .routes(routes!(attachments::upload))
        .routes(routes!(attachments::download))
        .routes(routes!(roles::assign_in_my_room))
        .routes(routes!(roles::assign))
        .routes(routes!(participants::change_role))
        .routes(routes!(calls::set_attendance))
        .routes(routes!(calls::call_pattern))
        .routes(routes!(calls::call_link))
        .routes(routes!(events::stream))
        .routes(routes!(sync_socket::upgrade))
}

pub fn routes(_state: SharedState) -> Router<SharedState> {
    documented().split_for_parts().0
}
