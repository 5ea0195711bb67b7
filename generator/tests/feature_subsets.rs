//! Random documents that each use only some of what the runtime offers (no model types, no
//! parameters, only text replies, a form but no JSON, a stream, a header list, an enum that
//! lists a value twice), with random Markdown and HTML in their descriptions: every crate,
//! with its command line and mocks, passes `cargo clippy -D warnings` and rustdoc with
//! warnings as errors, so nothing the API does not use is left dead or unused.

use std::path::Path;
use std::process::Command;

use openapi_rust_gen::{generate, write, Options};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

const CASES: usize = 6;

/// Prose the way public documents write it: HTML comments and tags, lists with lazy
/// continuation lines, code, tables, links, stray brackets and backslashes.
fn description() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Plain text.".to_string()),
        Just("<!-- an internal note -->".to_string()),
        Just("- an item\ncontinued without indent\n- another".to_string()),
        Just("1. first\n2. second\n   more".to_string()),
        Just("<b>bold</b> and <br> and <details><summary>s</summary>d</details>".to_string()),
        Just("`code` and ```\nblock\n```".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        Just("[a link](https://example.com) and [brackets] and a\\backslash".to_string()),
        Just("# A heading\nText <T> and a & b".to_string()),
        Just("See https://example.com/x_y_z for more.".to_string()),
    ];
    prop::collection::vec(pieces, 1..4).prop_map(|p| p.join("\n\n"))
}

/// One operation using a random subset of the features.
fn operation() -> impl Strategy<Value = (Value, bool)> {
    (any::<[bool; 8]>(), description(), description()).prop_map(|(on, summary, about)| {
        let mut parameters = Vec::new();
        if on[0] {
            parameters.push(json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": about}));
        }
        if on[1] {
            parameters.push(json!({"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["a", "b", "a"]}}));
        }
        if on[2] {
            parameters.push(json!({"name": "X-Trace", "in": "header", "schema": {"type": "array", "items": {"type": "string"}}}));
        }
        let mut operation = json!({"operationId": "call", "summary": summary, "description": about, "parameters": parameters});
        if on[3] {
            operation["requestBody"] = json!({"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}}}}}});
        } else if on[4] {
            operation["requestBody"] = json!({"content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string", "description": "<!-- c -->\n- a\nb"}}}}}});
        }
        operation["responses"] = if on[5] {
            json!({"200": {"description": "text", "content": {"text/plain": {"schema": {"type": "string"}}}}})
        } else if on[6] {
            json!({"200": {"description": "events", "content": {"text/event-stream": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}})
        } else {
            json!({"204": {"description": "nothing"}})
        };
        (operation, on[0] || on[7])
    })
}

#[test]
fn documents_that_use_only_some_features_give_clean_crates() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("feature-subsets");
    let _ = std::fs::remove_dir_all(&root);
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let mut members = Vec::new();
    for index in 0..CASES {
        let ((operation, with_id), info) =
            (operation(), description()).new_tree(&mut runner).unwrap().current();
        let path = if operation["parameters"].as_array().unwrap().iter().any(|p| p["in"] == "path")
        {
            "/things/{id}"
        } else {
            "/things"
        };
        let mut document = json!({"openapi": "3.0.3", "info": {"title": "Subset", "version": "1", "description": info}, "paths": {path: {"post": operation}}});
        if with_id {
            document["components"] = json!({"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}});
        }
        let name = format!("subset-{index}");
        let spec = root.join(format!("{name}.json"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(&spec, document.to_string()).unwrap();
        let generated = generate(
            &spec,
            &Options { crate_name: name.clone(), cli: true, mock: true, ..Options::default() },
        )
        .unwrap_or_else(|e| panic!("{name}: {e}\n{document}"));
        write::write_atomically(&root.join(&name), &generated.files).unwrap();
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let clippy = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(clippy.status.success(), "clippy failed:\n{}", String::from_utf8_lossy(&clippy.stderr));
    let doc = Command::new(env!("CARGO"))
        .args(["doc", "--quiet", "--no-deps", "--workspace", "--all-features"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(doc.status.success(), "rustdoc failed:\n{}", String::from_utf8_lossy(&doc.stderr));
}
