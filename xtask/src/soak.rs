//! `cargo xtask soak [--calls N] [--tasks N] [--seed N]`: the full soak with faults
//! (`e2e/tests/soak.rs`, 20,000 calls from 256 tasks by default) and its figures in
//! docs/robustness.md, in place of the previous run's.

use std::process::{Command, ExitCode};

use crate::bench::replace_section;

const HEADING: &str = "## Soak with faults (cargo xtask soak)";

pub fn run(calls: u64, tasks: u64, seed: u64) -> ExitCode {
    let root = crate::repo_root();
    let report = root.join("target/soak.md");
    let _ = std::fs::remove_file(&report);
    let status = Command::new(env!("CARGO"))
        .args([
            "test",
            "--quiet",
            "-p",
            "e2e",
            "--test",
            "soak",
            "the_full_soak",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .current_dir(&root)
        .env("SOAK_CALLS", calls.to_string())
        .env("SOAK_TASKS", tasks.to_string())
        .env("SOAK_SEED", seed.to_string())
        .env("SOAK_REPORT", &report)
        .status();
    let Ok(figures) = std::fs::read_to_string(&report) else {
        eprintln!("error: the soak did not finish ({status:?}); its output above says why");
        return ExitCode::FAILURE;
    };
    let section = format!(
        "{HEADING}\n\n`e2e/tests/soak.rs` through the generated client against a loopback server that injects, per call and attempt from the seed, a reset before the reply, a reset in the middle of a body, a truncated chunked body, 503 and 429 with `Retry-After`, a body slower than the client's 800 ms timeout, a Digest re-challenge with `stale=true`, and service-account tokens that live one second. Half the calls use Digest, half a service account; a fifth are POST, a fifth PATCH, the rest GET; the retry policy allows 4 attempts. The short form (600 calls, 32 tasks) runs in the test command.\n\n{figures}\nA Digest call that meets a second stale challenge in the same attempt ends with its 401: the client answers one challenge per attempt, so a server that keeps re-challenging cannot hold it in a loop.\n\n"
    );
    let path = root.join("docs/robustness.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    if let Err(e) = std::fs::write(&path, replace_section(&existing, HEADING, &section)) {
        eprintln!("error: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    print!("{section}");
    if status.is_ok_and(|s| s.success()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
