//! The generator's command line, the one entry behind both the `openapi-rust-gen` binary and
//! `cargo xtask codegen` / `cargo xtask spec-diff`: the same parser (clap), flags, allocator
//! and code path, with only the defaults differing ([`Defaults`]).

mod codegen;
mod spec_diff;
pub mod upstream_check;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Command;

/// What an entry point assumes when a flag is not given.
#[derive(Clone, Debug)]
pub struct Defaults {
    /// The name shown in usage lines: `openapi-rust-gen` or `cargo xtask`.
    pub program: String,
    /// The repository root (for `cargo xtask`): relative paths in messages are shown from
    /// here, `REV:PATH` specs are read with git here.
    pub repo: Option<PathBuf>,
    /// The spec `codegen` reads without `--spec`, and `spec-diff` compares by default.
    pub spec: Option<PathBuf>,
    /// The directory `codegen` writes without `--out`.
    pub out: Option<PathBuf>,
    pub crate_name: String,
    /// Whether the command line and the test doubles are generated unless told otherwise.
    pub cli: bool,
    pub mock: bool,
    /// `codegen --envelope-param` unless given.
    pub envelope_param: Option<String>,
    /// The upstream document `upstream-check` compares with, and its reviewed list of
    /// intentional differences, unless given.
    pub upstream: Option<PathBuf>,
    pub explained: Option<PathBuf>,
}

impl Defaults {
    /// The standalone binary: spec and output directory are always given.
    pub fn standalone() -> Self {
        Defaults {
            program: "openapi-rust-gen".into(),
            repo: None,
            spec: None,
            out: None,
            crate_name: "api-client".into(),
            cli: false,
            mock: false,
            envelope_param: None,
            upstream: None,
            explained: None,
        }
    }

    /// A path as the user should read it: relative to the repository when inside it.
    fn shown(&self, path: &Path) -> String {
        match &self.repo {
            Some(repo) => path.strip_prefix(repo).unwrap_or(path).display().to_string(),
            None => path.display().to_string(),
        }
    }
}

/// The `codegen` subcommand.
pub fn codegen_command(defaults: &Defaults) -> Command {
    codegen::command(defaults)
}

/// The `spec-diff` subcommand.
pub fn spec_diff_command(defaults: &Defaults) -> Command {
    spec_diff::command(defaults)
}

/// The `upstream-check` subcommand.
pub fn upstream_check_command(defaults: &Defaults) -> Command {
    upstream_check::command(defaults)
}

/// Runs a subcommand parsed from [`codegen_command`], [`spec_diff_command`] or
/// [`upstream_check_command`].
pub fn run(name: &str, matches: &clap::ArgMatches, defaults: &Defaults) -> ExitCode {
    match name {
        "codegen" => codegen::run(matches, defaults),
        "spec-diff" => spec_diff::run(matches, defaults),
        "upstream-check" => upstream_check::run(matches, defaults),
        other => unreachable!("no subcommand {other}"),
    }
}

/// The `openapi-rust-gen` binary: `codegen` and `spec-diff`, and the short form
/// `openapi-rust-gen SPEC OUT [flags]`, which is `openapi-rust-gen codegen SPEC OUT [flags]`.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let defaults = Defaults::standalone();
    let mut args: Vec<OsString> = args.into_iter().collect();
    let short_form = args.get(1).and_then(|a| a.to_str()).is_some_and(|first| {
        !first.starts_with('-')
            && !["codegen", "spec-diff", "upstream-check", "help"].contains(&first)
    });
    if short_form {
        args.insert(1, "codegen".into());
    }
    let command = Command::new("openapi-rust-gen")
        .about("Generates a typed async Rust client crate from an OpenAPI 3.0/3.1 document (YAML or JSON).")
        .after_help("The short form `openapi-rust-gen SPEC OUT [flags]` is `openapi-rust-gen codegen SPEC OUT [flags]`.")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(codegen_command(&defaults))
        .subcommand(spec_diff_command(&defaults))
        .subcommand(upstream_check_command(&defaults));
    let matches = match command.try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => return exit_for(error),
    };
    let (name, sub) = matches.subcommand().expect("a subcommand is required");
    run(name, sub, &defaults)
}

/// Prints a parse error (or `--help`) and gives clap's exit code: 0 for help and version,
/// 2 for usage errors. A closed standard output is not an error.
pub fn exit_for(error: clap::Error) -> ExitCode {
    let code = error.exit_code();
    let _ = error.print();
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

/// Writes `text` to standard output. A reader that went away (`| head`) ends the command
/// quietly and successfully, as for other Unix tools, instead of a panic; any other write
/// error is reported and is the command's failure.
pub fn write_output(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: writing to standard output: {e}");
            Err(ExitCode::FAILURE)
        }
        _ => Ok(()),
    }
}
