//! The Word document's properties (File → Info in Word): its title, who
//! wrote it and when. docx-rs writes "unknown" and 1 January 1970 unless
//! told otherwise, and has no setter for the author or title, so the
//! properties part is written here in its place.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::SummaryDocument;
use super::html::escape;

/// Who the document says wrote it: the tool, since the report is built
/// from what every group wrote, not by one person.
const AUTHOR: &str = "samenbord";

/// `docProps/core.xml` for `doc`.
pub fn core_properties(doc: &SummaryDocument) -> Vec<u8> {
    let title = escape(&doc.title);
    let dates = doc
        .written_at
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .and_then(|at| at.format(&Rfc3339).ok())
        .map(|at| {
            format!(
                r#"<dcterms:created xsi:type="dcterms:W3CDTF">{at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{at}</dcterms:modified>"#
            )
        })
        .unwrap_or_default();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>nl-NL</dc:language>",
            "{dates}<cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        title = title,
        author = AUTHOR,
        dates = dates,
    )
    .into_bytes()
}
