//! Prism (`@stoplight/prism-cli`, pinned in `tools/contract/package-lock.json`) as an
//! independent validator: a mock server that checks every request against an OpenAPI
//! document and, with `--errors`, turns any request or response violation into an error.
//!
//! One Prism per document is shared by the tests of a binary. It runs under a tiny shell
//! watchdog that reads the test process's pipe: when the test process exits, for any
//! reason, the pipe closes and the watchdog stops Prism.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Installs the pinned Prism with `npm ci` if it is not there yet.
fn prism_binary() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|p| p.into_inner());
    let dir = repo().join("tools/contract");
    let binary = dir.join("node_modules/.bin/prism");
    if !binary.exists() {
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
            .expect("npm runs (Node.js and npm are needed)");
        assert!(
            output.status.success(),
            "npm ci failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    binary
}

pub struct Prism {
    pub url: String,
    // Held open for the life of the process; its closing stops Prism.
    _watchdog: Mutex<(Child, ChildStdin)>,
}

impl Prism {
    pub fn start(name: &str, spec: &Path) -> Prism {
        let binary = prism_binary();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{name}.log"));
        let script = format!(
            "'{}' mock -h 127.0.0.1 -p {port} --errors '{}' > '{}' 2>&1 & pid=$!; cat > /dev/null; kill $pid",
            binary.display(),
            spec.display(),
            log.display()
        );
        let _ = std::fs::remove_file(&log);
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("sh starts");
        let stdin = child.stdin.take().unwrap();
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.contains("Prism is listening") {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(180),
                "Prism did not start within 180 s:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Prism { url: format!("http://127.0.0.1:{port}"), _watchdog: Mutex::new((child, stdin)) }
    }
}

/// Prism loaded with our own spec.
pub fn ours() -> &'static Prism {
    static PRISM: OnceLock<Prism> = OnceLock::new();
    PRISM.get_or_init(|| Prism::start("ours", &repo().join("spec/atlas-invites.yaml")))
}

/// Prism loaded with the invitation and MongoDB Cloud Users operations of the upstream document.
pub fn upstream() -> &'static Prism {
    static PRISM: OnceLock<Prism> = OnceLock::new();
    PRISM.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upstream-invites.json");
        std::fs::write(&path, serde_json::to_string(upstream_subset()).unwrap()).unwrap();
        Prism::start("upstream", &path)
    })
}

/// Whether a path item has an operation of the "MongoDB Cloud Users" tag, the operations that
/// replace the invitations.
fn is_users_path(item: &Value) -> bool {
    item.as_object().into_iter().flat_map(|item| item.values()).any(|operation| {
        operation["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|tag| tag == "MongoDB Cloud Users"))
    })
}

/// The upstream document, read from `../shared/specs/` at test time (never copied into the
/// repository), cut down to the invitation and users paths, with request bodies made strict
/// (`additionalProperties: false`) so a body field we name differently is a violation.
pub fn upstream_subset() -> &'static Value {
    static SUBSET: OnceLock<Value> = OnceLock::new();
    SUBSET.get_or_init(|| {
        let path = repo().join("../shared/specs/atlas-admin-v2.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the upstream spec {} is needed: {e}", path.display()));
        let mut document: Value = serde_yaml::from_str(&text).expect("the upstream spec parses");
        let paths = document["paths"].as_object().unwrap().clone();
        let kept: serde_json::Map<String, Value> = paths
            .into_iter()
            .filter(|(path, item)| path.contains("/invites") || is_users_path(item))
            .collect();
        let mut request_schemas = Vec::new();
        for item in kept.values() {
            for operation in item.as_object().unwrap().values() {
                if let Some(content) =
                    operation.pointer("/requestBody/content").and_then(Value::as_object)
                {
                    for media in content.values() {
                        if let Some(reference) =
                            media.pointer("/schema/$ref").and_then(Value::as_str)
                        {
                            request_schemas.push(reference.rsplit('/').next().unwrap().to_string());
                        }
                    }
                }
            }
        }
        document["paths"] = Value::Object(kept);
        // Upstream's `mobileNumber` pattern is escaped twice (`\\+`, `\\s`: a literal
        // backslash), so the example Prism makes up for this response-only field fails
        // Prism's own check of the response. Only that pattern is dropped; a client never
        // sends the field.
        for schema in ["OrgUserResponse", "GroupUserResponse"] {
            if let Some(property) = document["components"]["schemas"][schema]["properties"]
                ["mobileNumber"]
                .as_object_mut()
            {
                assert!(
                    property
                        .get("pattern")
                        .and_then(Value::as_str)
                        .is_some_and(|p| p.contains("\\\\")),
                    "upstream's {schema}.mobileNumber pattern changed: review this workaround"
                );
                property.remove("pattern");
            }
        }
        let mut seen = Vec::new();
        while let Some(name) = request_schemas.pop() {
            if seen.contains(&name) {
                continue;
            }
            seen.push(name.clone());
            let schema = &mut document["components"]["schemas"][&name];
            schema["additionalProperties"] = Value::Bool(false);
            collect_refs(schema, &mut request_schemas);
        }
        document
    })
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                out.push(reference.rsplit('/').next().unwrap().to_string());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Query parameters in `requests` that the document does not declare for that operation.
/// Prism ignores unknown query parameters, so a renamed one would otherwise pass.
pub fn undeclared_query_parameters(document: &Value, requests: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (method, target) in requests {
        let url = url::Url::parse(&format!("http://x{target}")).unwrap();
        let Some((template, item)) = document["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(template, _)| path_matches(template, url.path()))
        else {
            problems.push(format!("{method} {target}: no such path"));
            continue;
        };
        let operation = &item[method.to_lowercase()];
        let declared: Vec<String> = item["parameters"]
            .as_array()
            .into_iter()
            .chain(operation["parameters"].as_array())
            .flatten()
            .map(|p| resolve(document, p))
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect();
        for (key, _) in url.query_pairs() {
            if !declared.iter().any(|d| *d == key) {
                problems.push(format!("{method} {template}: query parameter `{key}` is not declared (declared: {declared:?})"));
            }
        }
    }
    problems
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document.pointer(reference.trim_start_matches('#')).unwrap_or(value),
        None => value,
    }
}

fn path_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| t.starts_with('{') || t == p)
}
