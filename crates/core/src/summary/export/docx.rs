//! DOCX: a real Word document written with `docx-rs`, with heading styles
//! (so Word's navigation pane shows the structure), bullet lists and the
//! action list as a table.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, SpecialIndentType, Start, Style, StyleType, Table,
    TableCell, TableRow,
};

use super::docx_properties::core_properties;
use super::outline::{ACTION_COLUMNS, Block, action_cells, outline};
use super::{ExportError, SummaryDocument, xml_safe};

/// Numbering id of the bullet list. Not 1: docx-rs always writes a
/// decimal list under that id, and Word and LibreOffice then number every
/// bullet of the report as one list.
const BULLETS: usize = 2;
/// Heading sizes in half-points, level 1 to 5.
const HEADING_SIZES: [usize; 5] = [36, 30, 26, 24, 22];

/// The report as a `.docx` file.
pub fn render(doc: &SummaryDocument) -> Result<Vec<u8>, ExportError> {
    let mut docx = styled();
    for block in outline(doc) {
        docx = match block {
            Block::Heading(level, text) => docx.add_paragraph(heading(level, &text)),
            Block::Paragraph(text) => docx.add_paragraph(Paragraph::new().add_run(lines(&text))),
            Block::Notice(text) => docx.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("Let op: ").bold().color("9C5700"))
                    .add_run(lines(&text).color("9C5700")),
            ),
            Block::Note(text) => docx.add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(xml_safe(&text))
                        .italic()
                        .color("666666"),
                ),
            ),
            Block::Statement(label, text) => docx.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{label}: ")).bold())
                    .add_run(lines(&text)),
            ),
            Block::Bullets(bullets) => bullets.into_iter().fold(docx, |docx, bullet| {
                let mut paragraph = Paragraph::new();
                if let Some(count) = bullet.count {
                    paragraph = paragraph.add_run(Run::new().add_text(format!("{count} ")).bold());
                }
                let mut paragraph = paragraph
                    .add_run(lines(&bullet.text))
                    .numbering(NumberingId::new(BULLETS), IndentLevel::new(0));
                if let Some(detail) = bullet.detail {
                    paragraph = paragraph.add_run(
                        Run::new()
                            .add_text(format!(" — {}", xml_safe(&detail)))
                            .italic()
                            .color("555555"),
                    );
                }
                docx.add_paragraph(paragraph)
            }),
            Block::Actions(agreements) => {
                let header = TableRow::new(
                    ACTION_COLUMNS
                        .iter()
                        .map(|c| cell(Run::new().add_text(*c).bold()))
                        .collect(),
                );
                let rows = agreements.iter().map(|a| {
                    TableRow::new(action_cells(a).iter().map(|c| cell(lines(c))).collect())
                });
                docx.add_table(Table::new(std::iter::once(header).chain(rows).collect()))
            }
        };
    }
    let mut bytes = Vec::new();
    let mut xml = docx.build();
    xml.doc_props.core = core_properties(doc);
    xml.pack(Cursor::new(&mut bytes))
        .map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(bytes)
}

/// A document with heading styles and a bullet numbering defined.
fn styled() -> Docx {
    let mut docx = Docx::new();
    for (i, size) in HEADING_SIZES.iter().enumerate() {
        let level = i + 1;
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("Heading {level}"))
                .size(*size)
                .bold()
                .color("1F3B57")
                .outline_lvl(i),
        );
    }
    docx.add_abstract_numbering(
        AbstractNumbering::new(BULLETS).add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new("•"),
                LevelJc::new("left"),
            )
            .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None),
        ),
    )
    .add_numbering(Numbering::new(BULLETS, BULLETS))
}

fn heading(level: u8, text: &str) -> Paragraph {
    let level = level.clamp(1, 5);
    Paragraph::new()
        .add_run(Run::new().add_text(xml_safe(text)))
        .style(&format!("Heading{level}"))
}

/// A run keeping the text's line breaks.
fn lines(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(xml_safe(line));
    }
    run
}

fn cell(run: Run) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::Read;

    use super::*;
    use crate::summary::overall::OverallSummary;
    use crate::summary::report::Report;

    #[test]
    fn control_characters_in_notes_do_not_corrupt_the_document() {
        let doc = SummaryDocument {
            title: "Partnerschapsdag\u{1}".into(),
            anonymous: false,
            overall: OverallSummary::extractive(
                "Een\u{0} notitie\u{b} met\u{1f} stuurtekens\u{ffff}",
            ),
            report: Report {
                rounds: Vec::new(),
                agreements: Vec::new(),
                overall_summary: String::new(),
            },
            section_order: Vec::new(),
            notes: Vec::new(),
            plan: Vec::new(),
            unreadable: Vec::new(),
            written_at: None,
        };
        let bytes = render(&doc).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("Een notitie met stuurtekens"),
            "the text stays"
        );
        assert!(
            !xml.chars()
                .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r') || c == '\u{ffff}'),
            "no character XML 1.0 forbids"
        );
    }
}
