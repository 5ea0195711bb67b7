//! `cargo xtask` as maintainers' scripts call it: help exits 0, unknown arguments exit 2
//! naming the argument with the usage, a reader that stops early ends the command quietly.

use std::io::Read;
use std::process::{Command, Stdio};

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_usage_and_exits_0_for_every_subcommand() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["codegen", "--help"],
        &["codegen", "-h"],
        &["spec-diff", "--help"],
        &["upstream-check", "--help"],
        &["bench", "--help"],
        &["semver-check", "--help"],
        &["help", "codegen"],
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output.stderr));
        assert!(
            text(&output.stdout).contains("Usage: cargo xtask"),
            "{args:?}: {}",
            text(&output.stdout)
        );
    }
    let codegen = text(&xtask(&["codegen", "--help"]).stdout);
    for flag in [
        "--check",
        "--spec <FILE>",
        "--out <DIR>",
        "--crate-name <NAME>",
        "--api-version <YYYY-MM-DD>",
        "--strict",
        "--report",
        "--no-cli",
        "--no-mock",
    ] {
        assert!(codegen.contains(flag), "codegen --help lacks {flag}:\n{codegen}");
    }
}

#[test]
fn unknown_arguments_exit_2_naming_them_with_the_usage() {
    // Unknown arguments and subcommands: named, with the usage line.
    for (args, named) in [
        (&["codegen", "--chek"][..], "'--chek'"),
        (&["frobnicate"], "'frobnicate'"),
        (&["spec-diff", "a", "b", "c"], "'c'"),
    ] {
        let output = xtask(args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named) && stderr.contains("Usage: cargo xtask"),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty() && !stderr.contains("panicked"), "{args:?}");
    }
    // Values a flag does not take: the value and the flag named.
    for (args, named) in [
        (&["spec-diff", "--format", "yaml"][..], ["'yaml'", "--format"]),
        (&["bench", "--runs", "0"], ["'0'", "--runs"]),
        (&["codegen", "--api-version", "2025-2-19"], ["'2025-2-19'", "--api-version"]),
    ] {
        let output = xtask(args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(named.iter().all(|n| stderr.contains(n)), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty() && !stderr.contains("panicked"), "{args:?}");
    }
    // No subcommand at all: the usage, as an error.
    let output = xtask(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("Usage: cargo xtask"));
}

#[test]
fn a_reader_that_stops_early_ends_spec_diff_quietly() {
    // The two upstream documents differ in thousands of places: far more than a pipe holds.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    let (old, new) =
        (shared.join("atlas-admin-v2-2025-06-30.yaml"), shared.join("atlas-admin-v2.yaml"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .arg(&old)
        .arg(&new)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    assert!(text(&first).starts_with("## API changes"), "{}", text(&first));
    drop(child.stdout.take()); // `| head -c 100`
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "exit {:?}: {stderr}", output.status.code());
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn codegen_check_names_the_one_line_fix_on_drift() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-drift");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let output = xtask(&["codegen", "--check", "--out", out.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("missing: ") && stderr.contains("run `cargo xtask codegen`"),
        "{stderr}"
    );
    assert!(std::fs::read_dir(&out).unwrap().next().is_none(), "--check writes nothing");
}

#[test]
fn upstream_check_finds_no_unexplained_drift_and_fails_on_drift_when_asked() {
    let output = xtask(&["upstream-check", "--fail-on", "drift"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("0 difference(s) not explained"),
        "{}",
        text(&output.stdout)
    );
    // With no explanations, every kept difference is drift.
    let empty = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-explanations.yaml");
    std::fs::write(&empty, "[]\n").unwrap();
    let output = xtask(&[
        "upstream-check",
        "--fail-on",
        "drift",
        "--explained",
        empty.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["summary"]["changes"].as_u64().unwrap() > 10, "{report}");
}
