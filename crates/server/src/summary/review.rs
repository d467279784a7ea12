//! The organiser's review, kept in storage: review edits in the order they
//! were made, and an edited overall text per scope (the whole session or
//! one round). Edits are replayed on every freshly built report; one that
//! no longer applies (its item was merged away, a note was deleted) is
//! skipped and reported, never fatal.

use samenbord_core::summary::{Report, ReviewEdit, apply_edit};

use crate::storage::{Storage, StorageError};

/// The stored review of one session.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// Stored edits, oldest first: their position and their JSON.
    pub edits: Vec<(usize, String)>,
    /// The organiser's overall text for the requested scope.
    pub overall: Option<String>,
}

pub use samenbord_core::contract::SkippedEdit;

fn position(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

/// The storage key of an overall text: "" for the whole session.
pub fn scope_key(round: Option<&str>) -> &str {
    round.unwrap_or("")
}

/// Loads the review of `session_id` for `scope` (blocking).
pub fn load(storage: &dyn Storage, session_id: &str, scope: &str) -> Result<Review, StorageError> {
    Ok(Review {
        edits: storage
            .summary_edits(session_id)?
            .into_iter()
            .enumerate()
            .collect(),
        overall: storage.summary_overall(session_id, scope)?,
    })
}

/// Replays `review`'s edits on `report`; the ones that fail are returned.
/// Edits about rounds that are not in the report (a one-round summary)
/// are left out silently: they are not wrong, just elsewhere.
pub fn replay(report: &mut Report, review: &Review) -> Vec<SkippedEdit> {
    let mut skipped = Vec::new();
    for (position, json) in &review.edits {
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let edit: ReviewEdit = match serde_json::from_value(value.clone()) {
            Ok(edit) => edit,
            Err(error) => {
                skipped.push(SkippedEdit {
                    position: self::position(*position),
                    edit: value,
                    reason: format!("not a review edit: {error}"),
                });
                continue;
            }
        };
        if !concerns(report, &edit) {
            continue;
        }
        if let Err(error) = apply_edit(report, &edit) {
            skipped.push(SkippedEdit {
                position: self::position(*position),
                edit: value,
                reason: error.to_string(),
            });
        }
    }
    skipped
}

/// Whether the edit is about one of the report's rounds (ids start with
/// the round id).
fn concerns(report: &Report, edit: &ReviewEdit) -> bool {
    let id = match edit {
        ReviewEdit::MergeItems { into, .. } => &into.0,
        ReviewEdit::SplitMember { item, .. }
        | ReviewEdit::MoveItem { item, .. }
        | ReviewEdit::MoveToNewTopic { item, .. } => &item.0,
        ReviewEdit::RenameTopic { topic, .. } => &topic.0,
    };
    let round = id.split('/').next().unwrap_or_default();
    report.rounds.iter().any(|r| r.round_id.as_str() == round)
}
