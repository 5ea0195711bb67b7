//! Crates generated from the focused fixtures, with their command lines and mocks, compile
//! with no clippy warnings (keyword and colliding names, recursion, unions, maps, every kind
//! of check, every parameter style), and consumer crates use them for real: paged streams
//! against a local server, and the exact wire form of every parameter style.

mod support;

use std::path::Path;
use std::process::Command;

use openapi_rust_gen::{generate, write, Options};

#[test]
fn fixture_crates_pass_clippy() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let fixtures = ["names", "composition", "paging", "parameters", "hygiene", "bodies"];
    let consumers =
        ["consumer-support", "paging-consumer", "parameters-consumer", "bodies-consumer"];
    for name in fixtures {
        let generated = generate(
            &Path::new("tests/fixtures").join(format!("{name}.yaml")),
            &Options { crate_name: name.into(), cli: true, mock: true, ..Options::default() },
        )
        .unwrap();
        write::write_atomically(&root.join(name), &generated.files).unwrap();
    }
    // Our spec split by tag (`--features-per-tag`), and a fixture's types alone
    // (`--types-only`): both must be warning-free too.
    let variants = [
        ("ours-per-tag", "../spec/atlas-invites.yaml", Some(true), false),
        ("bodies-types", "tests/fixtures/bodies.yaml", None, true),
    ];
    for (name, spec, features_per_tag, types_only) in variants {
        let options = Options {
            crate_name: name.into(),
            cli: true,
            mock: true,
            features_per_tag,
            types_only,
            ..Options::default()
        };
        let generated = generate(Path::new(spec), &options).unwrap();
        write::write_atomically(&root.join(name), &generated.files).unwrap();
    }
    for consumer in consumers {
        support::copy_dir(
            &Path::new("tests/fixtures/consumers").join(consumer),
            &root.join(consumer),
        );
    }
    let members = fixtures
        .iter()
        .chain(&consumers)
        .chain(variants.iter().map(|(name, ..)| name))
        .map(|f| format!("{f:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{members}]\n"),
    )
    .unwrap();
    // Share the workspace's target directory so dependencies are built once.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "clippy failed:\n{}", String::from_utf8_lossy(&output.stderr));
    // Each tag alone, and none, with the command line and the mocks.
    let manifest = std::fs::read_to_string(root.join("ours-per-tag/Cargo.toml")).unwrap();
    let full =
        manifest.lines().find_map(|line| line.strip_prefix("full = ")).expect("a `full` feature");
    let tags: Vec<String> = full
        .trim_matches(['[', ']'])
        .split(", ")
        .map(|t| t.trim_matches('"').to_string())
        .collect();
    assert_eq!(tags, ["organizations", "projects", "teams"]);
    let failed = support::clippy_each_tag(&root, Some("ours-per-tag"), &tags, &target);
    assert!(failed.is_empty(), "{} selections failed:\n{}", failed.len(), failed.join("\n"));
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet"])
        // The bodies crate's own runtime tests (its event parser) run too.
        .args(consumers.iter().chain(&["bodies"]).flat_map(|crate_name| ["-p", crate_name]))
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the consumer's tests failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
