//! The real upstream Atlas Administration API documents (read from `../shared/specs/` at
//! test time, never copied here) generate, unpatched, into crates that pass clippy. The
//! crates include the command line and test doubles; the default test checks the library,
//! and an opt-in test (`cargo test -p openapi-rust-gen --test upstream -- --ignored`, about
//! 90 seconds here) checks them too.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_rust_gen::{generate, write, Options};

fn shared_spec(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs").join(name);
    assert!(
        path.exists(),
        "the upstream spec {} is needed (see ../shared/specs/README.md)",
        path.display()
    );
    path
}

#[test]
fn both_upstream_documents_generate_crates_that_pass_clippy() {
    generate_and_clippy(&[]);
}

#[test]
#[ignore = "slow: builds the command line and mocks of 968 operations; run with --ignored"]
fn their_command_lines_and_test_doubles_pass_clippy_too() {
    generate_and_clippy(&["--features", "cli,mock"]);
}

fn generate_and_clippy(features: &[&str]) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upstream-crates");
    let cases = [
        ("atlas-admin-v2.yaml", "atlas-admin-v2", 514),
        ("atlas-admin-v2-2025-06-30.yaml", "atlas-admin-v2-raw", 454),
    ];
    for (file, crate_name, operations) in cases {
        let generated = generate(
            &shared_spec(file),
            &Options {
                crate_name: crate_name.into(),
                cli: true,
                mock: true,
                // Atlas operations take `envelope=true` (`cargo xtask codegen` says so too).
                rules: openapi_rust_gen::build::Rules { envelope_param: Some("envelope".into()) },
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(generated.operation_count, operations, "{file}");
        // Every degraded construct is reported with its place; none is an error.
        for diagnostic in &generated.report {
            assert!(diagnostic.to_string().starts_with("degraded: "), "{diagnostic}");
        }
        write::write_atomically(&root.join(crate_name), &generated.files).unwrap();
    }
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"atlas-admin-v2\", \"atlas-admin-v2-raw\"]\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--workspace"])
        .args(features)
        .args(["--", "-D", "warnings"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "clippy failed:\n{}", &stderr[..stderr.len().min(20_000)]);
}

/// `--features-per-tag` (on by default for a crate this size): every tag's feature alone,
/// with the command line and the test doubles, compiles warning-free, and the crate without
/// any tag still does (the runtime and the types every tag shares).
#[test]
#[ignore = "slow: one clippy run per tag of the 514-operation crate (about 5 minutes); run with --ignored"]
fn each_tag_of_the_upstream_crate_compiles_alone() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upstream-per-tag");
    let generated = generate(
        &shared_spec("atlas-admin-v2.yaml"),
        &Options {
            crate_name: "atlas-admin-per-tag".into(),
            cli: true,
            mock: true,
            rules: openapi_rust_gen::build::Rules { envelope_param: Some("envelope".into()) },
            ..Options::default()
        },
    )
    .unwrap();
    let features = generated.api.tag_features.as_ref().expect("514 operations are split by tag");
    assert!(features.names.len() >= 40, "{:?}", features.names);
    let names = features.names.clone();
    write::write_atomically(&root, &generated.files).unwrap();
    // A crate of its own, outside this repository's workspace.
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/per-tag");
    let failed = support::clippy_each_tag(&root, None, &names, &target);
    assert!(failed.is_empty(), "{} selections failed:\n{}", failed.len(), failed.join("\n"));
}
