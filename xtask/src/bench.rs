//! `cargo xtask bench`: our generator against the floor and the peers, side by side in one
//! run, on our spec and both upstream documents. Writes `BENCHMARKS.md`.
//!
//! Measured per spec and tool: wall time (median of `--runs`) and peak memory of the
//! generating process (`/usr/bin/time`), then for each produced crate its lines of Rust and
//! the time `cargo check` needs for the crate itself (dependencies built beforehand), both
//! clean (no incremental cache) and as a re-check after a touch (incremental cache in place).
//! Peers are installed into `target/bench/` when missing: OpenAPI Generator from PyPI
//! into a virtualenv, progenitor with `cargo install --root`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::repo_root;

const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";
const PROGENITOR_VERSION: &str = "0.15.1";

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    Floor,
    Ours,
    /// `cargo xtask codegen --spec S --out D`, as a maintainer types it (after a warm build):
    /// cargo's freshness check, the dev build, and the command line and mocks it adds.
    CargoXtask,
    /// The same with `--no-cli --no-mock`: the bare binary's work through `cargo xtask`.
    CargoXtaskPlain,
    OpenApiGenerator,
    Progenitor,
}

impl Tool {
    fn label(self) -> &'static str {
        match self {
            Tool::Floor => "floor: parse into serde_yaml::Value",
            Tool::Ours => "openapi-rust-gen (ours, release binary)",
            Tool::CargoXtask => "`cargo xtask codegen --spec S --out D` (ours as typed; adds CLI and mocks)",
            Tool::CargoXtaskPlain => "`cargo xtask codegen --spec S --out D --no-cli --no-mock` (ours as typed, the binary's work)",
            Tool::OpenApiGenerator => "OpenAPI Generator 7.26.0 `-g rust`",
            Tool::Progenitor => "progenitor 0.15.1",
        }
    }

    /// The name used in ratio lines.
    fn short(self) -> &'static str {
        match self {
            Tool::CargoXtask => "`cargo xtask codegen`",
            Tool::CargoXtaskPlain => "`cargo xtask codegen --no-cli --no-mock`",
            other => other.label(),
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tool::Floor => "floor",
            Tool::Ours => "ours",
            Tool::CargoXtask => "cargo-xtask",
            Tool::CargoXtaskPlain => "cargo-xtask-plain",
            Tool::OpenApiGenerator => "openapi-generator",
            Tool::Progenitor => "progenitor",
        }
    }
}

struct Run {
    ok: bool,
    wall_s: f64,
    peak_mb: f64,
    error: String,
}

struct Row {
    tool: Tool,
    spec: String,
    run: Run,
    lines: Option<(usize, usize)>,
    check: Option<CheckTimes>,
}

/// What `cargo xtask bench` was asked for.
struct Args {
    runs: usize,
    check: bool,
    cold_build: bool,
}

fn sh(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {}", tail(&String::from_utf8_lossy(&output.stderr), 5)))
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..].join(" / ")
}

/// Installs what is missing: release builds of our tools, the peers, `/usr/bin/time`.
fn prepare(bench: &Path) -> Result<(), String> {
    sh(Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "-p", "openapi-rust-gen", "-p", "xtask"])
        .current_dir(repo_root()))?;
    // `cargo xtask` runs the dev build: warm it, as a maintainer's would be.
    sh(Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "xtask"])
        .current_dir(repo_root()))?;
    if !Path::new("/usr/bin/time").exists() {
        sh(Command::new("apt-get").args(["install", "-y", "-qq", "time"]))?;
    }
    let venv = bench.join("venv");
    if !venv.join("bin/openapi-generator-cli").exists() {
        eprintln!(
            "installing OpenAPI Generator {OPENAPI_GENERATOR_VERSION} into {}",
            venv.display()
        );
        sh(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        sh(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            &format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"),
        ]))?;
    }
    let progenitor = bench.join("progenitor");
    if !progenitor.join("bin/cargo-progenitor").exists() {
        eprintln!("installing progenitor {PROGENITOR_VERSION} into {}", progenitor.display());
        sh(Command::new(env!("CARGO"))
            .args([
                "install",
                "--quiet",
                "--locked",
                "cargo-progenitor",
                "--version",
                PROGENITOR_VERSION,
                "--root",
            ])
            .arg(&progenitor))?;
    }
    Ok(())
}

/// Runs `command` under `/usr/bin/time`, `runs` times; median wall time, largest peak.
fn measure(runs: usize, mut make: impl FnMut() -> Command) -> Run {
    let mut walls = Vec::new();
    let mut peak_kb: f64 = 0.0;
    for _ in 0..runs {
        let inner = make();
        let mut timed = Command::new("/usr/bin/time");
        timed.args(["-f", "BENCH %e %M"]).arg(inner.get_program()).args(inner.get_args());
        for (key, value) in inner.get_envs() {
            if let Some(value) = value {
                timed.env(key, value);
            }
        }
        if let Some(dir) = inner.get_current_dir() {
            timed.current_dir(dir);
        }
        let started = Instant::now();
        let output = match timed.output() {
            Ok(output) => output,
            Err(e) => return Run { ok: false, wall_s: 0.0, peak_mb: 0.0, error: e.to_string() },
        };
        let elapsed = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().rev().find(|l| l.starts_with("BENCH ")).unwrap_or("BENCH 0 0");
        let fields: Vec<f64> =
            line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        if !output.status.success() {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let message = stderr
                .lines()
                .chain(stdout.lines())
                .filter(|l| !l.starts_with("BENCH ") && !l.starts_with("Command exited"))
                .find(|l| {
                    l.contains("rror")
                        || l.contains("fail")
                        || l.contains("xception")
                        || l.contains("not yet implemented")
                        || l.contains("overflow")
                })
                .unwrap_or("")
                .trim()
                .to_string();
            return Run {
                ok: false,
                wall_s: elapsed,
                peak_mb: fields.get(1).copied().unwrap_or(0.0) / 1024.0,
                error: message,
            };
        }
        walls.push(fields.first().copied().unwrap_or(elapsed));
        peak_kb = peak_kb.max(fields.get(1).copied().unwrap_or(0.0));
    }
    walls.sort_by(f64::total_cmp);
    Run {
        ok: true,
        wall_s: walls[walls.len() / 2],
        peak_mb: peak_kb / 1024.0,
        error: String::new(),
    }
}

/// Lines of Rust under `dir`: all of them, and those that are code (not blank, not a comment).
fn count_lines(dir: &Path) -> (usize, usize) {
    let (mut total, mut code) = (0, 0);
    let Ok(entries) = std::fs::read_dir(dir) else { return (0, 0) };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let (t, c) = count_lines(&path);
            total += t;
            code += c;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            total += text.lines().count();
            code += text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .count();
        }
    }
    (total, code)
}

/// The `cargo check` times of a generated crate alone (its dependencies built by a first,
/// untimed check).
#[derive(Clone, Copy)]
struct CheckTimes {
    /// A full check of the crate with no incremental cache: what a user waits for the first
    /// time they build it (`CARGO_INCREMENTAL=0`).
    clean_s: f64,
    /// A check after touching `src/lib.rs` with the incremental cache in place.
    recheck_s: f64,
}

/// Each timing is the fastest of a few: on a shared machine, noise only ever adds time.
fn check_time(crate_dir: &Path, target: &Path) -> Result<CheckTimes, String> {
    let crate_alone = CrateAlone::new(crate_dir, target, &["check", "--lib"])?;
    // The incremental runs first, while the cache from the warm-up check is in place.
    let recheck_s = crate_alone.fastest(true, 3)?;
    let clean_s = crate_alone.fastest(false, 3)?;
    Ok(CheckTimes { clean_s, recheck_s })
}

/// A cargo command timed on a generated crate alone: its dependencies built by a first,
/// untimed run, then `src/lib.rs` touched before each timed one so only the crate rebuilds.
pub struct CrateAlone<'a> {
    crate_dir: &'a Path,
    target: &'a Path,
    args: &'a [&'a str],
}

impl<'a> CrateAlone<'a> {
    /// Keeps the crate out of any enclosing workspace and builds what it needs, untimed.
    pub fn new(crate_dir: &'a Path, target: &'a Path, args: &'a [&'a str]) -> Result<Self, String> {
        let manifest = crate_dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        if !text.contains("[workspace]") {
            std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
                .map_err(|e| e.to_string())?;
        }
        let crate_alone = CrateAlone { crate_dir, target, args };
        crate_alone.once(true)?;
        Ok(crate_alone)
    }

    fn once(&self, incremental: bool) -> Result<(), String> {
        let output = Command::new(env!("CARGO"))
            .args(self.args)
            .arg("--quiet")
            .current_dir(self.crate_dir)
            .env("CARGO_TARGET_DIR", self.target)
            .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" })
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(tail(&String::from_utf8_lossy(&output.stderr), 3));
        }
        Ok(())
    }

    /// The fastest of `runs` rebuilds of the crate, with or without the incremental cache.
    pub fn fastest(&self, incremental: bool, runs: usize) -> Result<f64, String> {
        let lib = self.crate_dir.join("src/lib.rs");
        let file = std::fs::File::options().append(true).open(&lib).map_err(|e| e.to_string())?;
        let mut best = f64::MAX;
        for _ in 0..runs {
            file.set_modified(std::time::SystemTime::now()).map_err(|e| e.to_string())?;
            let started = Instant::now();
            self.once(incremental)?;
            best = best.min(started.elapsed().as_secs_f64());
        }
        Ok(best)
    }
}

pub fn run(runs: usize, check: bool, cold_build: bool, corpus: bool) -> ExitCode {
    let args = Args { runs, check, cold_build };
    let root = repo_root();
    let bench = root.join("target/bench");
    if let Err(e) =
        std::fs::create_dir_all(&bench).map_err(|e| e.to_string()).and_then(|_| prepare(&bench))
    {
        eprintln!("error: preparing the benchmark: {e}");
        return ExitCode::FAILURE;
    }
    let shared = root.join("../shared/specs");
    let mut specs: Vec<(String, PathBuf)> = vec![
        ("spec/atlas-invites.yaml".into(), root.join("spec/atlas-invites.yaml")),
        ("upstream atlas-admin-v2.yaml (2026-08-13)".into(), shared.join("atlas-admin-v2.yaml")),
        (
            "upstream atlas-admin-v2-2025-06-30.yaml (raw)".into(),
            shared.join("atlas-admin-v2-2025-06-30.yaml"),
        ),
    ];
    // progenitor rejects vendor media types on request bodies; a copy with them replaced by
    // `application/json` lets it be measured at all (as the peers note did by hand).
    let patched = bench.join("atlas-admin-v2.progenitor-patched.json");
    if let Ok(text) = std::fs::read_to_string(shared.join("atlas-admin-v2.yaml")) {
        if let Ok(mut document) = serde_yaml::from_str::<serde_json::Value>(&text) {
            patch_media_types(&mut document);
            if std::fs::write(&patched, serde_json::to_string(&document).unwrap_or_default())
                .is_ok()
            {
                specs.push((
                    "upstream atlas-admin-v2.yaml, vendor media types patched to application/json"
                        .into(),
                    patched,
                ));
            }
        }
    }
    let out = bench.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let mut rows = Vec::new();
    for (index, (label, spec)) in specs.iter().enumerate() {
        for tool in [
            Tool::Floor,
            Tool::Ours,
            Tool::CargoXtask,
            Tool::CargoXtaskPlain,
            Tool::OpenApiGenerator,
            Tool::Progenitor,
        ] {
            let dir = out.join(format!("{}-{index}", tool.slug()));
            let crate_name = format!("bench-{}-{index}", tool.slug());
            eprintln!("[{label}] {}", tool.label());
            let run = measure(args.runs, || {
                let _ = std::fs::remove_dir_all(&dir);
                let mut command = match tool {
                    Tool::Floor => {
                        let mut c = Command::new(root.join("target/release/xtask"));
                        c.arg("bench-parse").arg(spec);
                        c
                    }
                    Tool::Ours => {
                        let mut c = Command::new(root.join("target/release/openapi-rust-gen"));
                        c.arg(spec).arg(&dir).args(["--crate-name", &crate_name]);
                        c
                    }
                    Tool::CargoXtask | Tool::CargoXtaskPlain => {
                        let mut c = Command::new(env!("CARGO"));
                        c.args(["xtask", "codegen", "--spec"])
                            .arg(spec)
                            .arg("--out")
                            .arg(&dir)
                            .args(["--crate-name", &crate_name]);
                        if tool == Tool::CargoXtaskPlain {
                            c.args(["--no-cli", "--no-mock"]);
                        }
                        // Where a maintainer runs it; `cargo` finds the alias there.
                        c.current_dir(&root);
                        return c;
                    }
                    Tool::OpenApiGenerator => {
                        let mut c = Command::new(bench.join("venv/bin/openapi-generator-cli"));
                        c.args([
                            "generate",
                            "-g",
                            "rust",
                            "--skip-validate-spec",
                            "--package-name",
                            &crate_name.replace('-', "_"),
                            "-i",
                        ])
                        .arg(spec)
                        .arg("-o")
                        .arg(&dir);
                        // Without it the raw document is refused as too large for the YAML parser.
                        c.env("JAVA_OPTS", "-DmaxYamlCodePoints=99999999");
                        c
                    }
                    Tool::Progenitor => {
                        let mut c = Command::new(bench.join("progenitor/bin/cargo-progenitor"));
                        c.args(["progenitor", "-v", "0.1.0", "-n", &crate_name, "-i"])
                            .arg(spec)
                            .arg("-o")
                            .arg(&dir);
                        c
                    }
                };
                command.current_dir(&bench);
                command
            });
            let (mut lines, mut check) = (None, None);
            let mut run = run;
            // The `cargo xtask` rows write the same crate as the binary's row (plus the CLI and
            // mocks): only their time is of interest.
            if run.ok && matches!(tool, Tool::Ours | Tool::OpenApiGenerator | Tool::Progenitor) {
                lines = Some(count_lines(&dir.join("src")));
                if args.check {
                    eprintln!("[{label}] {}: cargo check", tool.label());
                    match check_time(&dir, &bench.join(format!("target-{}", tool.slug()))) {
                        Ok(times) => check = Some(times),
                        Err(e) => run.error = format!("generated, but `cargo check` fails: {e}"),
                    }
                }
            }
            rows.push(Row { tool, spec: label.clone(), run, lines, check });
        }
    }
    let mut report =
        render(&rows, &specs.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(), args.runs);
    eprintln!("[spec-diff] raw against newer upstream document");
    report.push_str(&spec_diff_section(args.runs, &root, &shared));
    eprintln!("[runtime] generated call against the same call by hand");
    report.push_str(&runtime_section(&root));
    if corpus {
        eprintln!("[corpus] cargo xtask codegen on each public document");
        report.push_str(&corpus_section(args.runs, &root, &bench));
    }
    if args.cold_build {
        eprintln!("[cold build] cargo test --workspace --no-run, with and without the dev-profile optimizations");
        report.push_str(&cold_build_section(&root, &bench));
    }
    let path = root.join("BENCHMARKS.md");
    // The contract run's section is `cargo xtask contract --corpus`'s: kept as it wrote it.
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    for heading in [
        crate::bench_build::FIRST_RUN_HEADING,
        crate::bench_build::PER_TAG_HEADING,
        crate::contract::HEADING,
        crate::contract::HOLDOUT_HEADING,
    ] {
        if let Some(section) = section_of(&existing, heading) {
            report.push_str(section);
        }
    }
    if let Err(e) = std::fs::write(&path, &report) {
        eprintln!("error: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    // Like every command: a reader that stops early ends it quietly.
    openapi_rust_gen::command::write_output(&report).err().unwrap_or(ExitCode::SUCCESS)
}

/// Renames every `content` key `application/vnd.atlas.*+json` to `application/json` (the
/// newest version wins where an operation offers several) and `+csv` to `text/csv`.
fn patch_media_types(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(content)) = map.get_mut("content") {
                let mut renamed = serde_json::Map::new();
                let mut keys: Vec<String> = content.keys().cloned().collect();
                keys.sort();
                for key in keys {
                    let media = content.remove(&key).unwrap_or_default();
                    let target = if key.starts_with("application/vnd.atlas.")
                        && key.ends_with("+json")
                    {
                        "application/json".to_string()
                    } else if key.starts_with("application/vnd.atlas.") && key.ends_with("+csv") {
                        "text/csv".to_string()
                    } else {
                        key
                    };
                    renamed.insert(target, media);
                }
                *content = renamed;
            }
            map.values_mut().for_each(patch_media_types);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(patch_media_types),
        _ => {}
    }
}

fn render(rows: &[Row], specs: &[String], runs: usize) -> String {
    let mut md = String::new();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let _ = writeln!(md, "# Benchmarks\n\nWritten by `cargo xtask bench` ({runs} runs per cell, median wall time; peak resident memory of the generating process from `/usr/bin/time`; `cargo check` of the generated crate alone, its dependencies built beforehand: clean is a full check with no incremental cache, fastest of 3; re-check is after touching `src/lib.rs` with the incremental cache, fastest of 3). All tools ran side by side in one run on the same machine: {} cores, {cpu}, {rustc}.\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
    for spec in specs {
        let _ = writeln!(md, "## {spec}\n\n| tool | result | wall time | peak memory | lines of Rust (code) | `cargo check` clean | re-check |\n|---|---|---:|---:|---:|---:|---:|");
        for row in rows.iter().filter(|r| &r.spec == spec) {
            let result = if row.run.ok && row.run.error.is_empty() {
                "ok".to_string()
            } else if row.run.ok {
                row.run.error.replace('|', "\\|")
            } else {
                format!("rejected: {}", row.run.error.replace('|', "\\|"))
            };
            let wall = if row.run.ok { format!("{:.2} s", row.run.wall_s) } else { "-".into() };
            let peak = if row.run.ok { format!("{:.0} MB", row.run.peak_mb) } else { "-".into() };
            let lines = row
                .lines
                .map(|(total, code)| format!("{total} ({code})"))
                .unwrap_or_else(|| "-".into());
            let seconds = |pick: fn(&CheckTimes) -> f64| {
                row.check
                    .as_ref()
                    .map(|c| format!("{:.1} s", pick(c)))
                    .unwrap_or_else(|| "-".into())
            };
            let (clean, recheck) = (seconds(|c| c.clean_s), seconds(|c| c.recheck_s));
            let _ = writeln!(
                md,
                "| {} | {result} | {wall} | {peak} | {lines} | {clean} | {recheck} |",
                row.tool.label()
            );
        }
        let find = |tool: Tool| rows.iter().find(|r| &r.spec == spec && r.tool == tool && r.run.ok);
        let mut ratios = Vec::new();
        if let (Some(ours), Some(floor)) = (find(Tool::Ours), find(Tool::Floor)) {
            ratios.push(format!(
                "ours / floor: {:.1}x the time of parsing alone",
                ours.run.wall_s / floor.run.wall_s.max(0.001)
            ));
        }
        if let Some(ours) = find(Tool::Ours) {
            for peer in [Tool::OpenApiGenerator, Tool::Progenitor] {
                if let Some(other) = find(peer) {
                    ratios.push(format!(
                        "{} / ours: {:.1}x the wall time, {:.1}x the peak memory",
                        peer.label(),
                        other.run.wall_s / ours.run.wall_s.max(0.001),
                        other.run.peak_mb / ours.run.peak_mb.max(0.001)
                    ));
                    if let (Some(a), Some(b)) = (ours.lines, other.lines) {
                        ratios.push(format!(
                            "ours / {}: {:.2}x the lines, {:.2}x the code lines",
                            peer.label(),
                            a.0 as f64 / b.0.max(1) as f64,
                            a.1 as f64 / b.1.max(1) as f64
                        ));
                    }
                    if let (Some(a), Some(b)) = (ours.check, other.check) {
                        ratios.push(format!("ours / {}: {:.2}x the clean `cargo check` time, {:.2}x the re-check time", peer.label(), a.clean_s / b.clean_s.max(0.001), a.recheck_s / b.recheck_s.max(0.001)));
                    }
                }
            }
        }
        for typed in [Tool::CargoXtask, Tool::CargoXtaskPlain] {
            if let (Some(typed_row), Some(peer)) = (find(typed), find(Tool::OpenApiGenerator)) {
                ratios.push(format!(
                    "{} / {}: {:.1}x the wall time",
                    Tool::OpenApiGenerator.label(),
                    typed.short(),
                    peer.run.wall_s / typed_row.run.wall_s.max(0.001)
                ));
            }
        }
        if !ratios.is_empty() {
            let _ = writeln!(md, "\nRatios: {}.", ratios.join("; "));
        }
        let _ = writeln!(md);
    }
    md
}

/// `xtask bench-parse FILE`: the floor, parsing the file and nothing else.
pub fn parse_only(file: &str) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(value) => {
            std::hint::black_box(value);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {file}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask spec-diff` on the two upstream documents as a maintainer types it, beside
/// the release binary doing the same.
fn spec_diff_section(runs: usize, root: &Path, shared: &Path) -> String {
    let (old, new) =
        (shared.join("atlas-admin-v2-2025-06-30.yaml"), shared.join("atlas-admin-v2.yaml"));
    let typed = measure(runs, || {
        let mut c = Command::new(env!("CARGO"));
        c.args(["xtask", "spec-diff"])
            .arg(&old)
            .arg(&new)
            .args(["--format", "json"])
            .current_dir(root);
        c
    });
    let binary = measure(runs, || {
        let mut c = Command::new(root.join("target/release/openapi-rust-gen"));
        c.arg("spec-diff").arg(&old).arg(&new).args(["--format", "json"]);
        c
    });
    let mut md = String::from("## spec-diff: raw (2025-06-30) against newer (2026-08-13) upstream document\n\n| command | result | wall time | peak memory |\n|---|---|---:|---:|\n");
    for (label, run) in [
        ("`cargo xtask spec-diff RAW NEW --format json` (as typed)", &typed),
        ("`target/release/openapi-rust-gen spec-diff RAW NEW --format json`", &binary),
    ] {
        let result = if run.ok { "ok".to_string() } else { format!("failed: {}", run.error) };
        let _ =
            writeln!(md, "| {label} | {result} | {:.2} s | {:.0} MB |", run.wall_s, run.peak_mb);
    }
    md.push('\n');
    md
}

/// `cargo xtask bench --corpus-only`: the corpus section alone, put in place of the one in
/// `BENCHMARKS.md` (or appended), every other section left as its own run wrote it.
pub fn corpus_only(runs: usize) -> ExitCode {
    let root = repo_root();
    let bench = root.join("target/bench");
    let _ = std::fs::create_dir_all(&bench);
    let section = corpus_section(runs, &root, &bench);
    let path = root.join("BENCHMARKS.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let report = replace_section(&existing, "## Public API descriptions", &section);
    if let Err(e) = std::fs::write(&path, &report) {
        eprintln!("error: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    openapi_rust_gen::command::write_output(&section).err().unwrap_or(ExitCode::SUCCESS)
}

/// The section of `text` that starts with `heading`, up to the next `## ` heading.
pub fn section_of<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let start = text.find(heading)?;
    let end = text[start + heading.len()..]
        .find("\n## ")
        .map_or(text.len(), |i| start + heading.len() + i + 1);
    Some(&text[start..end])
}

/// `text` with its section under `heading` replaced by `section` (appended if it has none),
/// every other section left as it was.
pub fn replace_section(text: &str, heading: &str, section: &str) -> String {
    match section_of(text, heading) {
        Some(old) => text.replacen(old, section, 1),
        None => format!("{text}{section}"),
    }
}

/// `cargo xtask codegen`, as typed, on each public document of `tools/corpus/corpus.tsv`
/// (extracted into `target/corpus/` by `tools/corpus/prepare.sh`), with what it generated.
fn corpus_section(runs: usize, root: &Path, bench: &Path) -> String {
    let mut md = String::from("## Public API descriptions (tools/corpus/corpus.tsv)

`cargo xtask codegen --spec F --out D --crate-name N` as typed (command line and mocks included), median of the runs; the counts are the generator's `--report`. That the crates pass clippy is checked by `cargo test -p openapi-rust-gen --release --test corpus -- --ignored`.

| document | organization | OpenAPI | files | root file | operations | types | degraded | wall time | peak memory |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|
");
    let list = std::fs::read_to_string(root.join("tools/corpus/corpus.tsv")).unwrap_or_default();
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [name, repository, _commit, _license, document, ..] = columns.as_slice() else {
            continue;
        };
        let spec = root.join("target/corpus").join(name).join(document);
        let Ok(text) = std::fs::read_to_string(&spec) else {
            let _ = writeln!(md, "| {name} | {repository} | not extracted (run `bash tools/corpus/prepare.sh`) | | | | | | | |");
            continue;
        };
        let dir = bench.join("corpus").join(name);
        let crate_name = format!("{name}-client");
        let run = measure(runs, || {
            let mut c = Command::new(env!("CARGO"));
            c.args(["xtask", "codegen", "--spec"])
                .arg(&spec)
                .arg("--out")
                .arg(&dir)
                .args(["--crate-name", &crate_name])
                .current_dir(root);
            c
        });
        let generated = openapi_rust_gen::generate(
            &spec,
            &openapi_rust_gen::Options { crate_name: crate_name.clone(), ..Default::default() },
        );
        let version = openapi_rust_gen::load::load_document(&spec)
            .ok()
            .and_then(|d| d.get("openapi").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default();
        let files = openapi_rust_gen::resolve::Documents::load(&spec)
            .map(|docs| docs.file_count())
            .unwrap_or(1);
        let organization = repository.split('/').next().unwrap_or_default();
        match (run.ok, generated) {
            (true, Ok(generated)) => {
                let _ = writeln!(
                    md,
                    "| {name} | {organization} | {version} | {files} | {:.1} MB | {} | {} | {} | {:.2} s | {:.0} MB |",
                    text.len() as f64 / 1e6,
                    generated.operation_count,
                    generated.type_count,
                    generated.report.len(),
                    run.wall_s,
                    run.peak_mb
                );
            }
            (_, Err(failure)) => {
                let _ = writeln!(
                    md,
                    "| {name} | {organization} | {version} | {files} | | failed: {} | | | | |",
                    failure.to_string().lines().next().unwrap_or_default()
                );
            }
            (false, _) => {
                let _ = writeln!(
                    md,
                    "| {name} | {organization} | {version} | {files} | | failed: {} | | | | |",
                    run.error
                );
            }
        }
    }
    md.push('\n');
    md
}

/// The runtime benchmark's own Markdown (`e2e/benches/runtime_overhead.rs`).
fn runtime_section(root: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["bench", "--quiet", "-p", "e2e", "--bench", "runtime_overhead"])
        .current_dir(root)
        .output();
    match output {
        Ok(output) if output.status.success() => {
            format!("{}\n", String::from_utf8_lossy(&output.stdout).trim_end())
        }
        Ok(output) => format!(
            "## Runtime overhead of a generated call\n\nfailed: {}\n\n",
            tail(&String::from_utf8_lossy(&output.stderr), 5)
        ),
        Err(e) => format!("## Runtime overhead of a generated call\n\nfailed: {e}\n\n"),
    }
}

/// What the dev-profile optimizations of the generator cost a cold `cargo test --workspace`
/// (its build, `--no-run`), measured side by side in fresh target directories: as configured,
/// and with every `[profile.dev.package.*]` override of the workspace set back to opt-level 0.
fn cold_build_section(root: &Path, bench: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    // The packages whose override sets an opt-level (xtask's only drops line tables).
    let overridden: Vec<String> = manifest
        .split("\n[")
        .filter_map(|section| {
            let (header, body) = section.split_once('\n')?;
            let package = header.strip_prefix("profile.dev.package.")?.strip_suffix(']')?;
            let optimized = body.lines().any(|l| l.trim_start().starts_with("opt-level"));
            (package != "\"*\"" && optimized).then(|| package.trim_matches('"').to_string())
        })
        .collect();
    let build = |label: &str, undo: bool| -> Result<f64, String> {
        let target = bench.join(format!("cold-{label}"));
        let _ = std::fs::remove_dir_all(&target);
        let mut c = Command::new(env!("CARGO"));
        c.args(["test", "--quiet", "--workspace", "--no-run"])
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target);
        if undo {
            for package in &overridden {
                c.arg("--config").arg(format!("profile.dev.package.{package}.opt-level=0"));
            }
        }
        let started = Instant::now();
        let output = c.output().map_err(|e| e.to_string())?;
        let elapsed = started.elapsed().as_secs_f64();
        let _ = std::fs::remove_dir_all(&target);
        if !output.status.success() {
            return Err(tail(&String::from_utf8_lossy(&output.stderr), 3));
        }
        Ok(elapsed)
    };
    let with = build("optimized", false);
    let without = build("unoptimized", true);
    let cell = |r: &Result<f64, String>| match r {
        Ok(s) => format!("{s:.0} s"),
        Err(e) => format!("failed: {e}"),
    };
    let mut md = format!(
        "## Cost of the dev-profile optimizations on a cold `cargo test --workspace`\n\nThe build of `cargo test --workspace --no-run` in an empty target directory, one after the other in this run ({} packages optimized: {}).\n\n| dev profile | cold build |\n|---|---:|\n",
        overridden.len(),
        overridden.join(", ")
    );
    let _ = writeln!(
        md,
        "| as configured (generator and its hot dependencies at opt-level 3) | {} |",
        cell(&with)
    );
    let _ = writeln!(md, "| every override set back to opt-level 0 | {} |", cell(&without));
    if let (Ok(a), Ok(b)) = (&with, &without) {
        let _ = writeln!(md, "\nRatio: {:.2}x the cold build time.", a / b);
    }
    md.push('\n');
    md
}
