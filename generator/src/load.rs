//! Loading: read a YAML or JSON file into one `serde_json::Value` tree, with positions in
//! every parse error.

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location};

/// Reads and parses one document. YAML is a superset of JSON, but JSON text goes through
/// `serde_json` so that its errors carry the positions a JSON user expects.
pub fn load_document(path: &Path) -> Result<Value, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(path, Location::Document, format!("cannot read the file: {e}"))
    })?;
    parse_document(path, &bytes)
}

/// Parses the bytes of a document named `path` (used only in messages).
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Value, Diagnostic> {
    if bytes.contains(&0) {
        return Err(Diagnostic::error(path, Location::Document, "the file is binary (it contains NUL bytes), not YAML or JSON"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        Diagnostic::error(path, Location::LineColumn { line, column }, "the file is not valid UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, Location::Document, "the file is empty")
            .with_hint("an OpenAPI document starts with `openapi: 3.0.3` (or 3.1.x) and an `info` section"));
    }
    let looks_like_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    if looks_like_json {
        serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(path, Location::LineColumn { line: e.line(), column: e.column() }, format!("invalid JSON: {}", strip_position(&e.to_string())))
        })
    } else {
        // Straight into the JSON model: serde_json asks for map keys as strings, and
        // serde_yaml then gives the text of non-string keys (an unquoted `200:`).
        serde_yaml::from_str::<Value>(text).map_err(|e| {
            let location = match e.location() {
                Some(at) => Location::LineColumn { line: at.line(), column: at.column() },
                None => Location::Document,
            };
            Diagnostic::error(path, location, format!("invalid YAML: {}", strip_position(&e.to_string())))
        })
    }
}

/// Removes the " at line X column Y" tail that parsers append, since the location is
/// printed in front of the message already.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let column = prefix.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Checks that the document declares an OpenAPI version this generator understands.
pub fn check_version(path: &Path, document: &Value) -> Result<(), Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(Diagnostic::error(path, Location::Document, "the document is not a mapping (an OpenAPI document is an object with `openapi`, `info` and `paths`)"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Diagnostic::error(path, Location::Pointer("/swagger".into()), format!("this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported", display_scalar(swagger)))
            .with_hint("convert it first, for example with swagger2openapi"));
    }
    match object.get("openapi") {
        None => Err(Diagnostic::error(path, Location::Document, "the `openapi` field is missing").with_hint("add `openapi: 3.0.3` at the top")),
        Some(Value::String(v)) if v.starts_with("3.0.") || v.starts_with("3.1.") || v == "3.0" || v == "3.1" => Ok(()),
        Some(other) => Err(Diagnostic::error(path, Location::Pointer("/openapi".into()), format!("unsupported OpenAPI version {}; expected 3.0.x or 3.1.x", display_scalar(other)))),
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}
