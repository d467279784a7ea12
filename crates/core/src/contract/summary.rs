//! The summary as the organiser's review screen reads it
//! (`GET …/summary?format=json` and the answer to every review call).

use serde::{Deserialize, Serialize};

use crate::ids::{ElementId, RoundId};
use crate::summary::export::SummaryDocument;
use crate::summary::input::{AgreementRecord, NoteRecord};
use crate::summary::overall::OverallSummary;
use crate::summary::plan::RoundPlan;
use crate::summary::report::RoundReport;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct SummaryView {
    pub title: String,
    /// Names never appear in the summary of an anonymous session.
    pub anonymous: bool,
    pub overall_summary: OverallSummary,
    /// Section ids in the card's order.
    pub section_order: Vec<ElementId>,
    pub rounds: Vec<RoundReport>,
    pub agreements: Vec<AgreementRecord>,
    /// The raw notes every count can be traced to.
    pub notes: Vec<NoteRecord>,
    /// Per round: times, grouping, groups and statements (seed-002 header).
    pub plan: Vec<RoundPlan>,
    /// Stored review edits that no longer apply (the notes changed since).
    pub skipped_edits: Vec<SkippedEdit>,
    /// What the organiser should know, e.g. a room that could not be read.
    pub warnings: Vec<String>,
}

/// A stored review edit that could not be applied to this report.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct SkippedEdit {
    /// Position among the session's stored edits (0 = first).
    pub position: u32,
    /// The edit as stored (it may be from an older version).
    #[ts(type = "unknown")]
    #[schema(value_type = Object)]
    pub edit: serde_json::Value,
    pub reason: String,
}

/// `PUT …/summary/overall`: the organiser's own overall text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverallRequest {
    /// The new text; `null` or empty goes back to the built-in summary.
    pub text: Option<String>,
    /// The round whose summary this is; absent for the whole session.
    #[ts(optional)]
    pub round: Option<RoundId>,
}

/// The review screen's view of `doc`, names removed in an anonymous session.
pub fn summary_view(
    doc: &SummaryDocument,
    skipped_edits: Vec<SkippedEdit>,
    warnings: Vec<String>,
) -> SummaryView {
    let redacted;
    let doc = if doc.anonymous {
        redacted = doc.without_names();
        &redacted
    } else {
        doc
    };
    SummaryView {
        title: doc.title.clone(),
        anonymous: doc.anonymous,
        overall_summary: doc.overall.clone(),
        section_order: doc.section_order.clone(),
        rounds: doc.report.rounds.clone(),
        agreements: doc.report.agreements.clone(),
        notes: doc.notes.clone(),
        plan: doc.plan.clone(),
        skipped_edits,
        warnings,
    }
}
