//! Diagnostics: every problem the generator reports names the file and the place in it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a source document a problem sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A line and column (both 1-based), known while the text is still being parsed.
    LineColumn { line: usize, column: usize },
    /// A JSON pointer (RFC 6901) into the parsed document, such as `/paths/~1orgs/get`.
    Pointer(String),
    /// The document as a whole.
    Document,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was generated, but less precisely than the spec describes (for example a
    /// pattern the `regex` crate cannot compile, so it is not checked). `--strict` fails on these.
    Degraded,
    /// The document cannot be turned into a crate.
    Error,
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn degraded(file: &Path, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Degraded,
            file: file.to_path_buf(),
            location: Location::Pointer(pointer.to_string()),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Degraded => "degraded",
        };
        let file = self.file.display();
        match &self.location {
            Location::LineColumn { line, column } => {
                write!(f, "{kind}: {file}:{line}:{column}: {}", self.message)?
            }
            Location::Pointer(pointer) => write!(f, "{kind}: {file}#{pointer}: {}", self.message)?,
            Location::Document => write!(f, "{kind}: {file}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of a failed run, at least one of them an error.
#[derive(Debug)]
pub struct Failure(pub Vec<Diagnostic>);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure(vec![diagnostic])
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901 section 3).
pub fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Appends a token to a JSON pointer.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
