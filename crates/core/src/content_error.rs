//! One problem found in a content file, naming the file, the path inside it
//! and what is wrong — e.g.
//! `content/templates/dialoogkaart.toml: questions[3].id: '1.3' appears twice`.
//! Loaders collect every problem before returning, so an author fixes a
//! file in one go.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentError {
    /// The file as the caller named it (usually a path relative to the repo).
    pub file: String,
    /// Where inside the file, e.g. `themes[2].tools[0].url`; empty for the
    /// whole file (e.g. a TOML syntax error, whose message has line/column).
    pub path: String,
    pub message: String,
}

impl ContentError {
    pub fn new(
        file: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for ContentError {}

/// Accumulates problems while walking a parsed file, tracking the path.
#[derive(Debug)]
pub struct ErrorSink {
    file: String,
    errors: Vec<ContentError>,
}

impl ErrorSink {
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            errors: Vec::new(),
        }
    }

    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors
            .push(ContentError::new(self.file.clone(), path, message));
    }

    /// `Ok(value)` when nothing was reported, otherwise every problem.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<ContentError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}
