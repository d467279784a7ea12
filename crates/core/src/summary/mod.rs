//! # Summary: many rooms' notes merged into one report
//!
//! After a partnership day the organiser merges every room's sticky notes
//! into the report of seed 002: per round, per target group or safeguard,
//! per section, remarks grouped by topic, near-duplicates from different
//! rooms merged with a count ("4x genoemd"), and a short overview on top.
//!
//! The pipeline, one file per step:
//!
//! - [`input`]: [`NoteRecord`] and [`AgreementRecord`], filled by the server
//!   from room documents.
//! - [`normalise`] with the word lists in [`lexicon`]: Dutch text → canonical
//!   stems (diacritics, stop words, abbreviations such as SO/IO/WPL,
//!   compounds, Snowball stemming, synonyms).
//! - [`similarity`]: IDF-weighted soft stem overlap with a substitution
//!   penalty, blended with character-trigram cosine.
//! - [`cluster`]: average-linkage clustering per section of a round, with
//!   blocking on rare stems so a day of 30,000 notes stays fast.
//! - [`topics`]: topic suggestions from the rooms' own topic names and from
//!   keywords.
//! - [`report`]: the [`Report`] model; [`build`] assembles it;
//!   [`overview`] writes the extractive overall summary.
//! - [`edit`]: review edits ([`ReviewEdit`]) as pure functions on a report.
//! - [`config`]: [`MergeConfig`], the tunable threshold and weights.
//! - [`from_room`] and [`paper`]: records from room documents and from
//!   CSV files of paper groups; [`overall`]: the summary text on top and
//!   where it came from; [`export`]: Markdown, HTML, DOCX, CSV, JSON.
//!
//! Everything is deterministic: notes are sorted by a stable key first, so
//! the same notes in any order give the same report.

pub mod build;
pub mod cluster;
pub mod config;
pub mod edit;
pub mod export;
pub mod from_room;
pub mod input;
pub mod lexicon;
pub mod normalise;
pub mod overall;
pub mod overview;
pub mod paper;
pub mod plan;
pub mod polarity;
pub mod report;
pub mod similarity;
pub mod topics;
pub mod views;

pub use build::{build_report, clusters, merge_stats};
pub use cluster::{ClusterStats, MAX_CANDIDATES};
pub use config::MergeConfig;
pub use edit::{ReviewEdit, ReviewError, apply_edit, canonical_edit};
pub use export::{ExportError, ExportFormat, SummaryDocument, export, export_file_name};
pub use from_room::{
    RoomContext, RoomRecords, card_section_order, is_remark_section, room_records,
};
pub use input::{AgreementRecord, NoteRecord};
pub use overall::{OverallSource, OverallSummary};
pub use paper::{PaperContext, PaperError, read_paper_notes};
pub use plan::{GroupKind, GroupPlan, GroupsThatMet, RoundPlan, plan_of};
pub use report::{
    GroupReport, ItemId, Member, MergedItem, Report, RoundReport, SectionReport, TopicId,
    TopicReport, TopicSource,
};
