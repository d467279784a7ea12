//! Print-friendly HTML: one self-contained page with inline CSS, no
//! scripts, fonts or images from elsewhere, every text escaped.

use std::fmt::Write as _;

use super::SummaryDocument;
use super::outline::{ACTION_COLUMNS, Block, action_cells, outline};

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1a1a1a}\
h1,h2,h3,h4,h5{font-family:Helvetica,Arial,sans-serif;line-height:1.2}\
h1{font-size:1.8rem}h2{font-size:1.45rem;border-bottom:2px solid #2b5d8a;padding-bottom:.2rem;margin-top:2.2rem}\
h3{font-size:1.2rem;color:#2b5d8a;margin-top:1.6rem}h4{font-size:1.05rem;margin-bottom:.3rem}h5{font-size:.95rem;font-style:italic;margin:.6rem 0 .2rem}\
ul{margin-top:.2rem}.detail{color:#555;font-size:.9em}.notice{border-left:4px solid #c77d00;background:#fff6e5;padding:.5rem .8rem}\
.source{color:#666;font-size:.85em;font-style:italic}.statement{border-left:4px solid #2b5d8a;padding:.3rem .8rem;background:#f3f6fa;white-space:pre-line}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3,h4,h5{break-after:avoid}li,tr{break-inside:avoid}}";

/// The report as one HTML page.
pub fn render(doc: &SummaryDocument) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&doc.title)
    );
    for block in outline(doc) {
        match block {
            Block::Heading(level, text) => {
                let level = level.clamp(1, 6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(&text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(&text));
            }
            Block::Notice(text) => {
                let _ = writeln!(
                    out,
                    "<p class=\"notice\"><strong>Let op:</strong> {}</p>",
                    escape(&text)
                );
            }
            Block::Note(text) => {
                let _ = writeln!(out, "<p class=\"source\">{}</p>", escape(&text));
            }
            Block::Statement(label, text) => {
                let _ = writeln!(
                    out,
                    "<p class=\"statement\"><strong>{}:</strong> {}</p>",
                    escape(&label),
                    escape(&text)
                );
            }
            Block::Bullets(bullets) => {
                out.push_str("<ul>\n");
                for bullet in bullets {
                    out.push_str("<li>");
                    if let Some(count) = &bullet.count {
                        let _ = write!(out, "<strong>{}</strong> ", escape(count));
                    }
                    out.push_str(&escape(&bullet.text));
                    if let Some(detail) = bullet.detail {
                        let _ = write!(out, " <span class=\"detail\">— {}</span>", escape(&detail));
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
            Block::Actions(agreements) => {
                out.push_str("<table>\n<thead><tr>");
                for column in ACTION_COLUMNS {
                    let _ = write!(out, "<th>{column}</th>");
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for agreement in &agreements {
                    out.push_str("<tr>");
                    for cell in action_cells(agreement) {
                        let _ = write!(out, "<td>{}</td>", escape(&cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let text = super::xml_safe(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
