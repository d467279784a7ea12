//! Small checks shared by the programme validator: ids, display text and
//! templates, each reporting to the [`ErrorSink`] under a path.

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::content_error::ErrorSink;
use crate::ids::{IdError, TemplateId};
use crate::template::CardTemplate;

/// Parses an id, reporting why it is not one.
pub(super) fn id<T: FromStr<Err = IdError>>(
    sink: &mut ErrorSink,
    path: &str,
    value: &str,
) -> Option<T> {
    value
        .parse()
        .map_err(|error: IdError| sink.push(path, error.to_string()))
        .ok()
}

/// Display text: not blank, and free of U+FFFD (a ligature lost when the
/// text was copied out of a PDF, e.g. `hee�` for *heeft*).
pub(super) fn text(sink: &mut ErrorSink, path: &str, value: &str) -> String {
    if value.trim().is_empty() {
        sink.push(path, "must not be empty");
    }
    if value.contains('\u{FFFD}') {
        sink.push(
            path,
            "contains U+FFFD, a lost ligature (e.g. 'hee\u{FFFD}' for 'heeft'); repair the text",
        );
    }
    value.trim().to_owned()
}

/// A template id that exists in `templates`.
pub(super) fn template(
    sink: &mut ErrorSink,
    path: &str,
    value: &str,
    templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Option<TemplateId> {
    let id: TemplateId = id(sink, path, value)?;
    if templates.contains_key(&id) {
        Some(id)
    } else {
        sink.push(path, format!("unknown template '{value}'"));
        None
    }
}

/// Reports every value that already appeared earlier in the list, naming
/// where it first appeared: `path_of(i)` gives the path of item `i`.
pub(super) fn unique<'a>(
    sink: &mut ErrorSink,
    values: impl IntoIterator<Item = &'a str>,
    path_of: impl Fn(usize) -> String,
) {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, value) in values.into_iter().enumerate() {
        if let Some(&j) = first.get(value) {
            let earlier = path_of(j);
            sink.push(
                path_of(i),
                format!("'{value}' is already used by {earlier}"),
            );
        } else {
            first.insert(value, i);
        }
    }
}
