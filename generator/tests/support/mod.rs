//! Helpers shared by test binaries.
#![allow(dead_code)]

pub mod random_spec;

/// `--features-per-tag`: runs clippy (`-D warnings`, every target) on the crate in `dir` with
/// each tag's feature alone and then with none, the command line and the mocks on each time
/// (`package` picks the crate when `dir` is a workspace). Returns what failed, one entry per
/// selection, so a test can name every failing tag at once.
pub fn clippy_each_tag(
    dir: &std::path::Path,
    package: Option<&str>,
    tags: &[String],
    target: &std::path::Path,
) -> Vec<String> {
    let mut failed = Vec::new();
    let selections =
        tags.iter().map(|tag| format!("{tag},cli,mock")).chain(["cli,mock".to_string()]);
    for selection in selections {
        let mut command = std::process::Command::new(env!("CARGO"));
        command.args(["clippy", "--quiet", "--all-targets", "--no-default-features"]);
        if let Some(package) = package {
            command.args(["-p", package]);
        }
        let output = command
            .args(["--features", &selection, "--", "-D", "warnings"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .output()
            .expect("cargo runs");
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            failed.push(format!("--features {selection}:\n{}", &stderr[..stderr.len().min(4_000)]));
        }
    }
    failed
}

/// Copies the directory `from` to `to`, recursively (a consumer crate next to the crates it
/// uses).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
