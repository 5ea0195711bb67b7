//! Random specs generate crates whose types round-trip JSON: for a fixed set of random
//! schemas (deterministic seed), a sample document valid against each is decoded into the
//! generated type and encoded back, and must come back equal. The same specs carry random
//! parameters (every location and style, unions, maps, `content`, names that collide with
//! the generator's own, bounds beyond 64 bits in YAML), so their builders compile too.

mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use openapi_rust_gen::{generate, write, Options};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

const CASES: usize = 8;

/// A document valid against `schema`, with every optional property present and no nulls
/// (absent and null both decode to `None`, so they cannot round-trip byte for byte).
fn sample(schema: &Value, root: &Value, depth: usize) -> Option<Value> {
    if depth > 6 {
        return None;
    }
    if schema.get("$ref").is_some() {
        return sample(root, root, depth + 1);
    }
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        return sample(&choices[0], root, depth + 1);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned();
    }
    Some(match schema.get("type").and_then(Value::as_str) {
        Some("string") => {
            match (schema.get("format").and_then(Value::as_str), schema.get("pattern")) {
                (Some("date-time"), _) => json!("2024-05-06T07:08:09Z"),
                (Some("uuid"), _) => json!("67e55044-10b1-426f-9247-bb680e5fe0c8"),
                (Some("email"), _) => json!("someone@example.com"),
                (_, Some(_)) => json!("beef"),
                _ => json!("text"),
            }
        }
        Some("integer") => json!(7),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(&schema["items"], root, depth + 1)?]),
        Some("object") | None => {
            let mut object = Map::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    object.insert(name.clone(), sample(property, root, depth + 1)?);
                }
            } else if schema.get("additionalProperties").is_some() {
                object.insert("key".into(), json!(3));
            } else {
                object.insert("free".into(), json!({"form": [1, "two"]}));
            }
            Value::Object(object)
        }
        Some(other) => panic!("unexpected type {other}"),
    })
}

#[test]
fn generated_types_round_trip_json() {
    let root_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("roundtrip");
    let _ = std::fs::remove_dir_all(&root_dir);
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let mut members = Vec::new();
    let mut tests = String::new();
    let mut dependencies = String::new();
    let mut attempts = 0;
    while members.len() < CASES {
        attempts += 1;
        assert!(attempts < 200, "could not draw enough finite samples");
        let inner = support::random_spec::schema().new_tree(&mut runner).unwrap().current();
        // A named root object, so the test can name its Rust type.
        let root = json!({"type": "object", "properties": {"value": inner}, "required": ["value"]});
        let Some(document) = sample(&root, &root, 0) else { continue };
        let index = members.len();
        let name = format!("roundtrip-{index}");
        let parameters =
            support::random_spec::parameters().new_tree(&mut runner).unwrap().current();
        let operation_id =
            support::random_spec::operation_id().new_tree(&mut runner).unwrap().current();
        let yaml = index % 2 == 0;
        let spec_path = root_dir.join(format!("{name}.{}", if yaml { "yaml" } else { "json" }));
        std::fs::create_dir_all(&root_dir).unwrap();
        let spec = support::random_spec::spec_with(
            root.clone(),
            json!({"$ref": "#/components/schemas/Root"}),
            &parameters,
            &operation_id,
        );
        std::fs::write(&spec_path, support::random_spec::spec_text(&spec, yaml)).unwrap();
        let generated =
            generate(&spec_path, &Options { crate_name: name.clone(), ..Options::default() })
                .unwrap();
        write::write_atomically(&root_dir.join(&name), &generated.files).unwrap();
        let crate_ident = name.replace('-', "_");
        let _ = writeln!(dependencies, "{name} = {{ path = \"../{name}\" }}");
        let _ = writeln!(
            tests,
            "#[test]\nfn case_{index}() {{\n    // schema: {}\n    let original: serde_json::Value = serde_json::from_str(r##\"{document}\"##).unwrap();\n    let typed: {crate_ident}::types::Root = serde_json::from_value(original.clone()).expect(\"decodes\");\n    assert_eq!(serde_json::to_value(&typed).unwrap(), original);\n}}\n",
            root.to_string().replace('\n', " ")
        );
        members.push(name);
    }
    let consumer = root_dir.join("consumer");
    std::fs::create_dir_all(consumer.join("tests")).unwrap();
    std::fs::create_dir_all(consumer.join("src")).unwrap();
    std::fs::write(consumer.join("src/lib.rs"), "").unwrap();
    std::fs::write(consumer.join("Cargo.toml"), format!("[package]\nname = \"roundtrip-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dev-dependencies]\nserde_json = \"1\"\n{dependencies}")).unwrap();
    std::fs::write(consumer.join("tests/roundtrip.rs"), tests).unwrap();
    let all: Vec<String> = members
        .iter()
        .chain(std::iter::once(&"consumer".to_string()))
        .map(|m| format!("{m:?}"))
        .collect();
    std::fs::write(
        root_dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", all.join(", ")),
    )
    .unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "-p", "roundtrip-consumer"])
        .current_dir(&root_dir)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "round trip failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(&format!("{CASES} passed")), "{stdout}");
}
