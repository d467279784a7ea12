//! JSON: the whole summary with every merged item's member notes (text,
//! group, room, note id), so every count can be traced back to the notes
//! it stands for, plus the raw notes themselves.

use serde::Serialize;

use super::{ExportError, SummaryDocument};
use crate::ids::ElementId;
use crate::summary::input::{AgreementRecord, NoteRecord};
use crate::summary::overall::OverallSummary;
use crate::summary::plan::RoundPlan;
use crate::summary::report::RoundReport;

#[derive(Serialize)]
struct JsonSummary<'a> {
    title: &'a str,
    anonymous: bool,
    overall_summary: &'a OverallSummary,
    section_order: &'a [ElementId],
    rounds: &'a [RoundReport],
    agreements: &'a [AgreementRecord],
    notes: &'a [NoteRecord],
    plan: &'a [RoundPlan],
}

pub(super) fn render(doc: &SummaryDocument) -> Result<Vec<u8>, ExportError> {
    let value = summary_json(doc)?;
    Ok(serde_json::to_vec_pretty(&value)?)
}

/// The summary as a JSON value (names removed in anonymous sessions).
pub fn summary_json(doc: &SummaryDocument) -> Result<serde_json::Value, ExportError> {
    let redacted;
    let doc = if doc.anonymous {
        redacted = doc.without_names();
        &redacted
    } else {
        doc
    };
    Ok(serde_json::to_value(JsonSummary {
        title: &doc.title,
        anonymous: doc.anonymous,
        overall_summary: &doc.overall,
        section_order: &doc.section_order,
        rounds: &doc.report.rounds,
        agreements: &doc.report.agreements,
        notes: &doc.notes,
        plan: &doc.plan,
    })?)
}
