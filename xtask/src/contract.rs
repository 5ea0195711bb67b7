//! `cargo xtask contract --spec FILE [--report json|markdown]`: generates the crate of any
//! OpenAPI document, builds a caller that invokes every operation once through the crate's
//! public API (the values of its rustdoc examples: every required parameter, a body with every
//! required field), starts Prism (pinned in `tools/contract`) on the same document with
//! request validation, and reports per operation how the call ended:
//! - `accepted`: Prism validated the request and the reply decoded as the crate's type. When
//!   the reply was the document's own example and Prism says it breaks the document's reply
//!   schema, the call is made again asking Prism for a reply made from the schema
//!   (`Prefer: dynamic=true`), and that reply must decode; the example's defect is kept as
//!   `example_defect`;
//! - `rejected`: Prism answered with an error status (its reason is kept);
//! - `decode_failed`: the reply did not decode as the documented type (the decoder's message);
//! - `not_callable`: the client could not make or refused the call (why);
//! - `failed`: the call did not complete (transport, timeout).
//!
//! `--corpus` runs it over every extracted corpus document (`tools/corpus/prepare.sh`) and
//! both upstream Atlas documents, and prints the per-document table of BENCHMARKS.md.
//! Nothing is written per document.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The heading of the section `--corpus` writes in BENCHMARKS.md.
pub const HEADING: &str = "## Contract run over public API descriptions";
/// The heading of the section `--holdout` writes in BENCHMARKS.md.
pub const HOLDOUT_HEADING: &str = "## Contract run over the holdout";

/// Which list of documents a many-document run takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// `tools/corpus/corpus.tsv` and both upstream Atlas documents.
    Corpus,
    /// `tools/corpus/holdout.tsv`: documents nobody developing the generator looks at.
    Holdout,
}

/// The outcome of one document's contract run.
pub struct Run {
    pub document: String,
    pub results: Vec<Value>,
    /// What the document Prism is given leaves out or declares otherwise
    /// (`contract_document.rs`).
    pub prism_document: crate::contract_document::Changes,
}

impl Run {
    fn count(&self, outcome: &str) -> usize {
        self.results.iter().filter(|r| r["outcome"] == outcome).count()
    }

    pub fn summary(&self) -> Value {
        json!({
            "document": self.document,
            "operations": self.results.len(),
            "accepted": self.count("accepted"),
            "rejected": self.count("rejected"),
            "decode_failed": self.count("decode_failed"),
            "not_callable": self.count("not_callable"),
            "failed": self.count("failed"),
            "prism_reply_invalid": self.results.iter().filter(|r| r.get("prism_reply_violations").is_some()).count(),
            "example_defect_decoded_from_schema": self.results.iter().filter(|r| r["outcome"] == "accepted" && r.get("example_defect").is_some()).count(),
            "ignored_header_parameters": self.prism_document.ignored_header_parameters,
            "json_lines_replies_served_as_json": self.prism_document.json_lines_replies,
        })
    }

    fn json(&self) -> Value {
        let mut out = self.summary();
        out["results"] = Value::Array(self.results.clone());
        out
    }

    fn markdown(&self) -> String {
        let s = self.summary();
        let mut out = format!(
            "# Contract run: `{}`\n\n{} operations: {} accepted and decoded, {} rejected by Prism, {} failed to decode, {} not callable, {} failed.\n",
            self.document, s["operations"], s["accepted"], s["rejected"], s["decode_failed"], s["not_callable"], s["failed"]
        );
        let others: Vec<&Value> =
            self.results.iter().filter(|r| r["outcome"] != "accepted").collect();
        if !others.is_empty() {
            out.push_str("\n| operation | outcome | status | reason |\n|---|---|---|---|\n");
            for result in others {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    result["id"].as_str().unwrap_or_default(),
                    result["outcome"].as_str().unwrap_or_default(),
                    result.get("status").map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                    result["reason"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('|', "\\|")
                        .replace('\n', " ")
                ));
            }
        }
        out
    }
}

pub fn run_command(
    spec: Option<&PathBuf>,
    report: &str,
    envelope: Option<&String>,
    selection: Option<Selection>,
    dynamic: bool,
) -> ExitCode {
    let root = crate::repo_root();
    if let Some(selection) = selection {
        return run_corpus(&root, selection, dynamic);
    }
    let Some(spec) = spec else {
        eprintln!("error: give the document: cargo xtask contract --spec FILE (or --corpus)");
        return ExitCode::from(2);
    };
    match run(&root, spec, envelope.cloned(), None, dynamic) {
        Ok(run) => {
            let text = match report {
                "json" => {
                    format!("{}\n", serde_json::to_string_pretty(&run.json()).unwrap_or_default())
                }
                _ => run.markdown(),
            };
            match openapi_rust_gen::command::write_output(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A label (the file's stem unless given) as a crate name: `contract-atlas-admin-v2`.
fn crate_name(spec: &Path, label: Option<&str>) -> String {
    let stem = label.or_else(|| spec.file_stem().and_then(|s| s.to_str())).unwrap_or("api");
    let mut name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    name = name.trim_matches('-').to_string();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api-");
    }
    format!("contract-{name}")
}

/// Generates, builds and runs the caller for one document against Prism.
pub fn run(
    root: &Path,
    spec: &Path,
    envelope_param: Option<String>,
    label: Option<&str>,
    dynamic: bool,
) -> Result<Run, String> {
    let spec = spec.canonicalize().map_err(|e| format!("{}: {e}", spec.display()))?;
    let name = crate_name(&spec, label);
    let ident = name.replace('-', "_");
    let work = root.join("target/contract").join(&name);
    let options = openapi_rust_gen::Options {
        crate_name: name.clone(),
        rules: openapi_rust_gen::build::Rules { envelope_param },
        ..Default::default()
    };
    let generated = openapi_rust_gen::generate(&spec, &options).map_err(|e| e.to_string())?;
    let api = &generated.api;
    openapi_rust_gen::write::write_atomically(&work.join("crate"), &generated.files)
        .map_err(|e| e.to_string())?;
    let mut caller = openapi_rust_gen::emit::Files::new();
    caller.insert(
        "Cargo.toml".into(),
        openapi_rust_gen::emit::contract_caller_manifest(
            &name,
            "../crate",
            generated.files.get("Cargo.toml").map_or("", String::as_str),
        ),
    );
    caller.insert("src/main.rs".into(), openapi_rust_gen::emit::contract_caller(api, &ident)?);
    openapi_rust_gen::write::write_atomically(&work.join("caller"), &caller)
        .map_err(|e| e.to_string())?;
    std::fs::write(
        work.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"crate\", \"caller\"]\n\n[profile.dev]\ndebug = false\n",
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "contract: building the caller of {} ({} operations)",
        spec.display(),
        generated.operation_count
    );
    let target = root.join("target/contract/target");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", &format!("{name}-contract")])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the generated crate or its caller did not build (in {})",
            work.display()
        ));
    }
    let (prism_spec, prism_document) = crate::contract_document::for_prism(&spec, &work)?;
    if prism_document.ignored_header_parameters > 0 {
        eprintln!(
            "contract: Prism gets the document without its {} Accept/Content-Type/Authorization header parameter definition(s), which OpenAPI says are ignored",
            prism_document.ignored_header_parameters
        );
    }
    if prism_document.json_lines_replies > 0 {
        eprintln!(
            "contract: Prism gets the document with its {} JSON-lines replies declared as JSON (Prism cannot write JSON lines)",
            prism_document.json_lines_replies
        );
    }
    let caller = target.join("debug").join(format!("{name}-contract"));
    let mut lines = Vec::new();
    let mut from = 0;
    for restart in 0.. {
        let log = work.join(if restart == 0 {
            "prism.log".to_string()
        } else {
            format!("prism-{restart}.log")
        });
        let mut prism = Prism::start(root, &prism_spec, &log, dynamic)?;
        // Prism serves the document's paths at its root, whatever the servers' paths are.
        eprintln!("contract: calling every operation from call {from} at {}", prism.url);
        let output = Command::new(&caller)
            .arg(&prism.url)
            .arg(from.to_string())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("the caller did not run: {e}"))?;
        let mut made: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .collect();
        // Prism can exit on a reply it cannot write (a violation with a character HTTP
        // headers cannot carry): the call that ended it says so, and Prism is started again
        // for the calls after it.
        let failed = made.iter().position(|r| r["outcome"] == "failed");
        match failed.filter(|_| prism.exited_within(Duration::from_secs(3))) {
            Some(at) if restart < MAX_PRISM_RESTARTS => {
                made.truncate(at + 1);
                made[at]["detail"] =
                    json!(format!("Prism exited on this call: {}", prism.last_error()));
                from += at + 1;
                lines.append(&mut made);
            }
            _ => {
                lines.append(&mut made);
                break;
            }
        }
    }
    let mut by_id: BTreeMap<String, Value> = BTreeMap::new();
    for mut result in lines {
        result["reason"] = Value::String(reason(&result));
        let reply_violations = result["reply_violations"]
            .as_str()
            .and_then(findings)
            .map(|v| messages(&v))
            .filter(|m| !m.is_empty());
        if let (Some(messages), Some(object)) = (reply_violations, result.as_object_mut()) {
            let text: String = messages.join("; ").chars().take(300).collect();
            object.insert("prism_reply_violations".into(), Value::String(text));
        }
        // The example's defect in one line: the decoder's message and Prism's findings.
        if let Some(defect) = result.get("example_defect").cloned() {
            let found = defect["violations"]
                .as_str()
                .and_then(findings)
                .map(|v| messages(&v).join("; "))
                .unwrap_or_default();
            let text =
                format!("{} (Prism: {found})", defect["decode"].as_str().unwrap_or_default());
            result["example_defect"] = Value::String(text.chars().take(300).collect());
        }
        if let Some(object) = result.as_object_mut() {
            object.remove("detail");
            object.remove("body");
            object.remove("violations");
            object.remove("reply_violations");
        }
        by_id.insert(result["id"].as_str().unwrap_or_default().to_string(), result);
    }
    // Every operation appears, in document order; one the caller never reported (it crashed
    // before) is a failure.
    let results = api
        .operations
        .iter()
        .map(|op| {
            by_id.remove(&op.id).unwrap_or_else(|| {
                json!({"id": op.id, "outcome": "failed", "reason": "the caller ended before this call"})
            })
        })
        .collect();
    Ok(Run {
        document: spec.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string(),
        results,
        prism_document,
    })
}

/// Why a call was not accepted, in one line: Prism's findings (its `sl-violations`, or its
/// problem body's title and validation messages), or the decoder's or client's message.
fn reason(result: &Value) -> String {
    let detail = result["detail"].as_str().unwrap_or_default();
    let short = |text: &str| text.chars().take(300).collect::<String>();
    if result["outcome"] != "rejected" {
        return short(detail);
    }
    // Prism's own findings, also when it sent the document's example error body instead.
    let violations = result["violations"].as_str().and_then(findings);
    if let Some(messages) = violations.as_ref().map(messages).filter(|m| !m.is_empty()) {
        return short(&format!("Prism: {}", messages.join("; ")));
    }
    let Ok(problem) = serde_json::from_str::<Value>(detail) else { return short(detail) };
    let mut text = problem["title"].as_str().unwrap_or_default().to_string();
    let messages = messages(&problem["validation"]);
    if !messages.is_empty() {
        text.push_str(": ");
        text.push_str(&messages.join("; "));
    } else if let Some(detail) = problem["detail"].as_str() {
        text.push_str(": ");
        text.push_str(detail);
    }
    short(&text)
}

/// Prism's findings in its `sl-violations` header: a JSON list, after "Too many violations! "
/// when it has many.
fn findings(header: &str) -> Option<Value> {
    serde_json::from_str(&header[header.find('[')?..]).ok()
}

/// Prism's validation entries as `request.body.x: message`.
fn messages(entries: &Value) -> Vec<String> {
    entries
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            let location: Vec<String> = entry["location"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|l| l.as_str().map(str::to_string).unwrap_or_else(|| l.to_string()))
                .collect();
            format!("{}: {}", location.join("."), entry["message"].as_str().unwrap_or_default())
        })
        .collect()
}

/// The pinned Prism's version, from its lockfile.
fn prism_version(root: &Path) -> String {
    let lock =
        std::fs::read_to_string(root.join("tools/contract/package-lock.json")).unwrap_or_default();
    let version = serde_json::from_str::<Value>(&lock).ok().and_then(|lock| {
        lock.pointer("/packages/node_modules~1@stoplight~1prism-cli/version")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    version.map(|v| format!("{v} (`@stoplight/prism-cli`, pinned)")).unwrap_or_default()
}

/// How many times a run starts Prism again after it exited on a call.
const MAX_PRISM_RESTARTS: usize = 20;

/// Prism, mocking `spec` with request and response validation, on a free loopback port.
struct Prism {
    url: String,
    child: Child,
    /// The end of what Prism wrote to its standard error (why it exited, when it did).
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Prism {
    fn start(root: &Path, spec: &Path, log: &Path, dynamic: bool) -> Result<Prism, String> {
        let binary = root.join("tools/contract/node_modules/.bin/prism");
        if !binary.exists() {
            return Err("Prism is not installed: (cd tools/contract && npm ci)".into());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut command = Command::new(&binary);
        // Without `--errors`: Prism still refuses every request that breaks the document
        // (400/401/422 with its findings), but serves a reply it made that breaks the
        // document instead of a 500, naming what is wrong in `sl-violations`. The reply is
        // Prism's, not the client's, so the client is judged on decoding it, and the
        // violations are kept as a note (`prism_reply_violations`).
        command.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]);
        if dynamic {
            // Replies made from the schemas (patterns honoured), the same every run.
            command.args(["--dynamic", "--seed", "1"]);
        }
        let mut child = command
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("Prism did not start: {e}"))?;
        let stdout = child.stdout.take().ok_or("no Prism output")?;
        let stderr_text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        // Drained all along (a full pipe would stop Prism); its last lines kept.
        if let Some(stderr) = child.stderr.take() {
            let kept = stderr_text.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Ok(mut kept) = kept.lock() {
                        kept.push_str(&line);
                        kept.push('\n');
                        if kept.len() > 8000 {
                            let cut = kept.len() - 4000;
                            let cut =
                                (cut..kept.len()).find(|i| kept.is_char_boundary(*i)).unwrap_or(0);
                            kept.drain(..cut);
                        }
                    }
                }
            });
        }
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let log_path = log.to_path_buf();
        // Prism's log goes to a file; the first "listening" line says it is ready.
        std::thread::spawn(move || {
            let mut log = std::fs::File::create(&log_path).ok();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = ready_tx.send(());
                }
                if let Some(log) = log.as_mut() {
                    use std::io::Write;
                    let _ = writeln!(log, "{line}");
                }
            }
        });
        let started = Instant::now();
        while ready_rx.recv_timeout(Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                // Its standard error's reader ends with the process.
                std::thread::sleep(Duration::from_millis(200));
                let stderr = stderr_text.lock().map(|s| s.clone()).unwrap_or_default();
                return Err(format!(
                    "Prism exited ({status}) before listening: {}",
                    stderr.chars().take(2000).collect::<String>()
                ));
            }
            if started.elapsed() > Duration::from_secs(300) {
                let _ = child.kill();
                return Err("Prism did not start within 300 s".into());
            }
        }
        Ok(Prism { url: format!("http://127.0.0.1:{port}"), child, stderr: stderr_text })
    }

    /// Whether Prism exits within `wait` (it should run until dropped; its worker's end
    /// takes a moment to end the process).
    fn exited_within(&mut self, wait: Duration) -> bool {
        let started = Instant::now();
        loop {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return true;
            }
            if started.elapsed() > wait {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The first line of the error Prism wrote last (a JavaScript error's message).
    fn last_error(&self) -> String {
        std::thread::sleep(Duration::from_millis(200));
        let text = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        text.lines()
            .rev()
            .find(|line| line.contains("Error"))
            .unwrap_or("no message")
            .trim()
            .chars()
            .take(200)
            .collect()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A many-document run's documents, in order: its label (`upstream <name>` for the Atlas
/// documents), where it is, and its envelope parameter. A corpus document not extracted
/// (`tools/corpus/prepare.sh`) is skipped with a warning.
fn documents(root: &Path, selection: Selection) -> Vec<(String, PathBuf, Option<String>)> {
    let (list, upstream): (&str, &[&str]) = match selection {
        Selection::Corpus => {
            ("corpus.tsv", &["atlas-admin-v2.yaml", "atlas-admin-v2-2025-06-30.yaml"])
        }
        Selection::Holdout => ("holdout.tsv", &[]),
    };
    let mut documents: Vec<(String, PathBuf, Option<String>)> = upstream
        .iter()
        .map(|file| {
            let label = format!("upstream {}", file.trim_end_matches(".yaml"));
            (label, root.join("../shared/specs").join(file), Some("envelope".to_string()))
        })
        .collect();
    let tsv = std::fs::read_to_string(root.join("tools/corpus").join(list)).unwrap_or_default();
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 5 {
            continue;
        }
        let path = root.join("target/corpus").join(fields[0]).join(fields[4]);
        if path.exists() {
            documents.push((fields[0].to_string(), path, None));
        } else {
            eprintln!(
                "contract: skipped {}: not extracted (bash tools/corpus/prepare.sh)",
                fields[0]
            );
        }
    }
    documents
}

/// Where a many-document run keeps a document's full report.
fn saved_report(root: &Path, path: &Path, label: &str) -> PathBuf {
    let name = label.trim_start_matches("upstream ");
    root.join("target/contract").join(format!("{}.json", crate_name(path, Some(name))))
}

/// `cargo xtask contract --remaining`: `docs/contract-remaining.md` again from the last
/// `--corpus` run's saved results (`target/contract/*.json`), without running Prism.
pub fn remaining_from_saved(root: &Path) -> ExitCode {
    let mut runs = Vec::new();
    for (label, path, _) in documents(root, Selection::Corpus) {
        let file = saved_report(root, &path, &label);
        let saved = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok());
        let Some(saved) = saved else {
            eprintln!("contract: no saved run for {label} ({})", file.display());
            return ExitCode::FAILURE;
        };
        runs.push((label, saved["results"].as_array().cloned().unwrap_or_default()));
    }
    match std::fs::write(
        root.join("docs/contract-remaining.md"),
        crate::contract_causes::remaining(&runs, &crate::contract_causes::triage(root)),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: writing docs/contract-remaining.md: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every extracted corpus document and both upstream Atlas documents, one after the other:
/// the per-document table (Markdown) on standard output, each document's full report in
/// `target/contract/<name>.json`.
fn run_corpus(root: &Path, selection: Selection, dynamic: bool) -> ExitCode {
    let heading = match selection {
        Selection::Corpus => HEADING,
        Selection::Holdout => HOLDOUT_HEADING,
    };
    let documents = documents(root, selection);
    let mut table = String::from("| document | operations | accepted and decoded | of which Prism's reply broke the document | of which the example broke its schema and a reply made from the schema decoded | rejected by Prism | failed to decode | not callable | failed |\n|---|---|---|---|---|---|---|---|---|\n");
    let (mut all, mut accepted) = (0, 0);
    let mut runs = Vec::new();
    for (label, path, envelope) in documents {
        let name = label.trim_start_matches("upstream ");
        match run(root, &path, envelope, Some(name), dynamic) {
            Ok(run) => {
                let s = run.summary();
                all += s["operations"].as_u64().unwrap_or(0);
                accepted += s["accepted"].as_u64().unwrap_or(0);
                table.push_str(&format!(
                    "| {label} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    s["operations"],
                    s["accepted"],
                    s["prism_reply_invalid"],
                    s["example_defect_decoded_from_schema"],
                    s["rejected"],
                    s["decode_failed"],
                    s["not_callable"],
                    s["failed"]
                ));
                let _ = std::fs::write(
                    saved_report(root, &path, &label),
                    serde_json::to_string_pretty(&run.json()).unwrap_or_default(),
                );
                runs.push((label.clone(), run.results.clone()));
            }
            Err(e) => table.push_str(&format!(
                "| {label} | did not run: {} | | | | | | | |\n",
                e.replace('|', "\\|").replace('\n', " ")
            )),
        }
    }
    if selection == Selection::Corpus {
        let remaining =
            crate::contract_causes::remaining(&runs, &crate::contract_causes::triage(root));
        if let Err(e) = std::fs::write(root.join("docs/contract-remaining.md"), remaining) {
            eprintln!("error: writing docs/contract-remaining.md: {e}");
        }
    }
    let share = if all == 0 { 0.0 } else { accepted as f64 * 100.0 / all as f64 };
    table.push_str(&format!("| **all** | {all} | {accepted} ({share:.1}%) | | | | | | |\n"));
    let section = format!(
        "{heading} (cargo xtask contract --{})\n\nEvery operation of each document called once through its generated crate against Prism {} (request validation on), with the values of the crate's rustdoc examples. Per-operation reasons: `target/contract/<document>.json`; {}; how the caller works: docs/testing.md.\n\n{table}\n",
        if selection == Selection::Holdout { "holdout" } else { "corpus" },
        prism_version(root),
        if selection == Selection::Holdout {
            "the holdout's causes are not triaged, so that nobody developing the generator reads them"
        } else {
            "every operation not accepted and decoded is named under its cause in [docs/contract-remaining.md](docs/contract-remaining.md)"
        }
    );
    let path = root.join("BENCHMARKS.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    if let Err(e) =
        std::fs::write(&path, crate::bench::replace_section(&existing, heading, &section))
    {
        eprintln!("error: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    match openapi_rust_gen::command::write_output(&table) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
