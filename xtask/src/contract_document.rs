//! The document Prism is given: the document itself, with OpenAPI's own rule applied where
//! Prism does not apply it. OpenAPI 3.0.3 and 3.1.1 (Parameter Object, `name`): "If `in` is
//! `"header"` and the `name` field is `"Accept"`, `"Content-Type"` or `"Authorization"`, the
//! parameter definition SHALL be ignored." Prism enforces such a parameter when it is
//! required (`tools/contract/limitations/content-type-header-parameter.yaml`, proven by
//! `e2e/tests/prism_limitations.rs`), and refuses a client that rightly leaves it out. The
//! copy drops exactly those definitions.
//!
//! It also declares replies of one JSON value per line as JSON, since Prism has no serializer
//! for them (`tools/contract/limitations/ndjson-reply.yaml`): the caller asks for JSON there
//! and reads the one compact value Prism writes as the stream's one line. Nothing else changes.

use std::path::{Path, PathBuf};

use openapi_rust_gen::resolve::{Documents, Place};
use serde_json::{Map, Value};

/// Header parameters that OpenAPI says are ignored (compared case-insensitively, as HTTP
/// header names are).
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// The document for Prism and what it changed: `spec` itself when nothing is to change, else
/// a copy in `work`. A document split over several files is copied whole (every file under
/// the directory its files share, so that relative references still resolve), each of its
/// files rewritten where something changes.
pub fn for_prism(spec: &Path, work: &Path) -> Result<(PathBuf, Changes), String> {
    let documents = Documents::load(spec).map_err(|e| e.to_string())?;
    let mut changes = Changes::default();
    let mut files = Vec::new();
    for doc in 0..documents.file_count() {
        let mut value = documents.value(doc).clone();
        let here = Place { doc, pointer: String::new() };
        let resolve =
            |reference: &str| documents.lookup(&here, reference).ok().map(|(_, v)| v.clone());
        let dropped = drop_ignored_headers(&mut value, resolve);
        let declared = json_lines_as_json(&mut value);
        changes.ignored_header_parameters += dropped;
        changes.json_lines_replies += declared;
        if dropped + declared > 0 {
            files.push((documents.path(doc).to_path_buf(), value));
        }
    }
    if files.is_empty() {
        return Ok((spec.to_path_buf(), changes));
    }
    let root = documents.path(0).to_path_buf();
    if documents.file_count() == 1 {
        let copy = work.join("prism-document.json");
        let text = files[0].1.to_string();
        std::fs::write(&copy, text).map_err(|e| format!("{}: {e}", copy.display()))?;
        return Ok((copy, changes));
    }
    let shared = (0..documents.file_count())
        .filter_map(|doc| documents.path(doc).parent())
        .fold(None::<PathBuf>, |shared, dir| {
            Some(match shared {
                None => dir.to_path_buf(),
                Some(shared) => shared
                    .ancestors()
                    .find(|a| dir.starts_with(a))
                    .unwrap_or(Path::new("/"))
                    .to_path_buf(),
            })
        })
        .ok_or("a document without files")?;
    let tree = work.join("prism-document");
    let _ = std::fs::remove_dir_all(&tree);
    copy_tree(&shared, &tree)?;
    for (path, value) in files {
        let relative = path.strip_prefix(&shared).map_err(|e| e.to_string())?;
        let target = tree.join(relative);
        // JSON is YAML: the file keeps its name, so references to it still resolve.
        std::fs::write(&target, value.to_string())
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok((tree.join(root.strip_prefix(&shared).map_err(|e| e.to_string())?), changes))
}

/// What the document given to Prism leaves out or declares otherwise.
#[derive(Default)]
pub struct Changes {
    /// Header parameter definitions (Accept, Content-Type, Authorization) OpenAPI says are
    /// ignored.
    pub ignored_header_parameters: usize,
    /// Replies of one JSON value per line declared as JSON: Prism has no serializer for
    /// them (`tools/contract/limitations/ndjson-reply.yaml`); the caller asks for JSON there
    /// and reads the one value Prism writes, on one line, as its one line.
    pub json_lines_replies: usize,
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            std::fs::copy(&source, &target).map_err(|e| format!("{}: {e}", source.display()))?;
        }
    }
    Ok(())
}

/// Renames every reply's JSON-lines media type (`application/x-ndjson`, `application/jsonl`,
/// ...) to `application/json`, where the document has no JSON reply of that status already.
fn json_lines_as_json(document: &mut Value) -> usize {
    each_object(document, &mut |object| {
        let Some(Value::Object(responses)) = object.get_mut("responses") else { return 0 };
        let mut renamed = 0;
        for response in responses.values_mut() {
            let Some(Value::Object(content)) = response.get_mut("content") else { continue };
            if content.contains_key("application/json") {
                continue;
            }
            let lines = content.keys().find(|media| {
                openapi_rust_gen::build::media::stream_format(media)
                    == Some(openapi_rust_gen::model::StreamFormat::JsonLines)
            });
            if let Some(entry) = lines.cloned().and_then(|media| content.remove(&media)) {
                content.insert("application/json".to_string(), entry);
                renamed += 1;
            }
        }
        renamed
    })
}

/// Drops, from every `parameters` list (a file of a split document may be one path item or
/// one operation), the header parameters OpenAPI says are ignored, following `$ref`s
/// (`resolve`) to see what a reference names.
fn drop_ignored_headers(document: &mut Value, resolve: impl Fn(&str) -> Option<Value>) -> usize {
    let ignored = |parameter: &Value| -> bool {
        let target = parameter.get("$ref").and_then(Value::as_str).and_then(&resolve);
        let resolved = target.as_ref().unwrap_or(parameter);
        resolved.get("in").and_then(Value::as_str) == Some("header")
            && resolved
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
    };
    each_object(document, &mut |object| {
        let Some(Value::Array(list)) = object.get_mut("parameters") else { return 0 };
        let before = list.len();
        list.retain(|p| !ignored(p));
        before - list.len()
    })
}

/// `change` on every object of a document but its examples (data, left as they are), adding
/// up what it counts.
fn each_object(
    value: &mut Value,
    change: &mut impl FnMut(&mut Map<String, Value>) -> usize,
) -> usize {
    match value {
        Value::Object(map) => {
            let mut count = change(map);
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    count += each_object(child, change);
                }
            }
            count
        }
        Value::Array(items) => items.iter_mut().map(|item| each_object(item, change)).sum(),
        _ => 0,
    }
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
        let snapshot = document.clone();
        let local = |reference: &str| snapshot.pointer(reference.strip_prefix('#')?).cloned();
        assert_eq!(drop_ignored_headers(&mut document, local), 3);
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
    fn json_lines_replies_are_declared_as_json_unless_json_is_there() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"content": {"application/x-ndjson": {"schema": {"type": "object"}}}},
                "201": {"content": {"application/json": {}, "application/jsonl": {}}}
            }}}},
            "components": {"schemas": {"Lines": {"properties": {"content": {"application/x-ndjson": {}}}}}}
        });
        assert_eq!(json_lines_as_json(&mut document), 1);
        let responses = &document["paths"]["/a"]["get"]["responses"];
        assert_eq!(
            responses["200"]["content"],
            json!({"application/json": {"schema": {"type": "object"}}})
        );
        assert_eq!(
            responses["201"]["content"],
            json!({"application/json": {}, "application/jsonl": {}})
        );
        assert!(document["components"]["schemas"]["Lines"]["properties"]["content"]
            ["application/x-ndjson"]
            .is_object());
    }

    #[test]
    fn a_split_document_is_copied_whole_with_its_changed_files_rewritten() {
        let dir = std::env::temp_dir().join(format!("contract-document-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec/paths")).unwrap();
        std::fs::write(dir.join("spec/api.yaml"), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n").unwrap();
        std::fs::write(
            dir.join("spec/accept.yaml"),
            "in: header\nname: Accept\nrequired: true\nschema: {type: string}\n",
        )
        .unwrap();
        std::fs::write(dir.join("spec/paths/a.yaml"), "get:\n  parameters:\n    - $ref: ../accept.yaml\n  responses:\n    '200':\n      description: ok\n      content:\n        application/x-ndjson: {}\n").unwrap();
        std::fs::write(dir.join("spec/paths/notes.md"), "not reached").unwrap();
        let work = dir.join("work");
        std::fs::create_dir_all(&work).unwrap();
        let (copy, changes) = for_prism(&dir.join("spec/api.yaml"), &work).unwrap();
        assert_eq!((changes.json_lines_replies, changes.ignored_header_parameters), (1, 1));
        assert_eq!(copy, work.join("prism-document/api.yaml"));
        let path: Value = serde_json::from_str(
            &std::fs::read_to_string(work.join("prism-document/paths/a.yaml")).unwrap(),
        )
        .unwrap();
        assert!(path["get"]["responses"]["200"]["content"]["application/json"].is_object());
        assert_eq!(path["get"]["parameters"], serde_json::json!([]));
        assert!(work.join("prism-document/paths/notes.md").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
