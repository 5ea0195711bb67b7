//! Maintainers' entry point: `cargo xtask codegen [--check]`, `spec-diff`, `bench` and
//! `semver-check`. `codegen` and `spec-diff` are the generator's own command line
//! ([`openapi_rust_gen::command`]) with this repository's defaults: one code path, one set of
//! flags, one allocator.

mod bench;
mod bench_build;
mod contract;
mod contract_causes;
mod contract_document;
mod mutants;
mod pinned;
mod semver_check;
mod semver_releases;
mod soak;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{value_parser, Arg, ArgAction, Command};
use openapi_rust_gen::command::{self, Defaults};

/// The repository root (the parent of `xtask/`), so the command works from any directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// This repository's defaults: our spec and checked-in crate, with its command line and test
/// doubles, the Atlas envelope rule, and the upstream document `upstream-check` compares with.
fn repository_defaults(root: &Path) -> Defaults {
    Defaults {
        program: "cargo xtask".into(),
        repo: Some(root.to_path_buf()),
        spec: Some(root.join("spec/atlas-invites.yaml")),
        out: Some(root.join("generated")),
        crate_name: "atlas-invites".into(),
        // Our crate ships its command line and test doubles (behind features).
        cli: true,
        mock: true,
        // Atlas operations take `envelope=true` to wrap replies; the client unwraps them.
        envelope_param: Some("envelope".into()),
        upstream: Some(root.join("../shared/specs/atlas-admin-v2.yaml")),
        explained: Some(root.join("spec/upstream-differences.yaml")),
    }
}

fn cli(defaults: &Defaults) -> Command {
    Command::new("cargo xtask")
        .bin_name("cargo xtask")
        .about("Maintainers' tasks for the generator and the checked-in atlas-invites crate")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(command::codegen_command(defaults))
        .subcommand(command::spec_diff_command(defaults))
        .subcommand(command::upstream_check_command(defaults))
        .subcommand(
            Command::new("bench")
                .about("Measure generation, the generated crates' cargo check and the runtime against peers; writes BENCHMARKS.md")
                .arg(Arg::new("runs").long("runs").value_name("N").value_parser(value_parser!(u32).range(1..)).default_value("5").help("Runs per measurement (the median is reported)"))
                .arg(Arg::new("no-check").long("no-check").action(ArgAction::SetTrue).help("Skip the generated crates' cargo check"))
                .arg(Arg::new("cold-build").long("cold-build").action(ArgAction::SetTrue).help("Also time a cold `cargo test --workspace` build with and without the dev-profile optimizations (adds about 10 minutes)"))
                .arg(Arg::new("dynamic").long("dynamic").action(ArgAction::SetTrue).help("Prism makes replies from the schemas (seeded, so every run alike) instead of from examples and types alone"))
                .arg(Arg::new("corpus").long("corpus").action(ArgAction::SetTrue).help("Also time `cargo xtask codegen` on each public document of tools/corpus/corpus.tsv (extract them first with `bash tools/corpus/prepare.sh`)"))
                .arg(Arg::new("per-tag").long("per-tag").action(ArgAction::SetTrue).help("Measure only what --features-per-tag saves on the full upstream crate (clean check and build, every tag against two) and replace that section of BENCHMARKS.md"))
                .arg(Arg::new("first-run").long("first-run").action(ArgAction::SetTrue).help("Measure only a newcomer's first `cargo xtask codegen` (empty target directory) and the warm runs, and replace that section of BENCHMARKS.md"))
                .arg(Arg::new("corpus-only").long("corpus-only").action(ArgAction::SetTrue).help("Measure only the corpus and replace that section of BENCHMARKS.md, keeping the others as they were")),
        )
        .subcommand(
            Command::new("contract")
                .about("Generate the crate of a document, call every operation once through it against Prism (request validation on), and report each call's outcome")
                .arg(Arg::new("spec").long("spec").value_name("FILE").value_parser(value_parser!(PathBuf)).help("The OpenAPI document (YAML or JSON)"))
                .arg(Arg::new("report").long("report").value_name("FORMAT").value_parser(["json", "markdown"]).default_value("markdown").help("json: one object with `operations`, `accepted` and the per-operation `results`"))
                .arg(Arg::new("envelope-param").long("envelope-param").value_name("NAME").help("As for codegen"))
                .arg(Arg::new("dynamic").long("dynamic").action(ArgAction::SetTrue).help("Prism makes replies from the schemas (seeded, so every run alike) instead of from examples and types alone"))
                .arg(Arg::new("corpus").long("corpus").action(ArgAction::SetTrue).conflicts_with("spec").help("Every extracted corpus document and both upstream Atlas documents: the per-document table"))
                .arg(Arg::new("remaining").long("remaining").action(ArgAction::SetTrue).conflicts_with_all(["spec", "corpus"]).help("Write docs/contract-remaining.md again from the last --corpus run's saved results, without running Prism"))
                .arg(Arg::new("holdout").long("holdout").action(ArgAction::SetTrue).conflicts_with_all(["spec", "corpus"]).help("The holdout documents of tools/corpus/holdout.tsv, which development does not look at: their own table")),
        )
        .subcommand(
            Command::new("soak")
                .about("Opt-in: the full soak with faults (20,000 calls from 256 tasks) through the generated client; its figures go to docs/robustness.md")
                .arg(Arg::new("calls").long("calls").value_name("N").value_parser(value_parser!(u64).range(1..)).default_value("20000"))
                .arg(Arg::new("tasks").long("tasks").value_name("N").value_parser(value_parser!(u64).range(1..)).default_value("256"))
                .arg(Arg::new("seed").long("seed").value_name("N").value_parser(value_parser!(u64)).default_value("1")),
        )
        .subcommand(
            Command::new("semver-check")
                .about("Slow, opt-in: our spec-diff semver verdicts against cargo-semver-checks")
                .arg(Arg::new("releases").long("releases").value_name("GIT_DIR").value_parser(value_parser!(PathBuf)).help("Real upstream releases instead of spec mutations: consecutive revisions of the document in this clone of mongodb/atlas-sdk-go (its .git directory); the table goes into docs/spec-review.md"))
                .arg(Arg::new("path").long("path").value_name("PATH").default_value(semver_releases::DEFAULT_PATH).requires("releases").help("The document's path inside the repository"))
                .arg(Arg::new("revisions").long("revisions").value_name("N").value_parser(value_parser!(u32).range(2..)).default_value("6").requires("releases").help("How many of the newest revisions (N-1 pairs)")),
        )
        .subcommand(
            Command::new("mutants")
                .about("Slow, opt-in: mutation testing (cargo-mutants) of the runtime's checks, parameter writer, retry and auth code and of the spec diff; per-file scores go to docs/testing.md")
                .arg(Arg::new("group").long("group").value_name("NAME").value_parser(["runtime", "client", "auth", "diff"]).help("Mutate only this group (the table still lists every group's last results)"))
                .arg(Arg::new("report-only").long("report-only").action(ArgAction::SetTrue).help("Write the table from the last results without running cargo-mutants")),
        )
        .subcommand(Command::new("bench-parse").hide(true).arg(Arg::new("file").required(true)))
}

fn main() -> ExitCode {
    let defaults = repository_defaults(&repo_root());
    let matches = match cli(&defaults).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return command::exit_for(error),
    };
    match matches.subcommand() {
        Some((name @ ("codegen" | "spec-diff" | "upstream-check"), sub)) => {
            command::run(name, sub, &defaults)
        }
        Some(("bench", sub)) if sub.get_flag("per-tag") || sub.get_flag("first-run") => {
            bench_build::sections_only(
                sub.get_flag("per-tag"),
                sub.get_flag("first-run"),
                *sub.get_one::<u32>("runs").expect("has a default") as usize,
            )
        }
        Some(("bench", sub)) if sub.get_flag("corpus-only") => {
            bench::corpus_only(*sub.get_one::<u32>("runs").expect("has a default") as usize)
        }
        Some(("bench", sub)) => bench::run(
            *sub.get_one::<u32>("runs").expect("has a default") as usize,
            !sub.get_flag("no-check"),
            sub.get_flag("cold-build"),
            sub.get_flag("corpus"),
        ),
        Some(("mutants", sub)) => mutants::run(
            sub.get_one::<String>("group").map(String::as_str),
            sub.get_flag("report-only"),
        ),
        Some(("semver-check", sub)) => match sub.get_one::<PathBuf>("releases") {
            Some(git_dir) => semver_releases::run(
                git_dir,
                sub.get_one::<String>("path").expect("has a default"),
                *sub.get_one::<u32>("revisions").expect("has a default") as usize,
            ),
            None => semver_check::run(),
        },
        Some(("soak", sub)) => soak::run(
            *sub.get_one::<u64>("calls").expect("has a default"),
            *sub.get_one::<u64>("tasks").expect("has a default"),
            *sub.get_one::<u64>("seed").expect("has a default"),
        ),
        Some(("contract", sub)) if sub.get_flag("remaining") => {
            contract::remaining_from_saved(&repo_root())
        }
        Some(("contract", sub)) => contract::run_command(
            sub.get_one::<PathBuf>("spec"),
            sub.get_one::<String>("report").map_or("markdown", String::as_str),
            sub.get_one::<String>("envelope-param"),
            if sub.get_flag("holdout") {
                Some(contract::Selection::Holdout)
            } else if sub.get_flag("corpus") {
                Some(contract::Selection::Corpus)
            } else {
                None
            },
            sub.get_flag("dynamic"),
        ),
        Some(("bench-parse", sub)) => {
            bench::parse_only(sub.get_one::<String>("file").expect("required"))
        }
        _ => unreachable!("a subcommand is required"),
    }
}
