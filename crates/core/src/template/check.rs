//! The small checks every part of a template shares: unwrapping leniently
//! read values, non-empty texts, ids in the template's one namespace, and
//! link URLs. Each check reports into the [`ErrorSink`] with the path of
//! the value it looked at and lets the walk go on.

use std::collections::HashMap;

use super::raw::{Lenient, List};
use crate::content_error::{ContentError, ErrorSink};
use crate::ids::ElementId;

/// Walks one file, collecting problems and the ids seen so far.
pub(crate) struct Checker {
    pub sink: ErrorSink,
    /// Every element id of the template, with the path where it first
    /// appeared: sections, questions, phases, themes, the own theme, decks,
    /// cards, roles and working forms share one namespace.
    ids: HashMap<String, String>,
}

impl Checker {
    pub fn new(file: &str) -> Self {
        Self {
            sink: ErrorSink::new(file),
            ids: HashMap::new(),
        }
    }

    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.sink.push(path, message);
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<ContentError>> {
        self.sink.finish(value)
    }

    /// The value, or `None` after reporting why it could not be read.
    pub fn take<T>(&mut self, path: &str, value: Lenient<T>) -> Option<T> {
        for error in value.errors {
            match error.field {
                Some(field) => self.push(format!("{path}.{field}"), error.message),
                None => self.push(path, error.message),
            }
        }
        value.value
    }

    /// An optional top-level value.
    pub fn take_opt<T>(&mut self, path: &str, value: Option<Lenient<T>>) -> Option<T> {
        value.and_then(|value| self.take(path, value))
    }

    /// A top-level list: every readable item with its path.
    pub fn take_list<T>(&mut self, key: &str, list: List<T>) -> Vec<(String, T)> {
        let items = self.take_opt(key, list).unwrap_or_default();
        self.take_items(key, items)
    }

    /// The readable items of a list at `prefix`, each with its path.
    pub fn take_items<T>(&mut self, prefix: &str, items: Vec<Lenient<T>>) -> Vec<(String, T)> {
        items
            .into_iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let path = format!("{prefix}[{index}]");
                self.take(&path, item).map(|item| (path, item))
            })
            .collect()
    }

    /// A required text: present and not blank.
    pub fn required_text(&mut self, path: &str, value: Option<String>) -> Option<String> {
        match value {
            None => {
                self.push(path, "is missing");
                None
            }
            Some(text) => self.text(path, text),
        }
    }

    /// A text that must not be blank; trimmed.
    pub fn text(&mut self, path: &str, text: String) -> Option<String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            self.push(path, "is empty");
            None
        } else if trimmed.len() == text.len() {
            Some(text)
        } else {
            Some(trimmed.to_owned())
        }
    }

    /// An optional text: absent is fine, blank is not.
    pub fn optional_text(&mut self, path: &str, text: Option<String>) -> Option<String> {
        text.and_then(|text| self.text(path, text))
    }

    /// A list of texts, each non-blank.
    pub fn texts(&mut self, prefix: &str, texts: Vec<String>) -> Vec<String> {
        texts
            .into_iter()
            .enumerate()
            .filter_map(|(index, text)| self.text(&format!("{prefix}[{index}]"), text))
            .collect()
    }

    /// A new element id: well-formed and not used before in this template.
    pub fn new_id(&mut self, path: &str, id: String) -> Option<ElementId> {
        let id = self.id_syntax(path, id)?;
        match self.ids.get(id.as_str()) {
            Some(first) => {
                let message = format!("'{id}' appears twice (first at {first})");
                self.push(path, message);
                None
            }
            None => {
                self.ids.insert(id.as_str().to_owned(), path.to_owned());
                Some(id)
            }
        }
    }

    /// A reference to an element: only its syntax is checked here; what it
    /// must point at is checked once every element is known.
    pub fn id_syntax(&mut self, path: &str, id: String) -> Option<ElementId> {
        match ElementId::new(id) {
            Ok(id) => Some(id),
            Err(error) => {
                self.push(path, error.to_string());
                None
            }
        }
    }

    /// An optional link URL: absolute, http or https, with a host.
    pub fn url(&mut self, path: &str, url: Option<String>) -> Option<String> {
        let url = url?;
        let trimmed = url.trim();
        match url::Url::parse(trimmed) {
            Ok(parsed) if is_web(&parsed) => Some(trimmed.to_owned()),
            _ => {
                self.push(path, format!("'{url}' is not an absolute http(s) URL"));
                None
            }
        }
    }
}

fn is_web(url: &url::Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|host| !host.is_empty())
}
