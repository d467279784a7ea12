//! The report laid out as a sequence of blocks (headings, paragraphs,
//! bullet lists, the action list) that Markdown, HTML and DOCX each render
//! in their own syntax. The Dutch wording of the report lives here.

use super::SummaryDocument;
use crate::summary::input::AgreementRecord;
use crate::summary::report::{MergedItem, SectionReport};

/// One piece of the rendered report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 (title) to 5 (topic).
    Heading(u8, String),
    Paragraph(String),
    /// Something the reader must notice (e.g. a failed generation).
    Notice(String),
    /// A small line about where something came from.
    Note(String),
    /// The group's statement (*stelling*).
    Statement(String),
    Bullets(Vec<Bullet>),
    /// Agreements as one action list: wat, wie, wanneer, groep.
    Actions(Vec<AgreementRecord>),
}

/// One remark with its count and groups ("3x genoemd · A, B").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bullet {
    pub text: String,
    pub detail: Option<String>,
}

/// Column titles of the action list.
pub const ACTION_COLUMNS: [&str; 4] = ["Wat", "Wie", "Wanneer", "Groep"];

/// Lays out `doc` as blocks.
pub fn outline(doc: &SummaryDocument) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(1, doc.title.clone())];
    blocks.push(Block::Paragraph(counts_line(doc)));
    blocks.push(Block::Heading(2, "Samenvatting".to_owned()));
    if let Some(notice) = &doc.overall.notice {
        blocks.push(Block::Notice(notice.clone()));
    }
    for paragraph in doc.overall.text.split("\n\n") {
        let paragraph = paragraph.trim();
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph.to_owned()));
        }
    }
    blocks.push(Block::Note(doc.overall.source_label().to_owned()));
    for round in &doc.report.rounds {
        blocks.push(Block::Heading(2, round.round_name.clone()));
        blocks.push(Block::Heading(3, "Alle groepen samen".to_owned()));
        for section in doc.ordered(&round.cross_group) {
            section_blocks(&mut blocks, section, true);
        }
        for group in &round.groups {
            blocks.push(Block::Heading(3, group.label.clone()));
            if let Some(statement) = group.statement.as_deref().map(str::trim)
                && !statement.is_empty()
            {
                blocks.push(Block::Statement(statement.to_owned()));
            }
            for section in doc.ordered(&group.sections) {
                section_blocks(&mut blocks, section, false);
            }
        }
    }
    blocks.push(Block::Heading(2, "Afspraken".to_owned()));
    if doc.report.agreements.is_empty() {
        blocks.push(Block::Paragraph(
            "Er zijn geen afspraken vastgelegd.".to_owned(),
        ));
    } else {
        blocks.push(Block::Actions(doc.report.agreements.clone()));
    }
    blocks
}

fn counts_line(doc: &SummaryDocument) -> String {
    let notes = doc.notes.len();
    let rounds = doc.report.rounds.len();
    format!(
        "{notes} {} uit {rounds} {}.",
        if notes == 1 {
            "opmerking"
        } else {
            "opmerkingen"
        },
        if rounds == 1 { "ronde" } else { "rondes" },
    )
}

fn section_blocks(blocks: &mut Vec<Block>, section: &SectionReport, show_groups: bool) {
    blocks.push(Block::Heading(4, section.title.clone()));
    for topic in &section.topics {
        blocks.push(Block::Heading(5, topic.name.clone()));
        blocks.push(Block::Bullets(
            topic
                .items
                .iter()
                .map(|item| Bullet {
                    text: item.text.clone(),
                    detail: detail(item, show_groups),
                })
                .collect(),
        ));
    }
}

/// "3x genoemd · Schoolopleiders, Organisatie · 4 stemmen", the parts
/// that apply.
pub fn detail(item: &MergedItem, show_groups: bool) -> Option<String> {
    let mut parts = Vec::new();
    if item.count >= 2 {
        parts.push(mentioned(item.count));
    }
    if show_groups && !item.groups.is_empty() {
        parts.push(item.groups.join(", "));
    }
    match item.votes {
        0 => {}
        1 => parts.push("1 stem".to_owned()),
        n => parts.push(format!("{n} stemmen")),
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// "3x genoemd".
pub fn mentioned(count: u32) -> String {
    format!("{count}x genoemd")
}

/// The four cells of an agreement's row.
pub fn action_cells(agreement: &AgreementRecord) -> [String; 4] {
    [
        agreement.what.clone(),
        agreement.who.clone().unwrap_or_default(),
        agreement.when.clone().unwrap_or_default(),
        agreement.group_label.clone(),
    ]
}
