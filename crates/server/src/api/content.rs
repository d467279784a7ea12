//! Templates and programmes from `content/`, read-only.

use axum::Json;
use axum::extract::{Path, State};
use samenbord_core::ids::TemplateId;
use serde::Serialize;

use crate::app::SharedState;
use crate::error::ApiError;

#[derive(Serialize)]
pub struct TemplateSummary {
    id: String,
    title: String,
    subtitle: Option<String>,
}

pub async fn templates(State(state): State<SharedState>) -> Json<Vec<TemplateSummary>> {
    Json(
        state
            .content
            .templates
            .values()
            .map(|t| TemplateSummary {
                id: t.id.to_string(),
                title: t.title.clone(),
                subtitle: t.subtitle.clone(),
            })
            .collect(),
    )
}

pub async fn template(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = TemplateId::new(id).map_err(|_| ApiError::NotFound("template"))?;
    let template = state
        .content
        .templates
        .get(&id)
        .ok_or(ApiError::NotFound("template"))?;
    Ok(Json(
        serde_json::to_value(template).map_err(|e| ApiError::bad_request(e.to_string()))?,
    ))
}

pub async fn programmes(State(state): State<SharedState>) -> Json<serde_json::Value> {
    let programmes: Vec<_> = state.content.programmes.values().collect();
    Json(serde_json::to_value(programmes).unwrap_or_default())
}
