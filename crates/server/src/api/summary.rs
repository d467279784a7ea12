//! The summary of a session for its organiser: built on request from the
//! rooms' documents as they are now, with the stored review replayed on
//! top; exported in any format; review edits and the edited overall text
//! stored so they survive reloads and restarts.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use samenbord_core::contract::{OverallRequest, SummaryView, summary_view};
use samenbord_core::ids::RoundId;
use samenbord_core::session::Session;
use samenbord_core::summary::{
    ExportFormat, OverallSource, ReviewEdit, ReviewError, apply_edit, canonical_edit, export,
};
use serde::Deserialize;

use super::extract::{ApiJson, ApiQuery, Organiser};
use crate::app::SharedState;
use crate::error::ApiError;
use crate::storage::StorageError;
use crate::summary::{self, Built, review};

/// Longest overall text an organiser may store.
const MAX_OVERALL_CHARS: usize = 20_000;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    round: Option<String>,
    format: Option<String>,
}

fn parse_round(session: &Session, round: Option<&str>) -> Result<Option<RoundId>, ApiError> {
    let Some(round) = round.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let id = RoundId::new(round).map_err(|_| ApiError::NotFound("round"))?;
    session
        .plan
        .round(&id)
        .map(|r| Some(r.id.clone()))
        .ok_or(ApiError::NotFound("round"))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, ApiError> {
    Ok(tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StorageError::Unavailable(e.to_string()))??)
}

/// Builds the summary of `id` as it is now, review replayed; with the
/// name of the round asked for, if one was.
async fn current(
    state: &SharedState,
    organiser: &Organiser,
    round: Option<&str>,
    generate: bool,
) -> Result<(Built, Option<String>), ApiError> {
    let session = organiser.slot.lock().await.session().clone();
    let round = parse_round(&session, round)?;
    let collected =
        summary::collect_from_hub(&state.hub, &session, &state.content, round.as_ref()).await;
    let storage = state.storage.clone();
    let (session_id, scope) = (
        session.id.to_string(),
        review::scope_key(round.as_ref().map(RoundId::as_str)).to_owned(),
    );
    let stored = blocking(move || review::load(&*storage, &session_id, &scope)).await?;
    let mut built = summary::build(&session, collected, Vec::new(), &stored);
    if generate {
        summary::generate_overall(&mut built, state.llm.as_ref()).await;
    }
    let round_name = round
        .as_ref()
        .and_then(|id| session.plan.round(id))
        .map(|r| r.name.clone());
    Ok((built, round_name))
}

fn view(built: &Built) -> ApiJson<SummaryView> {
    ApiJson(summary_view(
        &built.document,
        built.skipped.clone(),
        built.warnings.clone(),
    ))
}

/// `GET /api/sessions/{id}/summary?round=…&format=json|md|html|docx|pdf|csv`.
#[utoipa::path(get, path = "/api/sessions/{id}/summary", tag = "summary",
    params(("id" = String, Path), ("round" = Option<String>, Query, description = "A round; absent for the whole session"),
        ("format" = Option<String>, Query, description = "json (default), md, html, docx, pdf, csv")),
    security(("organiser" = [])),
    responses((status = 200, body = SummaryView, description = "The summary (JSON), or the export as a file"),
        (status = 404, body = samenbord_core::contract::ErrorBody)))]
pub async fn show(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Response, ApiError> {
    let format: ExportFormat = query.format.as_deref().unwrap_or("json").parse().map_err(
        |e: samenbord_core::summary::ExportError| {
            ApiError::BadRequest(e.to_string(), "unknown-format")
        },
    )?;
    let generate = matches!(
        format,
        ExportFormat::Json
            | ExportFormat::Markdown
            | ExportFormat::Html
            | ExportFormat::Docx
            | ExportFormat::Pdf
    );
    let (built, round_name) = current(&state, &organiser, query.round.as_deref(), generate).await?;
    let name = samenbord_core::summary::export_file_name(
        &built.document.title,
        round_name.as_deref(),
        format,
    );
    if format == ExportFormat::Json {
        // The app reads this view too; asked for as a file, it is named
        // like the other exports.
        let mut response = view(&built).into_response();
        if query.format.is_some()
            && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        return Ok(response);
    }
    let bytes =
        export(&built.document, format).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert("x-skipped-edits", HeaderValue::from(built.skipped.len()));
    Ok(response)
}

/// The query of `POST …/summary/edits`: the round the organiser is
/// viewing, if any.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditQuery {
    round: Option<String>,
}

/// `POST /api/sessions/{id}/summary/edits?round=…`: one review edit,
/// checked on the current report of that scope (with the earlier edits
/// replayed) and stored. Answers with exactly what `GET …/summary?round=…`
/// now returns: the same scope, the same overall text. The overall text
/// goes through the same generation as GET, whose answers are cached per
/// prompt, so an edit that leaves the prompt alone (renaming or moving a
/// topic, merging outside the top remarks) sends nothing to the model; one
/// that changes it asks once, which the next GET would have done anyway.
#[utoipa::path(post, path = "/api/sessions/{id}/summary/edits", tag = "summary",
    params(("id" = String, Path), ("round" = Option<String>, Query)),
    security(("organiser" = [])), request_body = ReviewEdit,
    responses((status = 200, body = SummaryView, description = "The summary after the edit"),
        (status = 400, body = samenbord_core::contract::ErrorBody)))]
pub async fn add_edit(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiQuery(query): ApiQuery<EditQuery>,
    ApiJson(edit): ApiJson<ReviewEdit>,
) -> Result<ApiJson<SummaryView>, ApiError> {
    let (mut built, _) = current(&state, &organiser, query.round.as_deref(), false).await?;
    let id = organiser.session_id.to_string();
    let does_not_apply =
        |e: ReviewError| ApiError::BadRequest(e.to_string(), "edit-does-not-apply");
    // Stored as the cross-group edit it amounts to: one model, every view.
    let edit = canonical_edit(&built.document.report, &edit).map_err(does_not_apply)?;
    apply_edit(&mut built.document.report, &edit).map_err(does_not_apply)?;
    // The overview is rewritten from the reviewed report; the reply shows
    // that one, as the next GET will.
    if built.document.overall.source == OverallSource::Extractive {
        built.document.overall.text = built.document.report.overall_summary.clone();
    }
    let json = serde_json::to_string(&edit).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let storage = state.storage.clone();
    {
        // Under the session's lock: a session deleted meanwhile gets no
        // rows written after its delete.
        let slot = organiser.slot.lock().await;
        slot.ensure_live()?;
        blocking(move || storage.append_summary_edit(&id, &json)).await?;
    }
    summary::generate_overall(&mut built, state.llm.as_ref()).await;
    Ok(view(&built))
}

/// `PUT /api/sessions/{id}/summary/overall`: the organiser's own overall
/// summary text (or `null` to drop it).
#[utoipa::path(put, path = "/api/sessions/{id}/summary/overall", tag = "summary",
    params(("id" = String, Path)),
    security(("organiser" = [])), request_body = OverallRequest,
    responses((status = 200, body = SummaryView, description = "The summary with the new overall text"),
        (status = 400, body = samenbord_core::contract::ErrorBody)))]
pub async fn set_overall(
    State(state): State<SharedState>,
    organiser: Organiser,
    ApiJson(body): ApiJson<OverallRequest>,
) -> Result<ApiJson<SummaryView>, ApiError> {
    let session = organiser.slot.lock().await.session().clone();
    let round = parse_round(&session, body.round.as_ref().map(RoundId::as_str))?;
    let text = body
        .text
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_OVERALL_CHARS)
    {
        return Err(ApiError::BadRequest(
            format!("the overall summary may be at most {MAX_OVERALL_CHARS} characters"),
            "too-long",
        ));
    }
    let storage = state.storage.clone();
    let scope = review::scope_key(round.as_ref().map(RoundId::as_str)).to_owned();
    let session_id = session.id.to_string();
    {
        let slot = organiser.slot.lock().await;
        slot.ensure_live()?;
        blocking(move || storage.save_summary_overall(&session_id, &scope, text.as_deref()))
            .await?;
    }
    let (built, _) = current(
        &state,
        &organiser,
        round.as_ref().map(RoundId::as_str),
        true,
    )
    .await?;
    Ok(view(&built))
}
