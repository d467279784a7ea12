//! The raw notes as CSV, one row per note, with the same column names the
//! paper import reads (`round`, `group`, `section`, `text`, `topic`,
//! `role`), so an export can be edited and read back. Anonymous sessions
//! have no `name` column.

use super::{ExportError, SummaryDocument};
use crate::summary::input::NoteRecord;

/// Columns of the notes CSV; `name` only when the session is not anonymous.
pub const COLUMNS: [&str; 11] = [
    "round",
    "group",
    "section",
    "text",
    "topic",
    "role",
    "votes",
    "room",
    "note_id",
    "round_id",
    "section_id",
];

pub(super) fn render(doc: &SummaryDocument) -> Result<Vec<u8>, ExportError> {
    notes_csv(&doc.notes, doc.anonymous)
}

/// Every note as a CSV row (UTF-8, header first).
pub fn notes_csv(notes: &[NoteRecord], anonymous: bool) -> Result<Vec<u8>, ExportError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let csv_error = |e: ::csv::Error| ExportError::Csv(e.to_string());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if !anonymous {
        header.insert(6, "name");
    }
    writer.write_record(&header).map_err(csv_error)?;
    let mut sorted: Vec<&NoteRecord> = notes.iter().collect();
    sorted.sort_by(|a, b| {
        (
            &a.round_id,
            &a.group_label,
            &a.room_id,
            &a.section_id,
            &a.note_id,
        )
            .cmp(&(
                &b.round_id,
                &b.group_label,
                &b.room_id,
                &b.section_id,
                &b.note_id,
            ))
    });
    for note in sorted {
        let mut row: Vec<String> = vec![
            note.round_name.clone(),
            note.group_label.clone(),
            note.section_title.clone(),
            note.text.clone(),
            note.topic.clone().unwrap_or_default(),
            note.author_role
                .map(|r| r.dutch_label().to_owned())
                .unwrap_or_default(),
            note.votes.to_string(),
            note.room_id.to_string(),
            note.note_id.to_string(),
            note.round_id.to_string(),
            note.section_id.to_string(),
        ];
        if !anonymous {
            row.insert(6, note.author_name.clone().unwrap_or_default());
        }
        writer.write_record(&row).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))
}
