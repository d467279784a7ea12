//! The raw notes as CSV, one row per note, with Dutch column names the
//! paper import also reads (`ronde`, `groep`, `sectie`, `tekst`,
//! `onderwerp`, `rol`), so an export can be edited and read back. Written
//! for a Dutch spreadsheet: semicolons between the fields and a UTF-8 byte
//! order mark, so Excel opens it in columns with "Eén" intact (with commas
//! and no mark it showed one column of "EÃ©n"). Anonymous sessions have no
//! `naam` column. `topic` is the reviewed topic and `mentioned`
//! the count of the reviewed remark the note is part of, so the CSV says
//! what the report says; `laat` is "ja" for a note that reached the
//! server after its room closed. When a room could not be read whole, the file
//! opens with one notice row per room (see [`NOTICE_PREFIX`]) above the
//! header: the first thing a spreadsheet shows; the paper import skips it.

use std::collections::HashMap;

use super::{ExportError, SummaryDocument};
use crate::summary::input::NoteRecord;

/// Columns of the notes CSV; `name` only when the session is not anonymous.
pub const COLUMNS: [&str; 13] = [
    "ronde",
    "groep",
    "sectie",
    "tekst",
    "onderwerp",
    "rol",
    "stemmen",
    "kamer",
    "notitie_id",
    "ronde_id",
    "sectie_id",
    "genoemd",
    "laat",
];

/// The UTF-8 byte order mark a spreadsheet needs to read the file as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn render(doc: &SummaryDocument) -> Result<Vec<u8>, ExportError> {
    let mut reviewed: HashMap<NoteKey<'_>, (&str, u32)> = HashMap::new();
    for round in &doc.report.rounds {
        for section in &round.cross_group {
            for topic in &section.topics {
                for item in &topic.items {
                    for m in &item.members {
                        let key = (
                            round.round_id.as_str(),
                            m.room_id.as_str(),
                            m.note_id.as_str(),
                        );
                        reviewed.insert(key, (topic.name.as_str(), item.count));
                    }
                }
            }
        }
    }
    write(&doc.notes, doc.anonymous, &doc.unreadable, |note| {
        reviewed
            .get(&(
                note.round_id.as_str(),
                note.room_id.as_str(),
                note.note_id.as_str(),
            ))
            .copied()
    })
}

/// A note by round, room and note id.
type NoteKey<'a> = (&'a str, &'a str, &'a str);

/// Every note as a CSV row (UTF-8, header first), with its room topic and
/// counted once.
pub fn notes_csv(notes: &[NoteRecord], anonymous: bool) -> Result<Vec<u8>, ExportError> {
    write(notes, anonymous, &[], |_| None)
}

/// Every note as a CSV row; `reviewed` gives a note's topic and count in
/// the reviewed report, if it is there.
fn write<'r>(
    notes: &[NoteRecord],
    anonymous: bool,
    notices: &[String],
    reviewed: impl Fn(&NoteRecord) -> Option<(&'r str, u32)>,
) -> Result<Vec<u8>, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    let csv_error = |e: ::csv::Error| ExportError::Csv(e.to_string());
    for notice in notices {
        writer
            .write_record([format!("{NOTICE_PREFIX}{notice}")])
            .map_err(csv_error)?;
    }
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if !anonymous {
        header.insert(6, "naam");
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
        let (topic, mentioned) = match reviewed(note) {
            Some((topic, count)) => (topic.to_owned(), count),
            None => (note.topic.clone().unwrap_or_default(), 1),
        };
        let mut row: Vec<String> = vec![
            guard(&note.round_name),
            guard(&note.group_label),
            guard(&note.section_title),
            guard(&note.text),
            guard(&topic),
            note.author_role
                .map(|r| r.dutch_label().to_owned())
                .unwrap_or_default(),
            note.votes.to_string(),
            note.room_id.to_string(),
            note.note_id.to_string(),
            note.round_id.to_string(),
            note.section_id.to_string(),
            mentioned.to_string(),
            if note.late { "ja" } else { "" }.to_owned(),
        ];
        if !anonymous {
            row.insert(6, guard(note.author_name.as_deref().unwrap_or_default()));
        }
        writer.write_record(&row).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))
}

/// How a notice row above the header starts ("Let op: Van kamer …").
pub const NOTICE_PREFIX: &str = "Let op: ";

/// Whether a line of an exported CSV is a notice row.
pub fn is_notice_line(line: &[u8]) -> bool {
    let line = line.strip_prefix(BOM).unwrap_or(line);
    let line = line.strip_prefix(b"\"").unwrap_or(line);
    line.starts_with(NOTICE_PREFIX.as_bytes())
}

/// What a spreadsheet reads as the start of a formula (OWASP's list).
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Neutralises a cell a spreadsheet would run as a formula ("=HYPERLINK…"
/// in a note) by prefixing an apostrophe, as OWASP advises; a text that
/// already starts so gets one more, so [`unguard`] gives it back whole.
fn guard(text: &str) -> String {
    if starts_formula(text) || text.strip_prefix('\'').is_some_and(starts_formula) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Undoes [`guard`] when an exported CSV is read back.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if starts_formula(rest) || rest.strip_prefix('\'').is_some_and(starts_formula) =>
        {
            rest
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back_whole() {
        for text in [
            "=HYPERLINK(\"http://x\",\"klik\")",
            "+31 6 1234",
            "- meer tijd",
            "@SUM(A1)",
            "\tinspringen",
            "'=al beschermd",
            "gewoon",
            "'citaat'",
        ] {
            let cell = guard(text);
            assert!(!starts_formula(&cell), "{cell}");
            assert_eq!(unguard(&cell), text);
        }
        assert_eq!(guard("gewoon"), "gewoon");
    }
}
