//! Crates generated from the focused fixtures compile with no clippy warnings: keyword and
//! colliding names, recursion, unions, maps, every kind of check.

use std::path::Path;
use std::process::Command;

use openapi_rust_gen::{generate, write, Options};

#[test]
fn fixture_crates_pass_clippy() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let fixtures = ["names", "composition"];
    for name in fixtures {
        let generated = generate(&Path::new("tests/fixtures").join(format!("{name}.yaml")), &Options { crate_name: name.into(), ..Options::default() }).unwrap();
        write::write_atomically(&root.join(name), &generated.files).unwrap();
    }
    let members = fixtures.map(|f| format!("{f:?}")).join(", ");
    std::fs::write(root.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{members}]\n")).unwrap();
    // Share the workspace's target directory so dependencies are built once.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--workspace", "--", "-D", "warnings"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "clippy failed:\n{}", String::from_utf8_lossy(&output.stderr));
}
