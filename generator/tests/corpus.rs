//! Opt-in: the generator on real public API descriptions from many organizations, listed in
//! `tools/corpus/corpus.tsv` and kept outside the repository (their licenses differ).
//!
//! ```sh
//! bash tools/corpus/prepare.sh          # extracts them from local snapshots into target/corpus/
//! cargo test -p openapi-rust-gen --release --test corpus -- --ignored --nocapture
//! ```
//!
//! Each document generates (with its command line and mocks), and all the crates together pass
//! `cargo clippy --all-targets --all-features -D warnings`. The table printed at the end (and
//! written to `target/corpus/report.md`) gives per document the operations, types, degraded
//! constructs and generation time, as recorded in BENCHMARKS.md. Fetches nothing.
//!
//! `public_operations_send_the_exact_wire_form` builds crates from Twilio's, OpenAI's and
//! Discord's own documents (only the tags it calls) and runs the consumer
//! `tests/fixtures/consumers/public-wire-consumer` on them: the exact bytes of Twilio's form,
//! OpenAI's file upload and Discord's sticker upload against wiremock, and OpenAI's chat
//! completion stream from a loopback server that sends one event every 100 ms.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use openapi_rust_gen::{generate, write, Options};

struct Entry {
    name: String,
    repository: String,
    license: String,
    document: String,
}

fn entries(root: &Path, list: &str) -> Vec<Entry> {
    let list = std::fs::read_to_string(root.join("tools/corpus").join(list))
        .expect("the corpus lists are readable");
    list.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert!(
                columns.len() >= 5,
                "corpus.tsv: a line needs name, repository, commit, license, document: {line}"
            );
            Entry {
                name: columns[0].into(),
                repository: columns[1].into(),
                license: columns[3].into(),
                document: columns[4].into(),
            }
        })
        .collect()
}

#[test]
#[ignore = "needs `bash tools/corpus/prepare.sh` first; builds a dozen crates"]
fn public_documents_generate_and_pass_clippy() {
    generate_and_lint("corpus.tsv", "corpus-crates", "report.md", 20);
}

/// The holdout (`tools/corpus/holdout.tsv`): run at the end of a piece of work, never while
/// developing, to judge the generator on documents it was not tuned to.
#[test]
#[ignore = "needs `bash tools/corpus/prepare.sh` first; run at the end of a piece of work"]
fn holdout_documents_generate_and_pass_clippy() {
    generate_and_lint("holdout.tsv", "holdout-crates", "holdout-report.md", 5);
}

fn generate_and_lint(list: &str, crates: &str, report_name: &str, at_least: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("target/corpus");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(crates);
    let mut report = String::from("| Document | Organization (license) | OpenAPI | Format | Size | Operations | Types | Degraded | Generation |\n|---|---|---|---|---:|---:|---:|---:|---:|\n");
    let mut members = Vec::new();
    let mut missing = Vec::new();
    for entry in entries(&root, list) {
        let spec: PathBuf = corpus.join(&entry.name).join(&entry.document);
        if !spec.exists() {
            missing.push(entry.name.clone());
            continue;
        }
        let crate_name = format!("{}-client", entry.name);
        let started = Instant::now();
        let generated = generate(
            &spec,
            &Options {
                crate_name: crate_name.clone(),
                cli: true,
                mock: true,
                ..Options::default()
            },
        )
        .unwrap_or_else(|failure| panic!("{} does not generate:\n{failure}", entry.name));
        let elapsed = started.elapsed();
        write::write_atomically(&out.join(&entry.name), &generated.files).unwrap();
        let text = std::fs::read_to_string(&spec).unwrap();
        let version = openapi_rust_gen::load::load_document(&spec)
            .ok()
            .and_then(|doc| doc.get("openapi").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default();
        let format = if text.trim_start().starts_with('{') { "JSON" } else { "YAML" };
        writeln!(
            report,
            "| {} | {} ({}) | {version} | {format} | {:.1} MB | {} | {} | {} | {:.0} ms |",
            entry.name,
            entry.repository.split('/').next().unwrap_or_default(),
            entry.license,
            text.len() as f64 / 1e6,
            generated.operation_count,
            generated.type_count,
            generated.report.len(),
            elapsed.as_secs_f64() * 1000.0
        )
        .unwrap();
        members.push(entry.name);
    }
    assert!(
        missing.is_empty(),
        "not extracted: {missing:?}; run `bash tools/corpus/prepare.sh` first"
    );
    assert!(members.len() >= at_least, "{list} has at least {at_least} documents");
    let list = members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ");
    std::fs::write(
        out.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{list}]\n"),
    )
    .unwrap();
    println!("{report}");
    std::fs::write(corpus.join(report_name), &report).unwrap();
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--keep-going",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target/corpus-build"))
        .output()
        .expect("cargo runs");
    println!("clippy over {} crates: {:.0} s", members.len(), started.elapsed().as_secs_f64());
    assert!(output.status.success(), "clippy failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
#[ignore = "needs `bash tools/corpus/prepare.sh` first; builds three public crates"]
fn public_operations_send_the_exact_wire_form() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("public-wire");
    let documents = entries(&root, "corpus.tsv");
    for name in ["twilio-api", "openai", "discord"] {
        let entry = documents.iter().find(|e| e.name == name).expect("listed in corpus.tsv");
        let spec = root.join("target/corpus").join(name).join(&entry.document);
        assert!(spec.exists(), "{} is missing: run `bash tools/corpus/prepare.sh`", spec.display());
        let options = Options { crate_name: name.into(), ..Options::default() };
        let generated = generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        write::write_atomically(&out.join(name), &generated.files).unwrap();
    }
    let consumer = "public-wire-consumer";
    for copied in ["consumer-support", consumer] {
        support::copy_dir(&Path::new("tests/fixtures/consumers").join(copied), &out.join(copied));
    }
    std::fs::write(
        out.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\"twilio-api\", \"openai\", \"discord\", \"consumer-support\", \"{consumer}\"]\n"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "-p", consumer])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("cargo runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the public-wire consumer failed:\n{printed}");
    // Five tests ran: a test that is not found would pass silently.
    let passed: usize = printed
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, 5, "{printed}");
}
