//! The `openapi-rust-gen` binary: the same command line as `cargo xtask` (one code path), its
//! short form `openapi-rust-gen SPEC OUT`, help, usage errors and a closed standard output.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn generator(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn spec() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/atlas-invites.yaml").display().to_string()
}

#[test]
fn the_short_form_and_codegen_write_the_same_crate() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("binary-short-form");
    let (short, long) = (dir.join("short"), dir.join("long"));
    let _ = std::fs::remove_dir_all(&dir);
    let output = generator(&[&spec(), short.to_str().unwrap(), "--crate-name", "x", "--cli"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = generator(&[
        "codegen",
        "--spec",
        &spec(),
        "--out",
        long.to_str().unwrap(),
        "--crate-name",
        "x",
        "--cli",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for file in ["Cargo.toml", "src/operations.rs", "src/cli/operations.rs"] {
        assert_eq!(
            std::fs::read(short.join(file)).unwrap(),
            std::fs::read(long.join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(!short.join("src/mock").exists(), "the binary leaves the mocks out unless --mock");
}

#[test]
fn help_exits_0_and_usage_errors_exit_2() {
    for args in [&["--help"][..], &["-h"], &["codegen", "--help"], &["spec-diff", "-h"]] {
        let output = generator(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(text(&output.stdout).contains("Usage: openapi-rust-gen"), "{args:?}");
    }
    for (args, named) in [
        (&["--bogus"][..], "--bogus"),
        (&["codegen", "--strikt"], "--strikt"),
        (&["spec-diff", "a.yaml"], ""),
    ] {
        let output = generator(args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named) && stderr.contains("openapi-rust-gen"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // One positional is not enough for the short form.
    let output = generator(&[&spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("give the spec and the output directory"));
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .args(["spec-diff", &spec(), &spec(), "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success() && !text(&output.stderr).contains("panicked"),
        "{}",
        text(&output.stderr)
    );
}
