//! # The session summary, server side
//!
//! The core merges notes into a report and renders exports; this module
//! finds the notes and keeps the review:
//!
//! - [`collect`]: which room documents belong to a session (or one round)
//!   and how they become records;
//! - [`review`]: the organiser's stored review edits and edited overall
//!   text, replayed on every freshly built report;
//! - [`llm`]: the optional overall text from an OpenAI-compatible
//!   endpoint, with the extractive text and a notice as fallback.
//!
//! [`build`] puts them together; the HTTP API reads documents from the
//! live hub ([`collect_from_hub`]), the CLI straight from storage.

pub mod collect;
pub mod llm;
pub mod review;

use automerge::AutoCommit;
use samenbord_core::ids::RoundId;
use samenbord_core::session::Session;
use samenbord_core::summary::{
    GroupsThatMet, MergeConfig, NoteRecord, OverallSource, OverallSummary, SummaryDocument,
    build_report, plan_of,
};

pub use collect::{Collected, RoomRead, RoomSource};
pub use llm::{LlmClient, LlmError};
pub use review::{Review, SkippedEdit};

use crate::content::ContentLibrary;
use crate::sync::document_id::DocumentId;
use crate::sync::hub::Hub;

/// A built summary with what did not fit.
#[derive(Debug, Clone)]
pub struct Built {
    pub document: SummaryDocument,
    /// Stored review edits that no longer apply.
    pub skipped: Vec<SkippedEdit>,
    /// Rooms that could not be read.
    pub warnings: Vec<String>,
}

/// Merges `collected` (plus any `paper` notes) into the summary document
/// and replays the review on it.
pub fn build(
    session: &Session,
    collected: Collected,
    paper: Vec<NoteRecord>,
    review: &Review,
) -> Built {
    let mut notes = collected.notes;
    notes.extend(paper);
    let mut report = build_report(&notes, &collected.agreements, &MergeConfig::default());
    let skipped = review::replay(&mut report, review);
    let plan = plan_of(&session.plan, &GroupsThatMet::of(session, &notes));
    let overall = match review.overall.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => OverallSummary {
            text: text.to_owned(),
            source: OverallSource::Edited,
            notice: None,
        },
        _ => OverallSummary::extractive(report.overall_summary.clone()),
    };
    Built {
        document: SummaryDocument {
            title: session.settings.title.clone(),
            anonymous: session.settings.anonymous,
            overall,
            report,
            section_order: collected.section_order,
            notes,
            plan,
            unreadable: collected.warnings.clone(),
            written_at: Some(crate::app::now_ms() / 1_000),
        },
        skipped,
        warnings: collected.warnings,
    }
}

/// Replaces the extractive overall text by a generated one when a model
/// is configured (an organiser's edited text always wins). A failure
/// keeps the extractive text and adds a notice saying why.
pub async fn generate_overall(built: &mut Built, llm: Option<&LlmClient>) {
    let Some(llm) = llm else { return };
    if built.document.overall.source != OverallSource::Extractive {
        return;
    }
    match llm.overall(&built.document.report).await {
        Ok(text) => {
            built.document.overall = OverallSummary {
                text,
                source: OverallSource::Generated,
                notice: None,
            };
        }
        Err(error) => {
            tracing::warn!(%error, "overall summary generation failed; extractive summary kept");
            let text = std::mem::take(&mut built.document.overall.text);
            built.document.overall = OverallSummary::fallback(text, &error.to_string());
        }
    }
}

/// Reads the session's room documents as they are now from the hub.
pub async fn collect_from_hub(
    hub: &Hub,
    session: &Session,
    content: &ContentLibrary,
    round: Option<&RoundId>,
) -> Collected {
    let mut documents = Vec::new();
    for source in collect::rooms(session, round) {
        let document = match source.document_id.parse::<DocumentId>() {
            Ok(id) => match hub.snapshot(id).await {
                Ok(snapshot) => match AutoCommit::load(&snapshot.bytes) {
                    Ok(doc) if hub.is_damaged(&id) => RoomRead::Partly(doc),
                    Ok(doc) => RoomRead::Whole(doc),
                    Err(error) => RoomRead::Unreadable(error.to_string()),
                },
                Err(error) => RoomRead::Unreadable(error.to_string()),
            },
            Err(_) => RoomRead::Unreadable(format!("invalid document id '{}'", source.document_id)),
        };
        documents.push((source, document));
    }
    collect::collect(session, content, documents)
}
