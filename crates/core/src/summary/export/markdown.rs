//! Markdown: headings, bullet lists with the counts in italics, the
//! action list as a table. Text from notes is escaped so a note cannot
//! turn into a heading, a link or a table cell break.

use std::fmt::Write as _;

use super::SummaryDocument;
use super::outline::{ACTION_COLUMNS, Block, action_cells, outline};

/// The report as Markdown.
pub fn render(doc: &SummaryDocument) -> String {
    let mut out = String::new();
    for block in outline(doc) {
        match block {
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
                let _ = writeln!(out, "{hashes} {}\n", escape(&text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{}\n", escape(&text));
            }
            Block::Notice(text) => {
                let _ = writeln!(out, "> **Let op:** {}\n", escape(&text));
            }
            Block::Note(text) => {
                let _ = writeln!(out, "*{}*\n", escape(&text));
            }
            Block::Statement(label, text) => {
                let _ = writeln!(out, "**{}:** {}\n", escape(&label), escape(&text));
            }
            Block::Bullets(bullets) => {
                for bullet in bullets {
                    out.push_str("- ");
                    if let Some(count) = &bullet.count {
                        let _ = write!(out, "**{}** ", escape(count));
                    }
                    out.push_str(&escape(&bullet.text));
                    if let Some(detail) = &bullet.detail {
                        let _ = write!(out, " — *{}*", escape(detail));
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Actions(agreements) => {
                let _ = writeln!(out, "| {} |", ACTION_COLUMNS.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(ACTION_COLUMNS.len()));
                for agreement in &agreements {
                    let cells: Vec<String> =
                        action_cells(agreement).iter().map(|c| escape(c)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One line, with Markdown's special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .enumerate()
    {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn a_note_cannot_become_markup() {
        assert_eq!(escape("# kop"), "\\# kop");
        assert_eq!(escape("a | b\nc"), "a \\| b c");
        assert_eq!(escape("[link](x)"), "\\[link\\](x)");
    }
}
