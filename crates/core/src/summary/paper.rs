//! Notes from paper groups: groups that filled a paper card have their
//! notes typed into a CSV file, which this module reads into
//! [`NoteRecord`]s so they merge with the online rooms into one report.
//!
//! Columns (header row required, any order, case-insensitive, Dutch names
//! accepted too): `round` (ronde), `group` (groep), `section` (sectie),
//! `text` (tekst), and optionally `topic` (onderwerp) and `role` (rol).
//! Other columns are ignored, so the notes CSV export reads back.
//! A round or section that matches one of the session's (by id or name)
//! is filed under it; otherwise it gets an id made from its name.

use super::from_room::{id_or_slug, slug};
use super::input::NoteRecord;
use crate::ids::{ElementId, NoteId, RoomId, RoundId};
use crate::role::ParticipantRole;

/// What the session knows, so paper notes land in the same rounds,
/// sections and groups as the online ones.
#[derive(Debug, Clone, Default)]
pub struct PaperContext {
    /// Round ids with their names.
    pub rounds: Vec<(RoundId, String)>,
    /// Section (note target) ids with their titles, in card order.
    pub sections: Vec<(ElementId, String)>,
    /// Round, group label and that group's statement.
    pub statements: Vec<(RoundId, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error(
        "the CSV has no '{0}' column (needed: round, group, section, text; optional: topic, role)"
    )]
    MissingColumn(&'static str),
    #[error("line {line}, column {column} ({name}): this cannot be empty")]
    Empty {
        line: u64,
        column: usize,
        name: &'static str,
    },
    #[error(
        "line {line}, column {column} (role): unknown role '{value}' (use e.g. schoolleider, schoolopleider, mentor or school-leader)"
    )]
    UnknownRole {
        line: u64,
        column: usize,
        value: String,
    },
    #[error("line {line}, column {column} ({name}): '{value}' gives no usable id")]
    BadId {
        line: u64,
        column: usize,
        name: &'static str,
        value: String,
    },
}

/// The column positions found in the header.
struct Columns {
    round: usize,
    group: usize,
    section: usize,
    text: usize,
    topic: Option<usize>,
    role: Option<usize>,
}

const ALIASES: [(&str, &[&str]); 6] = [
    ("round", &["round", "ronde", "sessie"]),
    ("group", &["group", "groep", "doelgroep", "waarborg"]),
    ("section", &["section", "sectie", "vak", "onderdeel"]),
    ("text", &["text", "tekst", "opmerking"]),
    ("topic", &["topic", "onderwerp", "thema"]),
    ("role", &["role", "rol"]),
];

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Self, PaperError> {
        let position = |name: &str| {
            let aliases = ALIASES
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&[][..], |(_, a)| *a);
            header
                .iter()
                .position(|h| aliases.contains(&h.trim().to_lowercase().as_str()))
        };
        let required = |name: &'static str| position(name).ok_or(PaperError::MissingColumn(name));
        Ok(Self {
            round: required("round")?,
            group: required("group")?,
            section: required("section")?,
            text: required("text")?,
            topic: position("topic"),
            role: position("role"),
        })
    }
}

/// Reads paper notes from CSV bytes (UTF-8, comma or semicolon separated).
pub fn read_paper_notes(
    bytes: &[u8],
    context: &PaperContext,
) -> Result<Vec<NoteRecord>, PaperError> {
    let mut bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // An export that says a room could not be read whole opens with
    // notice rows; what follows is the header.
    while crate::summary::export::is_notice_line(bytes) {
        let end = bytes
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |n| n + 1);
        bytes = &bytes[end..];
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semicolons = first_line.iter().filter(|b| **b == b';').count();
    let commas = first_line.iter().filter(|b| **b == b',').count();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if semicolons > commas { b';' } else { b',' })
        .flexible(true)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| PaperError::Csv {
        line: e.position().map_or(1, csv::Position::line),
        message: e.to_string(),
    };
    let columns = Columns::find(reader.headers().map_err(csv_error)?)?;
    let mut notes = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        notes.push(note(&record, line, &columns, context)?);
    }
    Ok(notes)
}

fn note(
    record: &csv::StringRecord,
    line: u64,
    columns: &Columns,
    context: &PaperContext,
) -> Result<NoteRecord, PaperError> {
    let field = |column: usize, name: &'static str| {
        let value = crate::summary::export::unguard(record.get(column).unwrap_or_default().trim());
        if value.is_empty() {
            Err(PaperError::Empty {
                line,
                column: column + 1,
                name,
            })
        } else {
            Ok(value)
        }
    };
    let optional = |column: Option<usize>| {
        column
            .and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let bad_id = |column: usize, name: &'static str, value: &str| PaperError::BadId {
        line,
        column: column + 1,
        name,
        value: value.to_owned(),
    };
    let round = field(columns.round, "round")?;
    let group = field(columns.group, "group")?;
    let section = field(columns.section, "section")?;
    let text = field(columns.text, "text")?;
    let (round_id, round_name) = match lookup(&context.rounds, round) {
        Some(found) => found,
        None => (
            id_or_slug(round, round, RoundId::new)
                .ok_or_else(|| bad_id(columns.round, "round", round))?,
            round.to_owned(),
        ),
    };
    let (section_id, section_title) = match lookup(&context.sections, section) {
        Some(found) => found,
        None => (
            id_or_slug(section, section, ElementId::new)
                .ok_or_else(|| bad_id(columns.section, "section", section))?,
            section.to_owned(),
        ),
    };
    let author_role = match (columns.role, optional(columns.role)) {
        (Some(column), Some(value)) => {
            Some(role(value).ok_or_else(|| PaperError::UnknownRole {
                line,
                column: column + 1,
                value: value.to_owned(),
            })?)
        }
        _ => None,
    };
    let statement = context
        .statements
        .iter()
        .find(|(r, label, _)| r == &round_id && label.eq_ignore_ascii_case(group))
        .map(|(_, _, s)| s.clone());
    let room = format!("papier-{}", slug(group));
    Ok(NoteRecord {
        note_id: id_or_slug(&format!("papier-{line}"), "papier", NoteId::new)
            .ok_or_else(|| bad_id(columns.text, "text", text))?,
        round_id,
        round_name,
        room_id: id_or_slug(&room, "papier", RoomId::new)
            .ok_or_else(|| bad_id(columns.group, "group", group))?,
        group_label: group.to_owned(),
        statement,
        section_id,
        section_title,
        text: text.to_owned(),
        topic: optional(columns.topic).map(str::to_owned),
        author_role,
        author_name: None,
        votes: 0,
        late: false,
    })
}

/// An entry whose id or name is `value` (case-insensitive).
fn lookup<T: Clone + std::fmt::Display>(
    entries: &[(T, String)],
    value: &str,
) -> Option<(T, String)> {
    entries
        .iter()
        .find(|(id, name)| {
            id.to_string().eq_ignore_ascii_case(value) || name.trim().eq_ignore_ascii_case(value)
        })
        .cloned()
}

/// A role by its key ("school-leader") or Dutch label ("schoolleider").
fn role(value: &str) -> Option<ParticipantRole> {
    let value = value.trim().to_lowercase();
    ParticipantRole::ALL.into_iter().find(|r| {
        r.key() == value
            || r.dutch_label().to_lowercase() == value
            || r.short_dutch_label() == value
    })
}
