//! The checked-in crate matches the generator, output is deterministic, and writing is
//! all or nothing.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_rust_gen::build::Rules;
use openapi_rust_gen::{generate, write, Options};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn invites_options() -> Options {
    Options {
        crate_name: "atlas-invites".into(),
        cli: true,
        mock: true,
        // As `cargo xtask codegen` generates our crate.
        rules: Rules { envelope_param: Some("envelope".into()) },
        ..Options::default()
    }
}

#[test]
fn checked_in_crate_has_no_drift() {
    let generated = generate(&repo().join("spec/atlas-invites.yaml"), &invites_options())
        .expect("our spec generates");
    assert!(generated.report.is_empty(), "our own spec degrades nothing: {:?}", generated.report);
    assert_eq!(generated.operation_count, 28, "12 invitation and 16 users operations");
    let drift = write::check(&repo().join("generated"), &generated.files).unwrap();
    assert!(drift.is_clean(), "generated/ is stale ({drift:?}): run `cargo xtask codegen`");
}

#[test]
fn output_is_deterministic() {
    let spec = repo().join("spec/atlas-invites.yaml");
    let first = generate(&spec, &invites_options()).unwrap().files;
    let second = generate(&spec, &invites_options()).unwrap().files;
    assert_eq!(first, second);
}

#[test]
fn json_and_yaml_give_the_same_crate() {
    let yaml_path = repo().join("spec/atlas-invites.yaml");
    let value = openapi_rust_gen::load::load_document(&yaml_path).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("json-spec");
    fs::create_dir_all(&dir).unwrap();
    let json_path = dir.join("atlas-invites.yaml");
    fs::write(&json_path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    assert_eq!(
        generate(&yaml_path, &invites_options()).unwrap().files,
        generate(&json_path, &invites_options()).unwrap().files
    );
}

#[test]
fn write_replaces_the_tree_and_drift_check_sees_every_difference() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("write-test/crate");
    let _ = fs::remove_dir_all(out.parent().unwrap());
    let generated = generate(&repo().join("spec/atlas-invites.yaml"), &invites_options()).unwrap();
    write::write_atomically(&out, &generated.files).unwrap();
    assert!(write::check(&out, &generated.files).unwrap().is_clean());

    fs::write(out.join("src/types.rs"), "// edited by hand\n").unwrap();
    fs::write(out.join("stray.txt"), "left behind\n").unwrap();
    fs::remove_file(out.join("README.md")).unwrap();
    let drift = write::check(&out, &generated.files).unwrap();
    assert_eq!(drift.changed, vec!["src/types.rs"]);
    assert_eq!(drift.missing, vec!["README.md"]);
    assert_eq!(drift.extra, vec!["stray.txt"]);

    write::write_atomically(&out, &generated.files).unwrap();
    assert!(
        write::check(&out, &generated.files).unwrap().is_clean(),
        "a rewrite removes stray files and restores edits"
    );
    let leftovers: Vec<_> =
        fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec!["crate"], "no staging directories are left behind");
}

#[test]
fn a_bad_spec_leaves_the_output_untouched() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-spec-test/crate");
    let _ = fs::remove_dir_all(out.parent().unwrap());
    let generated = generate(&repo().join("spec/atlas-invites.yaml"), &invites_options()).unwrap();
    write::write_atomically(&out, &generated.files).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .arg("tests/fixtures/errors/dangling-ref.yaml")
        .arg(&out)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("does not resolve"));
    assert!(write::check(&out, &generated.files).unwrap().is_clean());
}

#[test]
fn an_interrupted_swap_is_recovered() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("recover-test");
    let _ = fs::remove_dir_all(&root);
    let out = root.join("crate");
    let generated = generate(&repo().join("spec/atlas-invites.yaml"), &invites_options()).unwrap();
    write::write_atomically(&out, &generated.files).unwrap();
    // A run killed between its two renames leaves the old tree moved aside.
    fs::rename(&out, root.join(".crate.old")).unwrap();
    fs::create_dir_all(root.join(".crate.new/src")).unwrap();
    write::write_atomically(&out, &generated.files).unwrap();
    assert!(write::check(&out, &generated.files).unwrap().is_clean());
    let mut leftovers: Vec<_> =
        fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    leftovers.sort();
    assert_eq!(leftovers, vec!["crate"]);
}

#[test]
fn a_run_killed_before_the_swap_leaves_the_previous_tree_intact() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kill-test");
    let _ = fs::remove_dir_all(&root);
    let out = root.join("crate");
    let generated = generate(&repo().join("spec/atlas-invites.yaml"), &invites_options()).unwrap();
    write::write_atomically(&out, &generated.files).unwrap();
    let before = snapshot(&out);
    // A different spec, killed once its new tree is staged but before the swap.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .arg("tests/fixtures/composition.yaml")
        .arg(&out)
        .env("OPENAPI_RUST_GEN_PAUSE_BEFORE_SWAP_MS", "30000")
        .spawn()
        .unwrap();
    let staged = root.join(".crate.new/src/types.rs");
    let started = std::time::Instant::now();
    while !staged.exists() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the run never staged its tree"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(snapshot(&out), before, "the killed run changed nothing");
    // The next run cleans the leftovers up and writes normally.
    write::write_atomically(&out, &generated.files).unwrap();
    assert_eq!(snapshot(&out), before);
    assert!(!root.join(".crate.new").exists());
}

#[test]
fn separate_processes_in_other_directories_and_environments_write_the_same_bytes() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let _ = fs::remove_dir_all(&root);
    let spec = repo().join("generator/tests/fixtures/composition.yaml");
    let runs = [
        ("a", root.join("a"), "C", "UTC"),
        (
            "b",
            std::env::temp_dir().join("openapi-rust-gen-determinism"),
            "de_DE.UTF-8",
            "Asia/Tokyo",
        ),
    ];
    let mut trees = Vec::new();
    for (name, cwd, lang, tz) in runs {
        fs::create_dir_all(&cwd).unwrap();
        let out = root.join(format!("out-{name}"));
        // Each process gets its own random hash seed; locale and time zone differ too.
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
            .arg(&spec)
            .arg(&out)
            .current_dir(&cwd)
            .env("LANG", lang)
            .env("TZ", tz)
            .status()
            .unwrap();
        assert!(status.success());
        trees.push(snapshot(&out));
    }
    assert_eq!(trees[0], trees[1]);
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn inputs_that_crashed_the_fuzzer_now_generate() {
    // Each was found by libFuzzer (see README, "Fuzzing"); every `fuzz-crash-*` fixture.
    let mut found = 0;
    for entry in fs::read_dir("tests/fixtures").unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("fuzz-crash-") {
            continue;
        }
        found += 1;
        let result = generate(&path, &Options::default());
        assert!(
            result.is_ok(),
            "{}: {}",
            path.display(),
            result.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
    assert!(found > 0, "the regression fixtures are there");
}
