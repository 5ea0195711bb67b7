//! `spec-diff OLD NEW [--format markdown|json] [--fail-on breaking]`: what changed between two
//! versions of a spec, for API clients and for the generated crate. OLD and NEW are files or
//! `REV:PATH` git revisions; in a repository the defaults compare `HEAD:SPEC` with the
//! working tree's SPEC.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};

use clap::{Arg, ArgMatches, Command};

use super::{write_output, Defaults};
use crate::diff;

pub fn command(defaults: &Defaults) -> Command {
    let default_pair = match (&defaults.repo, &defaults.spec) {
        (Some(repo), Some(spec)) => {
            let relative = spec.strip_prefix(repo).unwrap_or(spec).display().to_string();
            format!("Without OLD and NEW: HEAD:{relative} against the working tree's {relative}.")
        }
        _ => "OLD and NEW are required.".to_string(),
    };
    Command::new("spec-diff")
        .about("What changed between two versions of a spec, for API clients and for the generated crate")
        .arg(Arg::new("old").value_name("OLD").help("The old spec: a file, or REV:PATH read with git"))
        .arg(Arg::new("new").value_name("NEW").requires("old").help("The new spec: a file, or REV:PATH read with git"))
        .arg(Arg::new("format").long("format").value_name("FORMAT").value_parser(["markdown", "json"]).default_value("markdown").help("Markdown for a pull request, JSON for tools"))
        .arg(Arg::new("fail-on").long("fail-on").value_name("WHAT").value_parser(["breaking"]).help("Exit 1 if a change breaks API clients"))
        .args(filter_args())
        .after_help(default_pair)
}

pub fn run(matches: &ArgMatches, defaults: &Defaults) -> ExitCode {
    let (old, new) = match (
        matches.get_one::<String>("old"),
        matches.get_one::<String>("new"),
        &defaults.repo,
        &defaults.spec,
    ) {
        (Some(old), Some(new), _, _) => (old.clone(), new.clone()),
        (None, None, Some(repo), Some(spec)) => {
            let relative = spec.strip_prefix(repo).unwrap_or(spec).display().to_string();
            (format!("HEAD:{relative}"), spec.display().to_string())
        }
        _ => {
            eprintln!(
                "error: give both OLD and NEW{}",
                if defaults.repo.is_some() { ", or neither" } else { "" }
            );
            eprintln!(
                "usage: {} spec-diff OLD NEW [--format markdown|json] [--fail-on breaking]",
                defaults.program
            );
            return ExitCode::from(2);
        }
    };
    let load = |spec: &str, slot: &str| -> Result<crate::model::Api, String> {
        let file = materialize(spec, slot, defaults)?;
        crate::model(&file, None).map(|(api, _)| api).map_err(|e| e.to_string())
    };
    let loaded = (load(&old, "old"), load(&new, "new"));
    let _ = std::fs::remove_dir_all(revisions_dir());
    let (old_api, new_api) = match loaded {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut report = diff::diff(&old_api, &new_api);
    apply_filters(&mut report, matches);
    let shown = |s: &str| defaults.shown(Path::new(s));
    let text = match matches.get_one::<String>("format").map(String::as_str) {
        Some("json") => diff::json(&report, &shown(&old), &shown(&new)),
        _ => diff::markdown(&report, &shown(&old), &shown(&new)),
    };
    if let Err(code) = write_output(&text) {
        return code;
    }
    if matches.get_one::<String>("fail-on").is_some() && report.breaking() > 0 {
        eprintln!("{} breaking change(s)", report.breaking());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// A file to read: as given, or a git revision written to a temporary file.
fn materialize(spec: &str, slot: &str, defaults: &Defaults) -> Result<PathBuf, String> {
    if Path::new(spec).exists() {
        return Ok(PathBuf::from(spec));
    }
    let Some((revision, path)) = spec.split_once(':') else {
        return Err(format!("{spec}: no such file (and not REV:PATH)"));
    };
    let here = defaults.repo.clone().unwrap_or_else(|| PathBuf::from("."));
    let output = Process::new("git")
        .args(["show", &format!("{revision}:{path}")])
        .current_dir(&here)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        return Err(format!("{spec}: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let dir = revisions_dir();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join(format!("{slot}.{extension}"));
    std::fs::write(&file, output.stdout).map_err(|e| e.to_string())?;
    Ok(file)
}

/// Where revisions read with git are written for the parser, removed after loading.
fn revisions_dir() -> PathBuf {
    std::env::temp_dir().join(format!("openapi-rust-gen-spec-diff-{}", std::process::id()))
}

/// `--operations`, `--tags`, `--paths`: the review at hand (shared with `upstream-check`).
pub fn filter_args() -> [Arg; 3] {
    [
        Arg::new("operations")
            .long("operations")
            .value_name("ID,...")
            .value_delimiter(',')
            .help("Only changes that reach these operationIds"),
        Arg::new("tags")
            .long("tags")
            .value_name("NAME,...")
            .value_delimiter(',')
            .help("Only changes that reach operations with one of these tags"),
        Arg::new("paths")
            .long("paths")
            .value_name("PREFIX")
            .help("Only changes that reach operations whose path starts with PREFIX"),
    ]
}

/// Keeps what the filter flags ask for; a change reaching several operations keeps those
/// that match.
pub fn apply_filters(report: &mut diff::Report, matches: &ArgMatches) {
    let list = |name: &str| {
        matches.get_many::<String>(name).map(|values| values.cloned().collect::<Vec<_>>())
    };
    let (operations, tags, paths) =
        (list("operations"), list("tags"), matches.get_one::<String>("paths").cloned());
    if operations.is_none() && tags.is_none() && paths.is_none() {
        return;
    }
    report.filter(|reach| {
        operations.as_ref().is_none_or(|ids| ids.contains(&reach.operation))
            && tags.as_ref().is_none_or(|wanted| reach.tags.iter().any(|t| wanted.contains(t)))
            && paths.as_ref().is_none_or(|prefix| {
                reach
                    .method_path
                    .split_once(' ')
                    .is_some_and(|(_, path)| path.starts_with(prefix.as_str()))
            })
    });
}
