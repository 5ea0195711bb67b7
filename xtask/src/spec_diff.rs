//! `cargo xtask spec-diff OLD NEW [--format markdown|json] [--fail-on breaking]`: what
//! changed between two versions of a spec, for API clients and for the generated crate.
//! OLD and NEW are files or `REV:PATH` git revisions; the defaults compare
//! `HEAD:spec/atlas-invites.yaml` with the working tree.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use openapi_rust_gen::diff;

use crate::codegen::repo_root;

const USAGE: &str = "usage: cargo xtask spec-diff [OLD NEW] [--format markdown|json] [--fail-on breaking] (OLD and NEW: files or REV:PATH)";

/// A file to read: as given, or a git revision written to a temporary file.
fn materialize(spec: &str, slot: &str) -> Result<PathBuf, String> {
    if Path::new(spec).exists() {
        return Ok(PathBuf::from(spec));
    }
    let Some((revision, path)) = spec.split_once(':') else {
        return Err(format!("{spec}: no such file (and not REV:PATH)"));
    };
    let output = Command::new("git").args(["show", &format!("{revision}:{path}")]).current_dir(repo_root()).output().map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        return Err(format!("{spec}: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let dir = repo_root().join("target/spec-diff");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join(format!("{slot}.{extension}"));
    std::fs::write(&file, output.stdout).map_err(|e| e.to_string())?;
    Ok(file)
}

pub fn run(args: &[String]) -> ExitCode {
    let mut positional = Vec::new();
    let mut format = "markdown".to_string();
    let mut fail_on_breaking = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--format" => match iter.next().map(String::as_str) {
                Some(f @ ("markdown" | "json")) => format = f.to_string(),
                other => {
                    eprintln!("error: --format takes markdown or json, not {other:?}\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--fail-on" => match iter.next().map(String::as_str) {
                Some("breaking") => fail_on_breaking = true,
                other => {
                    eprintln!("error: --fail-on takes `breaking`, not {other:?}\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            flag if flag.starts_with("--") => {
                eprintln!("error: unknown option {flag}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => positional.push(arg.clone()),
        }
    }
    let (old, new) = match positional.as_slice() {
        [] => ("HEAD:spec/atlas-invites.yaml".to_string(), repo_root().join("spec/atlas-invites.yaml").display().to_string()),
        [old, new] => (old.clone(), new.clone()),
        _ => {
            eprintln!("error: give both OLD and NEW, or neither\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let load = |spec: &str, slot: &str| -> Result<openapi_rust_gen::model::Api, String> {
        let file = materialize(spec, slot)?;
        openapi_rust_gen::model(&file, None).map(|(api, _)| api).map_err(|e| e.to_string())
    };
    let (old_api, new_api) = match (load(&old, "old"), load(&new, "new")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let report = diff::diff(&old_api, &new_api);
    let shown = |s: &str| s.strip_prefix(&format!("{}/", repo_root().display())).unwrap_or(s).to_string();
    let text = match format.as_str() {
        "json" => diff::json(&report, &shown(&old), &shown(&new)),
        _ => diff::markdown(&report, &shown(&old), &shown(&new)),
    };
    print!("{text}");
    if fail_on_breaking && report.breaking() > 0 {
        eprintln!("{} breaking change(s)", report.breaking());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
