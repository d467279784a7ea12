//! Templates and programmes from `content/`, read-only.

use axum::extract::State;
use samenbord_core::contract::{
    ErrorBody, ProgrammeListItem, TemplateListItem, TemplateView, template_view,
};
use samenbord_core::ids::TemplateId;

use super::extract::{ApiJson, ApiPath};
use crate::app::SharedState;
use crate::error::ApiError;

#[utoipa::path(get, path = "/api/content/templates", tag = "content",
    responses((status = 200, body = Vec<TemplateListItem>, description = "Card templates in content/")))]
pub async fn templates(State(state): State<SharedState>) -> ApiJson<Vec<TemplateListItem>> {
    ApiJson(
        state
            .content
            .templates
            .values()
            .map(TemplateListItem::from)
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/content/templates/{id}", tag = "content",
    params(("id" = String, Path, description = "Template id")),
    responses((status = 200, body = TemplateView, description = "The card as the browser renders it"),
        (status = 404, body = ErrorBody)))]
pub async fn template(
    State(state): State<SharedState>,
    ApiPath(id): ApiPath<TemplateId>,
) -> Result<ApiJson<TemplateView>, ApiError> {
    state
        .content
        .templates
        .get(&id)
        .map(|template| ApiJson(template_view(template)))
        .ok_or(ApiError::NotFound("template"))
}

#[utoipa::path(get, path = "/api/content/programmes", tag = "content",
    responses((status = 200, body = Vec<ProgrammeListItem>, description = "Programmes in content/")))]
pub async fn programmes(State(state): State<SharedState>) -> ApiJson<Vec<ProgrammeListItem>> {
    ApiJson(
        state
            .content
            .programmes
            .values()
            .map(ProgrammeListItem::from)
            .collect(),
    )
}
