//! Exports of a summary: Markdown, print-friendly HTML, DOCX, PDF, and the raw
//! notes as CSV and JSON. Pure: every exporter returns bytes, the caller
//! writes them where it wants.
//!
//! Markdown, HTML, DOCX and PDF render one shared [`outline`] (headings,
//! paragraphs, bullet lists, the action list), so the four always show
//! the same report in the shape of seed 002: the overall summary on top,
//! then per round the groups together and each target group or safeguard
//! with its statement, per section, remarks grouped by topic with their
//! counts ("3x genoemd"), and the agreements as one list.

mod csv;
mod docx;
mod docx_properties;
mod file_name;
mod html;
mod json;
mod markdown;
pub mod outline;
mod pdf;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use file_name::export_file_name;

use super::input::NoteRecord;
use super::overall::OverallSummary;
use super::plan::RoundPlan;
use super::report::{Report, SectionReport};
use crate::ids::ElementId;

/// Everything an export shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryDocument {
    /// E.g. the session's title.
    pub title: String,
    /// Names never appear in an export of an anonymous session.
    pub anonymous: bool,
    pub overall: OverallSummary,
    pub report: Report,
    /// Section ids in the card's order; sections not listed follow.
    pub section_order: Vec<ElementId>,
    /// The raw notes the report was built from (CSV and JSON exports).
    pub notes: Vec<NoteRecord>,
    /// The day's plan as the report introduces each round (times,
    /// grouping, groups, statements); empty for notes from paper only.
    #[serde(default)]
    pub plan: Vec<RoundPlan>,
    /// Rooms that could not be read, each with why: every export says so
    /// rather than silently showing fewer notes.
    #[serde(default)]
    pub unreadable: Vec<String>,
    /// When the report was written (Unix seconds): the Word document's
    /// dates. Core has no clock; the caller says.
    #[serde(default)]
    pub written_at: Option<i64>,
}

/// The export formats, by the key the API's `format` parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[serde(rename = "md")]
    Markdown,
    Html,
    Docx,
    Pdf,
    Csv,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format '{0}' (expected md, html, docx, pdf, csv or json)")]
    UnknownFormat(String),
    #[error("could not write the Word document: {0}")]
    Docx(String),
    #[error("could not write the CSV: {0}")]
    Csv(String),
    #[error("could not write the JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        Self::Markdown,
        Self::Html,
        Self::Docx,
        Self::Pdf,
        Self::Csv,
        Self::Json,
    ];

    /// The short name used on the command line and in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ExportFormat {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Self::Markdown),
            "html" | "htm" => Ok(Self::Html),
            "docx" | "word" => Ok(Self::Docx),
            "pdf" => Ok(Self::Pdf),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            _ => Err(ExportError::UnknownFormat(s.to_owned())),
        }
    }
}

/// Renders `doc` in `format`.
pub fn export(doc: &SummaryDocument, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Markdown => Ok(markdown::render(doc).into_bytes()),
        ExportFormat::Html => Ok(html::render(doc).into_bytes()),
        ExportFormat::Docx => docx::render(doc),
        ExportFormat::Pdf => Ok(pdf::render(doc)),
        ExportFormat::Csv => csv::render(doc),
        ExportFormat::Json => json::render(doc),
    }
}

pub use self::csv::{NOTICE_PREFIX, is_notice_line, notes_csv, unguard};
pub use self::json::summary_json;
pub use self::markdown::render as markdown;
pub use html::render as html;

impl SummaryDocument {
    /// `sections` in the card's order (unlisted ones keep their order,
    /// after the listed ones).
    pub fn ordered<'a>(&self, sections: &'a [SectionReport]) -> Vec<&'a SectionReport> {
        let mut out: Vec<(usize, usize, &SectionReport)> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let rank = self
                    .section_order
                    .iter()
                    .position(|id| id == &s.section_id)
                    .unwrap_or(usize::MAX);
                (rank, i, s)
            })
            .collect();
        out.sort_by_key(|(rank, i, _)| (*rank, *i));
        out.into_iter().map(|(_, _, s)| s).collect()
    }

    /// A copy without any author name, for anonymous sessions.
    pub fn without_names(&self) -> SummaryDocument {
        let mut doc = self.clone();
        for note in &mut doc.notes {
            note.author_name = None;
        }
        for round in &mut doc.report.rounds {
            let sections = round
                .groups
                .iter_mut()
                .flat_map(|g| g.sections.iter_mut())
                .chain(round.cross_group.iter_mut());
            for section in sections {
                for topic in &mut section.topics {
                    for item in &mut topic.items {
                        for member in &mut item.members {
                            member.author_name = None;
                        }
                    }
                }
            }
        }
        doc
    }
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than
/// tab, line feed and carriage return; U+FFFE, U+FFFF): one of them in a
/// note would make the DOCX (and XHTML) unreadable.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.contains(forbidden) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !forbidden(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
