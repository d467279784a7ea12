//! From text to [`RawTemplate`]: TOML syntax first (reported with line and
//! column), then the shape of the file (field names and value types),
//! item by item.

use serde::Deserialize;

use super::raw::RawTemplate;
use crate::content_error::ContentError;

/// Reads the TOML text. A syntax error stops here: nothing after it can be
/// trusted. Shape errors are kept inside the returned value (see
/// [`super::raw::Lenient`]) and reported during validation.
pub(crate) fn parse_raw(file: &str, text: &str) -> Result<RawTemplate, ContentError> {
    let table: toml::Table =
        toml::from_str(text).map_err(|error| syntax_error(file, text, &error))?;
    RawTemplate::deserialize(toml::Value::Table(table))
        .map_err(|error| ContentError::new(file, "", error.message().trim()))
}

/// A syntax error as `line L, column C: message`.
pub(crate) fn syntax_error(file: &str, text: &str, error: &toml::de::Error) -> ContentError {
    let message = error.message().trim();
    let message = match error.span() {
        Some(span) => {
            let (line, column) = line_and_column(text, span.start);
            format!("TOML syntax error at line {line}, column {column}: {message}")
        }
        None => format!("TOML syntax error: {message}"),
    };
    ContentError::new(file, "", message)
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let text = "a = 1\nbé = ?\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        let offset = text.find('?').unwrap();
        assert_eq!(line_and_column(text, offset), (2, 6));
    }
}
