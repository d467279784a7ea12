//! The name an export is saved under. An organiser's downloads folder
//! should say which day and which round a file holds, not an opaque
//! session id; the name is plain ASCII so every mail client and file
//! system keeps it as it is.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ExportFormat;

/// Characters of the title and round name kept in a file name; a title
/// longer than this is cut at a word.
const MAX_NAME_CHARS: usize = 80;

/// "samenvatting-partnerschapsdag-zuid-ronde-1.docx" for the session
/// "Partnerschapsdag Zuid" and its round "Ronde 1".
pub fn export_file_name(title: &str, round_name: Option<&str>, format: ExportFormat) -> String {
    let mut name = String::from("samenvatting");
    for part in [Some(title), round_name].into_iter().flatten() {
        let slug = slug(part);
        if !slug.is_empty() && name.len() + slug.len() < MAX_NAME_CHARS {
            name.push('-');
            name.push_str(&slug);
        } else if !slug.is_empty() {
            let room = MAX_NAME_CHARS.saturating_sub(name.len() + 1);
            let cut: String = slug.chars().take(room).collect();
            let cut = cut.rsplit_once('-').map_or(cut.as_str(), |(head, _)| head);
            if !cut.is_empty() {
                name.push('-');
                name.push_str(cut);
            }
        }
    }
    format!("{name}.{}", format.key())
}

/// Lower-case ASCII words joined by hyphens: accents dropped ("één" →
/// "een"), anything else a separator.
fn slug(text: &str) -> String {
    let plain: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_says_which_day_and_round() {
        assert_eq!(
            export_file_name(
                "Partnerschapsdag Zuid 2026",
                Some("Ronde 1: dialoog"),
                ExportFormat::Docx
            ),
            "samenvatting-partnerschapsdag-zuid-2026-ronde-1-dialoog.docx"
        );
        assert_eq!(
            export_file_name(
                "Één dag — café's & \"scholen\"",
                None,
                ExportFormat::Markdown
            ),
            "samenvatting-een-dag-cafe-s-scholen.md"
        );
    }

    #[test]
    fn a_title_of_no_letters_or_too_long_still_gives_a_clean_name() {
        assert_eq!(
            export_file_name("📣 ?!", None, ExportFormat::Pdf),
            "samenvatting.pdf"
        );
        let long = "woord ".repeat(40);
        let name = export_file_name(&long, Some("Ronde 2"), ExportFormat::Csv);
        assert!(name.len() <= MAX_NAME_CHARS + 4, "{name}");
        assert!(name.starts_with("samenvatting-woord-woord"), "{name}");
        assert!(!name.contains("--") && !name.contains("-."), "{name}");
    }
}
