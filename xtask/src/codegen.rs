//! `cargo xtask codegen`: regenerate `generated/` from `spec/atlas-invites.yaml`, or with
//! `--check` report drift without touching anything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_rust_gen::{generate, write, Options};

/// The repository root (the parent of `xtask/`), so the command works from any directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives inside the repository").to_path_buf()
}

struct Args {
    check: bool,
    report: bool,
    spec: PathBuf,
    out: PathBuf,
    options: Options,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = repo_root();
    let mut parsed = Args {
        check: false,
        report: false,
        spec: root.join("spec/atlas-invites.yaml"),
        out: root.join("generated"),
        // Our crate ships its command line and test doubles (behind features).
        options: Options { crate_name: "atlas-invites".into(), cli: true, mock: true, ..Options::default() },
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--report" => parsed.report = true,
            "--strict" => parsed.options.strict = true,
            "--no-cli" => parsed.options.cli = false,
            "--no-mock" => parsed.options.mock = false,
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--crate-name" => parsed.options.crate_name = value("--crate-name")?,
            "--crate-version" => parsed.options.crate_version = value("--crate-version")?,
            "--api-version" => {
                let version = value("--api-version")?;
                let valid = version.len() == 10 && version.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
                if !valid {
                    return Err(format!("--api-version takes a date YYYY-MM-DD, not {version:?}"));
                }
                parsed.options.api_version = Some(version);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{}", crate::USAGE);
            return ExitCode::from(2);
        }
    };
    let generated = match generate(&args.spec, &args.options) {
        Ok(generated) => generated,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::FAILURE;
        }
    };
    if args.report {
        println!("operations: {}", generated.operation_count);
        println!("types: {}", generated.type_count);
        println!("degraded: {}", generated.report.len());
    }
    for diagnostic in &generated.report {
        eprintln!("{diagnostic}");
    }
    let shown = args.out.strip_prefix(repo_root()).unwrap_or(&args.out).display().to_string();
    if args.check {
        let drift = match write::check(&args.out, &generated.files) {
            Ok(drift) => drift,
            Err(e) => {
                eprintln!("error: reading {shown}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if drift.is_clean() {
            println!("{shown} is up to date ({} files)", generated.files.len());
            return ExitCode::SUCCESS;
        }
        for path in &drift.changed {
            eprintln!("stale: {shown}/{path}");
        }
        for path in &drift.missing {
            eprintln!("missing: {shown}/{path}");
        }
        for path in &drift.extra {
            eprintln!("not generated (would be deleted): {shown}/{path}");
        }
        eprintln!("{shown} is out of date: run `cargo xtask codegen` and commit the result");
        return ExitCode::FAILURE;
    }
    if let Err(e) = write::write_atomically(&args.out, &generated.files) {
        eprintln!("error: writing {shown}: {e} (the previous tree is left as it was)");
        return ExitCode::FAILURE;
    }
    println!("wrote {} files to {shown}", generated.files.len());
    ExitCode::SUCCESS
}
