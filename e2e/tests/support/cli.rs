//! The generated `atlas-invites` command line as a real executable: built once per test
//! binary with the crate's `cli` feature, then run as a child process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The variables the command line reads; tests start from none of them set.
pub const ENVIRONMENT: &[&str] = &[
    "MONGODB_ATLAS_CLIENT_ID",
    "MONGODB_ATLAS_CLIENT_SECRET",
    "MONGODB_ATLAS_PUBLIC_API_KEY",
    "MONGODB_ATLAS_PRIVATE_API_KEY",
    "MONGODB_ATLAS_BASE_URL",
];

/// The path of the built `atlas-invites` executable.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let output = Command::new(env!("CARGO"))
            .args([
                "build",
                "-p",
                "atlas-invites",
                "--features",
                "cli",
                "--bin",
                "atlas-invites",
                "--message-format=json-render-diagnostics",
            ])
            .current_dir(workspace)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the command line failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Cargo names the executable it built in its JSON messages.
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .find(|message| {
                message["reason"] == "compiler-artifact"
                    && message["target"]["name"] == "atlas-invites"
                    && message["executable"].is_string()
            })
            .map(|message| PathBuf::from(message["executable"].as_str().unwrap()))
            .expect("cargo reports the executable it built")
    })
}

/// A command for the executable with none of the command line's variables inherited.
pub fn command() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(binary());
    for name in ENVIRONMENT {
        command.env_remove(name);
    }
    command
}
