//! PDF: the shared outline laid out on A4 pages with `pdf-writer`, in the
//! PDF standard fonts (Helvetica, bold, oblique), so nothing has to be
//! embedded and the file stays small enough to mail.
//!
//! The standard fonts speak WinAnsi (Windows-1252), which holds every
//! letter of Dutch, French, German and the Nordic languages. A character
//! outside it is written as its base letter ("Ş" → "S", "ł" → "l"), and
//! what has none (an emoji) as "?": the Markdown, HTML and Word exports
//! keep every character; the PDF is the copy to print and mail.

mod layout;
mod widths;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::outline::{ACTION_COLUMNS, Block, action_cells, outline};
use super::{SummaryDocument, xml_safe};
use layout::{Face, Line, Span, wrap};

/// A4 in points.
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY_SIZE: f32 = 10.5;
const LEADING: f32 = 1.35;
/// Heading sizes, level 1 to 5.
const HEADING_SIZES: [f32; 5] = [20.0, 16.0, 13.5, 12.0, 11.0];
const BULLET_INDENT: f32 = 14.0;
const CELL_GAP: f32 = 8.0;
/// Shares of the text width of the action list's columns.
const ACTION_SHARES: [f32; 4] = [0.43, 0.19, 0.19, 0.19];

/// The report as a PDF file.
pub fn render(doc: &SummaryDocument) -> Vec<u8> {
    let mut pages = Pages::default();
    for block in outline(doc) {
        match block {
            Block::Heading(level, text) => {
                let size = HEADING_SIZES[usize::from(level.clamp(1, 5)) - 1];
                pages.space(size * 0.8);
                let spans = [Span::new(Face::Bold, &text)];
                // A heading is never the last line of a page.
                pages.keep(size * LEADING * 3.0);
                pages.lines(&wrap(&spans, size, TEXT_WIDTH), size, 0.0);
                pages.space(size * 0.25);
            }
            Block::Paragraph(text) => {
                pages.paragraph(&[Span::new(Face::Regular, &text)], 0.0);
            }
            Block::Notice(text) => pages.paragraph(
                &[
                    Span::new(Face::Bold, "Let op: "),
                    Span::new(Face::Regular, &text),
                ],
                0.0,
            ),
            Block::Note(text) => pages.paragraph(&[Span::new(Face::Oblique, &text)], 0.0),
            Block::Statement(label, text) => pages.paragraph(
                &[
                    Span::new(Face::Bold, &format!("{label}: ")),
                    Span::new(Face::Regular, &text),
                ],
                0.0,
            ),
            Block::Bullets(bullets) => {
                for bullet in bullets {
                    let mut spans = Vec::new();
                    if let Some(count) = &bullet.count {
                        spans.push(Span::new(Face::Bold, &format!("{count} ")));
                    }
                    spans.push(Span::new(Face::Regular, &bullet.text));
                    if let Some(detail) = &bullet.detail {
                        spans.push(Span::new(Face::Oblique, &format!(" — {detail}")));
                    }
                    pages.bullet(&spans);
                }
                pages.space(BODY_SIZE * 0.3);
            }
            Block::Actions(agreements) => {
                let header = ACTION_COLUMNS.map(|c| vec![Span::new(Face::Bold, c)]);
                pages.row(&header);
                for agreement in &agreements {
                    let cells = action_cells(agreement);
                    pages.row(&cells.each_ref().map(|c| vec![Span::new(Face::Regular, c)]));
                }
            }
        }
    }
    pages.finish(&xml_safe(&doc.title))
}

/// The pages written so far and the position on the current one.
struct Pages {
    done: Vec<Content>,
    current: Content,
    /// Distance of the next baseline's top from the page's top.
    y: f32,
}

impl Default for Pages {
    fn default() -> Self {
        Self {
            done: Vec::new(),
            current: Content::new(),
            y: MARGIN,
        }
    }
}

impl Pages {
    fn space(&mut self, points: f32) {
        if self.y > MARGIN {
            self.y += points;
        }
    }

    /// Starts a new page unless `height` still fits on this one.
    fn keep(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN && self.y > MARGIN {
            let page = std::mem::replace(&mut self.current, Content::new());
            self.done.push(page);
            self.y = MARGIN;
        }
    }

    fn paragraph(&mut self, spans: &[Span], indent: f32) {
        let lines = wrap(spans, BODY_SIZE, TEXT_WIDTH - indent);
        self.lines(&lines, BODY_SIZE, indent);
        self.space(BODY_SIZE * 0.5);
    }

    fn bullet(&mut self, spans: &[Span]) {
        let lines = wrap(spans, BODY_SIZE, TEXT_WIDTH - BULLET_INDENT);
        self.keep(BODY_SIZE * LEADING);
        self.text_at(MARGIN + 3.0, &[Span::new(Face::Regular, "•")], BODY_SIZE);
        self.lines(&lines, BODY_SIZE, BULLET_INDENT);
        self.space(BODY_SIZE * 0.15);
    }

    /// One row of the action list: each cell wrapped in its column, the
    /// row as tall as its tallest cell.
    fn row(&mut self, cells: &[Vec<Span>; 4]) {
        let widths = ACTION_SHARES.map(|share| share * TEXT_WIDTH - CELL_GAP);
        let wrapped: Vec<Vec<Line>> = cells
            .iter()
            .zip(widths)
            .map(|(spans, width)| wrap(spans, BODY_SIZE, width))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
        self.keep(height * BODY_SIZE * LEADING);
        let top = self.y;
        let mut x = MARGIN;
        let mut bottom = top;
        for (lines, share) in wrapped.iter().zip(ACTION_SHARES) {
            self.y = top;
            for line in lines {
                self.text_line(x, line, BODY_SIZE);
            }
            bottom = bottom.max(self.y);
            x += share * TEXT_WIDTH;
        }
        self.y = bottom + BODY_SIZE * 0.4;
    }

    fn lines(&mut self, lines: &[Line], size: f32, indent: f32) {
        for line in lines {
            self.keep(size * LEADING);
            self.text_line(MARGIN + indent, line, size);
        }
    }

    /// Writes `line` with its top at the current position and moves down.
    fn text_line(&mut self, x: f32, line: &Line, size: f32) {
        self.text_at(x, &line.spans, size);
        self.y += size * LEADING;
    }

    fn text_at(&mut self, x: f32, spans: &[Span], size: f32) {
        let baseline = PAGE_HEIGHT - self.y - size;
        self.current.begin_text();
        self.current.next_line(x, baseline);
        for span in spans {
            self.current.set_font(span.face.resource(), size);
            self.current.show(Str(&span.bytes));
        }
        self.current.end_text();
    }

    fn finish(mut self, title: &str) -> Vec<u8> {
        self.done.push(self.current);
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let info = Ref::new(3);
        let fonts: Vec<(Face, Ref)> = Face::ALL
            .iter()
            .enumerate()
            .map(|(i, face)| (*face, Ref::new(4 + i as i32)))
            .collect();
        let first_page = 4 + fonts.len() as i32;
        let page_refs: Vec<(Ref, Ref)> = (0..self.done.len() as i32)
            .map(|i| {
                (
                    Ref::new(first_page + 2 * i),
                    Ref::new(first_page + 2 * i + 1),
                )
            })
            .collect();
        pdf.catalog(catalog).pages(tree);
        pdf.document_info(info)
            .title(TextStr(title))
            .producer(TextStr("samenbord"));
        pdf.pages(tree)
            .kids(page_refs.iter().map(|(page, _)| *page))
            .count(page_refs.len() as i32);
        for (face, id) in &fonts {
            pdf.type1_font(*id)
                .base_font(Name(face.base_font()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        for ((page_id, content_id), content) in page_refs.iter().zip(self.done) {
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
            page.parent(tree);
            page.contents(*content_id);
            let mut resources = page.resources();
            let mut names = resources.fonts();
            for (face, id) in &fonts {
                names.pair(face.resource(), *id);
            }
            names.finish();
            resources.finish();
            page.finish();
            pdf.stream(*content_id, &content.finish());
        }
        pdf.finish()
    }
}
