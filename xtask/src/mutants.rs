//! `cargo xtask mutants` (opt-in, slow): mutation testing with cargo-mutants (pinned,
//! installed into `target/mutants/`) of the runtime's checks, parameter writer, retry policy
//! and Digest/OAuth code, through the end-to-end tests of the generated crate, and of the
//! spec diff, through its tests. Per file it reports the caught, missed, timed-out and
//! unviable mutants, and each survivor with the reason written down for it in
//! `tools/mutants/survivors.tsv` (or "unexplained"); the table goes into docs/testing.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

use crate::pinned::{self, Section};
use crate::repo_root;

pub const CARGO_MUTANTS_VERSION: &str = "27.1.0";
const SECTION: Section = Section { name: "mutants", heading_if_missing: "## Mutation testing\n\n" };
/// At least this share of the viable mutants of each file must be caught.
const TARGET: f64 = 0.90;

/// One set of files mutated together and the tests that judge them.
struct Group {
    name: &'static str,
    files: &'static [&'static str],
    /// Only the mutants whose name matches (cargo-mutants' `--re`): the functions of a
    /// file that this group is about.
    functions: Option<&'static str>,
    /// What the generated copy stands for: the template it is copied from.
    source_of: fn(&str) -> String,
    /// The packages whose tests run, and which of their test targets (`--lib` is each
    /// package's unit tests: the runtime's own are in its files).
    test_packages: &'static str,
    tests: &'static [&'static str],
}

/// The runtime is mutated in the checked-in crate's copy (`generated/src/runtime/`, byte for
/// byte the templates) so that the e2e tests build against the mutant.
const GROUPS: &[Group] = &[
    Group {
        name: "runtime",
        files: &[
            "generated/src/runtime/validate.rs",
            "generated/src/runtime/style.rs",
            "generated/src/runtime/retry.rs",
            "generated/src/runtime/request.rs",
        ],
        functions: None,
        source_of: template_of,
        test_packages: "atlas-invites,e2e",
        // The runtime's unit tests (`--lib`) and the e2e tests that send checked values and
        // styled parameters over the wire. Each e2e target is one more binary to build per
        // mutant, so only those that reach these files.
        tests: &["--lib", "validation", "operations", "users"],
    },
    Group {
        name: "client",
        files: &["generated/src/runtime/client.rs"],
        functions: Some("in Client::(execute_with_retries|send_authenticated)"),
        source_of: |file| format!("{} (retry loop, authentication rounds)", template_of(file)),
        test_packages: "atlas-invites,e2e",
        // Retries after faults and error replies, Digest rounds against Apache, token refresh.
        tests: &["faults", "hostile", "digest_apache", "service_account"],
    },
    Group {
        name: "auth",
        files: &["generated/src/runtime/auth.rs"],
        functions: None,
        source_of: template_of,
        test_packages: "atlas-invites,e2e",
        // Against real peers: Apache's mod_auth_digest and oidc-provider; and what the
        // secrets must never reach.
        tests: &["--lib", "secrets", "digest_apache", "oauth_provider", "service_account"],
    },
    Group {
        name: "diff",
        files: &[
            "generator/src/diff/compare.rs",
            "generator/src/diff/mod.rs",
            "generator/src/diff/render.rs",
        ],
        functions: None,
        source_of: |file| file.to_owned(),
        test_packages: "openapi-rust-gen",
        tests: &["spec_diff", "diff_stability", "upstream_check"],
    },
];

/// The template a file of the checked-in crate's runtime is rendered from.
fn template_of(file: &str) -> String {
    file.replace("generated/src/runtime/", "templates/runtime/")
}

fn tool(root: &Path) -> Result<PathBuf, String> {
    pinned::cargo_tool(root, "mutants", "cargo-mutants", CARGO_MUTANTS_VERSION)
}

/// Mutant counts of one file.
#[derive(Default)]
struct Counts {
    caught: usize,
    missed: usize,
    timeout: usize,
    unviable: usize,
    survivors: Vec<String>,
}

impl Counts {
    /// Caught share of the viable mutants; a mutant that makes the tests hang is caught.
    fn score(&self) -> f64 {
        let viable = self.caught + self.missed + self.timeout;
        if viable == 0 {
            1.0
        } else {
            (self.caught + self.timeout) as f64 / viable as f64
        }
    }
}

pub fn run(only: Option<&str>, report_only: bool) -> ExitCode {
    let root = repo_root();
    let groups: Vec<&Group> = GROUPS.iter().filter(|g| only.is_none_or(|o| o == g.name)).collect();
    if !report_only {
        let binary = match tool(&root) {
            Ok(binary) => binary,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        for group in &groups {
            if let Err(e) = run_group(&binary, &root, group) {
                eprintln!("error: {}: {e}", group.name);
                return ExitCode::FAILURE;
            }
        }
    }
    let reasons = match survivor_reasons(&root.join("tools/mutants/survivors.tsv")) {
        Ok(reasons) => reasons,
        Err(e) => {
            eprintln!("error: tools/mutants/survivors.tsv: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut per_file: BTreeMap<String, Counts> = BTreeMap::new();
    for group in GROUPS {
        let outcomes =
            root.join(format!("target/mutants/{}/mutants.out/outcomes.json", group.name));
        match read_outcomes(&outcomes, group) {
            Ok(counts) => per_file.extend(counts),
            Err(e) => eprintln!("note: no results for {} yet ({e})", group.name),
        }
    }
    let (table, below, unexplained) = render(&per_file, &reasons);
    println!("{table}");
    if let Err(e) = SECTION.write(&root.join("docs/testing.md"), &table) {
        eprintln!("error: docs/testing.md: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote the table into docs/testing.md");
    if below > 0 || unexplained > 0 {
        eprintln!(
            "{below} file(s) below {:.0}%, {unexplained} survivor(s) without a reason",
            TARGET * 100.0
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn run_group(binary: &Path, root: &Path, group: &Group) -> Result<(), String> {
    let output = root.join(format!("target/mutants/{}", group.name));
    let mut command = Command::new(binary);
    command.env("TMPDIR", copies_dir(root)?);
    // No `--package`: cargo-mutants then knows only that package, and drops the other test
    // packages (e2e) without a word. `--file` already says what is mutated.
    command.current_dir(root).arg("mutants");
    for file in group.files {
        command.args(["--file", file]);
    }
    if let Some(functions) = group.functions {
        command.args(["--re", functions]);
    }
    command.args(["--test-package", group.test_packages, "--profile", "mutants"]);
    if group.test_packages.contains(',') {
        // cargo-mutants (27.1) runs its unmutated baseline on the mutated package alone, where
        // the other packages' test targets do not exist: the baseline is run here instead, on
        // every test package, and the mutants get a fixed timeout in place of one measured.
        let took = baseline(root, group)?;
        // A mutant that makes the tests hang (a retry loop that never ends) counts as
        // caught once it takes five times the baseline.
        let timeout = (took.as_secs() * 5).max(60).to_string();
        command.args(["--baseline", "skip", "--timeout", &timeout]);
    }
    command.arg("--output").arg(&output).arg("--").args(test_args(group));
    eprintln!("{}: cargo mutants on {} file(s)", group.name, group.files.len());
    let status = command.status().map_err(|e| e.to_string())?;
    // cargo-mutants exits 2 when some mutants were missed, 3 on timeouts: results still count.
    match status.code() {
        Some(0 | 2 | 3) => Ok(()),
        other => Err(format!("cargo mutants exited with {other:?}")),
    }
}

/// The tests of `group` as `cargo test` arguments.
fn test_args(group: &Group) -> Vec<&'static str> {
    group
        .tests
        .iter()
        .flat_map(|t| if t.starts_with("--") { vec![*t] } else { vec!["--test", t] })
        .collect()
}

/// The group's tests on the unmutated tree: a mutant can only be judged if they pass there.
/// Returns how long the tests took once built.
fn baseline(root: &Path, group: &Group) -> Result<std::time::Duration, String> {
    eprintln!("{}: baseline, the tests on the unmutated tree", group.name);
    let test = |no_run: bool| {
        let mut command = Command::new(env!("CARGO"));
        command.current_dir(root).arg("test");
        for package in group.test_packages.split(',') {
            command.args(["--package", package]);
        }
        if no_run {
            command.arg("--no-run");
        }
        command.args(test_args(group)).status().map_err(|e| e.to_string())
    };
    test(true)?;
    let started = std::time::Instant::now();
    let status = test(false)?;
    if status.success() {
        Ok(started.elapsed())
    } else {
        Err("the tests fail on the unmutated tree; no mutant can be judged".into())
    }
}

/// Where cargo-mutants makes its copies of the tree (it builds each mutant in a copy, found
/// through `TMPDIR`): a directory beside which `shared` leads to this checkout's `../shared`,
/// so that the tests that read the upstream documents from `../shared` find them in a copy too.
fn copies_dir(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target/mutants/tmp");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let link = dir.join("shared");
    if std::fs::symlink_metadata(&link).is_err() {
        let shared = root.join("../shared");
        std::os::unix::fs::symlink(&shared, &link)
            .map_err(|e| format!("{}: {e}", link.display()))?;
    }
    Ok(dir)
}

/// Per-file counts from cargo-mutants' `outcomes.json`, named by the file's source.
fn read_outcomes(path: &Path, group: &Group) -> Result<BTreeMap<String, Counts>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for file in group.files {
        counts.insert((group.source_of)(file), Counts::default());
    }
    for outcome in json["outcomes"].as_array().into_iter().flatten() {
        let mutant = &outcome["scenario"]["Mutant"];
        let Some(file) = mutant["file"].as_str() else { continue };
        let entry = counts.entry((group.source_of)(file)).or_default();
        match outcome["summary"].as_str().unwrap_or("") {
            "CaughtMutant" => entry.caught += 1,
            "MissedMutant" => {
                entry.missed += 1;
                entry.survivors.push(describe(mutant, group));
            }
            "Timeout" => entry.timeout += 1,
            "Unviable" => entry.unviable += 1,
            _ => {}
        }
    }
    Ok(counts)
}

/// A mutant as `file:line: replace ... in function`, the way cargo-mutants lists it, with the
/// file named by its source and without the column (stable across formatting of the line).
fn describe(mutant: &Value, group: &Group) -> String {
    let file = (group.source_of)(mutant["file"].as_str().unwrap_or("?"));
    let line = mutant["span"]["start"]["line"].as_u64().unwrap_or(0);
    let name = mutant["name"].as_str().map(str::to_owned).unwrap_or_else(|| {
        let function = mutant["function"]["function_name"].as_str().unwrap_or("?");
        format!("replace {} in {function}", mutant["replacement"].as_str().unwrap_or("?"))
    });
    // cargo-mutants' name starts with `file:line:column: `; keep what follows.
    let what = name.splitn(4, ':').nth(3).map_or(name.as_str(), str::trim).to_owned();
    format!("{file}:{line}: {what}")
}

/// `tools/mutants/survivors.tsv`: `file:line: mutant` TAB reason, for the survivors left.
fn survivor_reasons(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(e.to_string()),
    };
    let mut reasons = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (mutant, reason) =
            line.split_once('\t').ok_or_else(|| format!("line {}: no tab", n + 1))?;
        reasons.insert(without_line(mutant), reason.trim().to_owned());
    }
    Ok(reasons)
}

/// A survivor's key without its line number, so that an edit above it keeps its reason.
fn without_line(mutant: &str) -> String {
    let mut parts = mutant.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(file), Some(_line), Some(rest)) => format!("{file}:{}", rest.trim()),
        _ => mutant.trim().to_owned(),
    }
}

fn render(
    per_file: &BTreeMap<String, Counts>,
    reasons: &BTreeMap<String, String>,
) -> (String, usize, usize) {
    let mut out = format!(
        "Generated by `cargo xtask mutants` (cargo-mutants {CARGO_MUTANTS_VERSION}). Score: caught \
         (or timed out) of the viable mutants; unviable ones do not build.\n\n\
         | file | caught | missed | timeout | unviable | score |\n|---|---|---|---|---|---|\n"
    );
    let mut below = 0;
    let mut unexplained = 0;
    let mut survivors = String::new();
    for (file, counts) in per_file {
        let score = counts.score();
        if score < TARGET {
            below += 1;
        }
        out.push_str(&format!(
            "| `{file}` | {} | {} | {} | {} | {:.1}% |\n",
            counts.caught,
            counts.missed,
            counts.timeout,
            counts.unviable,
            score * 100.0
        ));
        for survivor in &counts.survivors {
            let reason = reasons.get(&without_line(survivor));
            if reason.is_none() {
                unexplained += 1;
            }
            survivors.push_str(&format!(
                "| `{}` | {} |\n",
                survivor.replace('|', "\\|"),
                reason.map_or("**unexplained**", String::as_str).replace('|', "\\|")
            ));
        }
    }
    if !survivors.is_empty() {
        out.push_str("\nSurvivors, each with why no test is added (`tools/mutants/survivors.tsv`):\n\n| mutant | reason |\n|---|---|\n");
        out.push_str(&survivors);
    }
    (out, below, unexplained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survivor_keeps_its_reason_when_its_line_moves() {
        assert_eq!(
            without_line("templates/runtime/retry.rs:79: replace << with >> in RetryPolicy::wait"),
            "templates/runtime/retry.rs:replace << with >> in RetryPolicy::wait"
        );
    }

    #[test]
    fn outcomes_are_counted_per_source_file() {
        let json = serde_json::json!({"outcomes": [
            {"scenario": "Baseline", "summary": "Success"},
            {"scenario": {"Mutant": {"file": "generated/src/runtime/retry.rs", "name": "generated/src/runtime/retry.rs:79:61: replace << with >> in RetryPolicy::wait", "span": {"start": {"line": 79}}}}, "summary": "MissedMutant"},
            {"scenario": {"Mutant": {"file": "generated/src/runtime/retry.rs", "span": {"start": {"line": 1}}}}, "summary": "CaughtMutant"},
            {"scenario": {"Mutant": {"file": "generated/src/runtime/style.rs", "span": {"start": {"line": 1}}}}, "summary": "Unviable"}
        ]});
        let dir = std::env::temp_dir().join(format!("xtask-mutants-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("outcomes.json");
        std::fs::write(&path, json.to_string()).unwrap();
        let counts = read_outcomes(&path, &GROUPS[0]).unwrap();
        let retry = &counts["templates/runtime/retry.rs"];
        assert_eq!((retry.caught, retry.missed, retry.unviable), (1, 1, 0));
        assert_eq!(
            retry.survivors,
            ["templates/runtime/retry.rs:79: replace << with >> in RetryPolicy::wait"]
        );
        assert!((retry.score() - 0.5).abs() < 1e-9);
        assert_eq!(counts["templates/runtime/style.rs"].unviable, 1);
        assert_eq!(counts["templates/runtime/validate.rs"].caught, 0);
    }
}
