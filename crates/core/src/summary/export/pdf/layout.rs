//! Text in the standard fonts: encoding to WinAnsi, measuring, and
//! breaking styled text into lines that fit a width.

use std::borrow::Cow;

use pdf_writer::Name;
use unicode_normalization::UnicodeNormalization;

use super::widths;

/// The three faces the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Oblique,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Oblique];

    pub fn base_font(self) -> &'static [u8] {
        match self {
            Face::Regular => b"Helvetica",
            Face::Bold => b"Helvetica-Bold",
            Face::Oblique => b"Helvetica-Oblique",
        }
    }

    /// The name a page's content uses for the font.
    pub fn resource(self) -> Name<'static> {
        match self {
            Face::Regular => Name(b"F1"),
            Face::Bold => Name(b"F2"),
            Face::Oblique => Name(b"F3"),
        }
    }

    /// Width of WinAnsi `code` in 1/1000 em.
    fn width(self, code: u8) -> f32 {
        let table = match self {
            Face::Bold => &widths::BOLD,
            Face::Regular | Face::Oblique => &widths::REGULAR,
        };
        code.checked_sub(32)
            .and_then(|i| table.get(usize::from(i)))
            .map_or(0.0, |w| f32::from(*w))
    }

    fn measure(self, bytes: &[u8], size: f32) -> f32 {
        bytes.iter().map(|b| self.width(*b)).sum::<f32>() * size / 1000.0
    }
}

/// Text in one face, already encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub face: Face,
    pub bytes: Vec<u8>,
}

impl Span {
    pub fn new(face: Face, text: &str) -> Self {
        Self {
            face,
            bytes: encode(text),
        }
    }
}

/// One line of output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    fn push(&mut self, face: Face, bytes: &[u8]) {
        match self.spans.last_mut() {
            Some(last) if last.face == face => last.bytes.extend_from_slice(bytes),
            _ => self.spans.push(Span {
                face,
                bytes: bytes.to_vec(),
            }),
        }
    }
}

/// Breaks `spans` into lines no wider than `width` at `size`: at spaces,
/// at the text's own line breaks, and inside a word only when the word
/// alone is wider than a line (a long link).
pub fn wrap(spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let mut lines = vec![Line::default()];
    let mut used = 0.0;
    for span in spans {
        for (n, piece) in span.bytes.split(|b| *b == b'\n').enumerate() {
            if n > 0 {
                lines.push(Line::default());
                used = 0.0;
            }
            for word in piece.split_inclusive(|b| *b == b' ') {
                let word_width = span.face.measure(trim_space(word), size);
                if used > 0.0 && used + word_width > width {
                    lines.push(Line::default());
                    used = 0.0;
                }
                let mut rest = word;
                // A word wider than the whole line is cut where it fills it.
                while used == 0.0 && span.face.measure(trim_space(rest), size) > width {
                    let mut cut = 1;
                    while cut < rest.len() && span.face.measure(&rest[..=cut], size) <= width {
                        cut += 1;
                    }
                    push(&mut lines, span.face, &rest[..cut]);
                    lines.push(Line::default());
                    rest = &rest[cut..];
                }
                push(&mut lines, span.face, rest);
                used += span.face.measure(rest, size);
            }
        }
    }
    lines
}

fn push(lines: &mut [Line], face: Face, bytes: &[u8]) {
    if let Some(line) = lines.last_mut() {
        line.push(face, bytes);
    }
}

fn trim_space(word: &[u8]) -> &[u8] {
    word.strip_suffix(b" ").unwrap_or(word)
}

/// `text` in WinAnsi: characters outside it as their base letter, else
/// "?"; tabs and other control characters as a space.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push(b'\n');
        } else if c.is_control() {
            out.push(b' ');
        } else if let Some(byte) = winansi(c) {
            out.push(byte);
        } else {
            let base: Cow<str> = c.nfkd().filter(|c| winansi(*c).is_some()).collect();
            match base.chars().next().and_then(winansi) {
                Some(byte) => out.push(byte),
                None => out.push(b'?'),
            }
        }
    }
    out
}

fn winansi(c: char) -> Option<u8> {
    let mut buffer = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
    match (unmappable, bytes.as_ref()) {
        (false, [byte]) if *byte >= 32 => Some(*byte),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_letters_keep_their_accents_and_others_fall_back_to_their_base() {
        assert_eq!(encode("één café"), b"\xe9\xe9n caf\xe9".to_vec());
        assert_eq!(encode("Şükrü"), b"S\xfckr\xfc".to_vec());
        assert_eq!(encode("ł"), b"?".to_vec());
        assert_eq!(encode("ok 👍"), b"ok ?".to_vec());
        assert_eq!(encode("—€"), vec![0x97, 0x80]);
    }

    #[test]
    fn lines_fit_their_width_and_keep_every_word() {
        let text = "Samenwerking tussen opleidingsschool en instituut vraagt tijd, \
                    ruimte en een gedeelde taal over wat goed begeleiden is.";
        let lines = wrap(&[Span::new(Face::Regular, text)], 10.0, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            let width: f32 = line
                .spans
                .iter()
                .map(|s| s.face.measure(trim_space(&s.bytes), 10.0))
                .sum();
            assert!(width <= 120.0, "{width}");
        }
        let joined: Vec<u8> = lines
            .iter()
            .flat_map(|l| l.spans[0].bytes.clone())
            .collect();
        assert_eq!(joined, encode(text));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_lost() {
        let link = "https://voorbeeld.nl/".to_owned() + &"a".repeat(200);
        let lines = wrap(&[Span::new(Face::Regular, &link)], 10.0, 100.0);
        assert!(lines.len() > 1);
        let joined: Vec<u8> = lines
            .iter()
            .flat_map(|l| l.spans[0].bytes.clone())
            .collect();
        assert_eq!(joined, link.into_bytes());
    }

    #[test]
    fn the_texts_own_line_breaks_start_new_lines() {
        let lines = wrap(
            &[Span::new(Face::Regular, "Stelling 1\nStelling 2")],
            10.0,
            400.0,
        );
        assert_eq!(lines.len(), 2);
    }
}
