//! Maintainers' entry point: `cargo xtask codegen [--check]`, and friends.

mod bench;
mod codegen;
mod semver_check;
mod spec_diff;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec FILE --out DIR] [--crate-name NAME] [--api-version YYYY-MM-DD] [--strict] [--report] [--no-cli] [--no-mock]
       cargo xtask spec-diff [OLD NEW] [--format markdown|json] [--fail-on breaking]
       cargo xtask semver-check   (slow, opt-in: our semver verdicts against cargo-semver-checks)
       cargo xtask bench [--runs N] [--no-check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("spec-diff") => spec_diff::run(&args[1..]),
        Some("semver-check") => semver_check::run(&args[1..]),
        Some("bench-parse") => bench::parse_only(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
