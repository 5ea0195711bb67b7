//! The document Prism is given: the document itself, with OpenAPI's own rule applied where
//! Prism does not apply it. OpenAPI 3.0.3 and 3.1.1 (Parameter Object, `name`): "If `in` is
//! `"header"` and the `name` field is `"Accept"`, `"Content-Type"` or `"Authorization"`, the
//! parameter definition SHALL be ignored." Prism enforces such a parameter when it is
//! required (`tools/contract/limitations/content-type-header-parameter.yaml`, proven by
//! `e2e/tests/prism_limitations.rs`), and refuses a client that rightly leaves it out. The
//! copy drops exactly those definitions; nothing else changes.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Header parameters that OpenAPI says are ignored (compared case-insensitively, as HTTP
/// header names are).
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// The document for Prism and how many parameter definitions were dropped: `spec` itself
/// when there is nothing to drop, or when the document refers to other files (a copy
/// elsewhere would break its relative references).
pub fn for_prism(spec: &Path, work: &Path) -> Result<(PathBuf, usize), String> {
    let document = openapi_rust_gen::load::load_document(spec).map_err(|e| e.to_string())?;
    if refers_to_other_files(&document) {
        return Ok((spec.to_path_buf(), 0));
    }
    let mut document = document;
    let dropped = drop_ignored_headers(&mut document);
    if dropped == 0 {
        return Ok((spec.to_path_buf(), 0));
    }
    let copy = work.join("prism-document.json");
    std::fs::write(&copy, document.to_string()).map_err(|e| format!("{}: {e}", copy.display()))?;
    Ok((copy, dropped))
}

fn refers_to_other_files(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, v)| {
            (key == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#')))
                || refers_to_other_files(v)
        }),
        Value::Array(items) => items.iter().any(refers_to_other_files),
        _ => false,
    }
}

/// Drops, from every path's and operation's `parameters`, the header parameters OpenAPI
/// says are ignored, following local `$ref`s to see what a reference names.
fn drop_ignored_headers(document: &mut Value) -> usize {
    let snapshot = document.clone();
    let ignored = |parameter: &Value| -> bool {
        let resolved = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| snapshot.pointer(pointer))
            .unwrap_or(parameter);
        resolved.get("in").and_then(Value::as_str) == Some("header")
            && resolved
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
    };
    let mut dropped = 0;
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (key, value) in item.iter_mut() {
            let list = if key == "parameters" {
                value.as_array_mut()
            } else {
                value.get_mut("parameters").and_then(Value::as_array_mut)
            };
            if let Some(list) = list {
                let before = list.len();
                list.retain(|p| !ignored(p));
                dropped += before - list.len();
            }
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_the_ignored_header_parameters_go_inline_or_referenced() {
        let mut document = json!({
            "paths": {"/a": {
                "parameters": [{"$ref": "#/components/parameters/ct"}],
                "get": {"parameters": [
                    {"name": "Accept", "in": "header", "required": true, "schema": {"type": "string"}},
                    {"name": "accept", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                    {"name": "AUTHORIZATION", "in": "header", "schema": {"type": "string"}}
                ]}
            }},
            "components": {"parameters": {"ct": {"name": "Content-Type", "in": "header", "required": true, "schema": {"type": "string"}}}}
        });
        assert_eq!(drop_ignored_headers(&mut document), 3);
        let names: Vec<&str> = document["paths"]["/a"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["accept", "X-Request-Id"]);
        assert_eq!(document["paths"]["/a"]["parameters"], json!([]));
        assert!(document["components"]["parameters"]["ct"].is_object());
    }

    #[test]
    fn a_document_with_references_to_other_files_is_left_as_it_is() {
        assert!(refers_to_other_files(&json!({"a": [{"$ref": "schemas/pet.yaml"}]})));
        assert!(!refers_to_other_files(&json!({"a": [{"$ref": "#/components/schemas/Pet"}]})));
    }
}
