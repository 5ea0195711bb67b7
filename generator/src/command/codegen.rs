//! `codegen`: generate a crate from a spec, or with `--check` report drift without writing.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};

use super::{write_output, Defaults};
use crate::{generate, write, Options};

pub fn command(defaults: &Defaults) -> Command {
    // Defaults are applied in `run` (clap would need owned strings for them) and shown in
    // the help text.
    let path = |name: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(if name == "spec" { "FILE" } else { "DIR" })
            .value_parser(value_parser!(PathBuf))
    };
    let switch = |name: &'static str, help: &'static str| {
        Arg::new(name).long(name).action(ArgAction::SetTrue).help(help)
    };
    Command::new("codegen")
        .about("Generate a Rust client crate from an OpenAPI document, all or nothing")
        .arg(Arg::new("spec_positional").value_name("SPEC").value_parser(value_parser!(PathBuf)).conflicts_with("spec").help("The OpenAPI document (same as --spec)"))
        .arg(Arg::new("out_positional").value_name("OUT").value_parser(value_parser!(PathBuf)).conflicts_with("out").help("The crate's directory (same as --out)"))
        .arg(path("spec").help("The OpenAPI 3.0/3.1 document, YAML or JSON"))
        .arg(path("out").help("The directory of the generated crate; replaced as a whole, or left as it was on failure"))
        .arg(switch("check", "Change nothing; fail, naming each stale file, if the directory differs from what would be generated"))
        .arg(Arg::new("crate-name").long("crate-name").value_name("NAME").help("The Cargo package name"))
        .arg(Arg::new("crate-version").long("crate-version").value_name("VERSION").default_value("0.1.0").help("The Cargo package version"))
        .arg(Arg::new("api-version").long("api-version").value_name("YYYY-MM-DD").value_parser(api_version).help("Pick, per operation, the newest dated media type on or before this date"))
        .arg(switch("strict", "Fail if any construct had to be degraded"))
        .arg(
            Arg::new("envelope-param")
                .long("envelope-param")
                .value_name("NAME")
                .help("A boolean query parameter that asks the server to wrap each reply in an envelope (`envelope` for the Atlas API); the client unwraps it again"),
        )
        .arg(switch("report", "Print the counts of operations, types and degraded constructs"))
        .arg(switch("cli", "Also generate the command line (`cli` feature)").overrides_with("no-cli"))
        .arg(switch("no-cli", "Leave the command line out").overrides_with("cli"))
        .arg(switch("mock", "Also generate the test doubles (`mock` feature)").overrides_with("no-mock"))
        .arg(switch("no-mock", "Leave the test doubles out").overrides_with("mock"))
        .arg(switch("features-per-tag", "Put each tag's operations, and the types only they reach, behind a cargo feature named as its command-line group (`default = [\"full\"]`); on by default above 100 operations").overrides_with("no-features-per-tag"))
        .arg(switch("types-only", "Only the model types and their validation: no client, runtime, command line or mocks, and no reqwest or tokio (for servers and webhook receivers that share the API's types)"))
        .arg(switch("no-features-per-tag", "One crate with no tag features, whatever its size").overrides_with("features-per-tag"))
        .after_help(match (&defaults.spec, &defaults.out) {
            (Some(spec), Some(out)) => format!(
                "Without SPEC/--spec and OUT/--out: {} into {}, crate `{}`. The command line and test doubles are on unless --no-cli and --no-mock.",
                defaults.shown(spec),
                defaults.shown(out),
                defaults.crate_name
            ),
            _ => format!("SPEC and OUT are required. The crate is named `{}` unless --crate-name.", defaults.crate_name),
        })
}

fn api_version(text: &str) -> Result<String, String> {
    let valid = text.len() == 10
        && text.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    valid.then(|| text.to_string()).ok_or_else(|| "takes a date YYYY-MM-DD".to_string())
}

pub fn run(matches: &ArgMatches, defaults: &Defaults) -> ExitCode {
    let path = |positional: &str, flag: &str, default: &Option<PathBuf>| {
        matches
            .get_one::<PathBuf>(positional)
            .or_else(|| matches.get_one::<PathBuf>(flag))
            .or(default.as_ref())
            .cloned()
    };
    let (Some(spec), Some(out)) = (
        path("spec_positional", "spec", &defaults.spec),
        path("out_positional", "out", &defaults.out),
    ) else {
        eprintln!("error: give the spec and the output directory: {} codegen SPEC OUT (or --spec FILE --out DIR)", defaults.program);
        return ExitCode::from(2);
    };
    let flag = |name: &str| matches.get_flag(name);
    let options = Options {
        crate_name: matches
            .get_one::<String>("crate-name")
            .cloned()
            .unwrap_or_else(|| defaults.crate_name.clone()),
        crate_version: matches.get_one::<String>("crate-version").cloned().unwrap_or_default(),
        api_version: matches.get_one::<String>("api-version").cloned(),
        strict: flag("strict"),
        cli: if defaults.cli { !flag("no-cli") } else { flag("cli") },
        mock: if defaults.mock { !flag("no-mock") } else { flag("mock") },
        types_only: flag("types-only"),
        features_per_tag: if flag("features-per-tag") {
            Some(true)
        } else if flag("no-features-per-tag") {
            Some(false)
        } else {
            None
        },
        rules: crate::build::Rules {
            envelope_param: matches
                .get_one::<String>("envelope-param")
                .cloned()
                .or_else(|| defaults.envelope_param.clone()),
        },
    };
    let generated = match generate(&spec, &options) {
        Ok(generated) => generated,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::FAILURE;
        }
    };
    let mut out_text = String::new();
    if flag("report") {
        out_text.push_str(&format!(
            "operations: {}\ntypes: {}\ndegraded: {}\n",
            generated.operation_count,
            generated.type_count,
            generated.report.len()
        ));
    }
    for diagnostic in &generated.report {
        eprintln!("{diagnostic}");
    }
    let shown = defaults.shown(&out);
    if flag("check") {
        let drift = match write::check(&out, &generated.files) {
            Ok(drift) => drift,
            Err(e) => {
                eprintln!("error: reading {shown}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if drift.is_clean() {
            out_text
                .push_str(&format!("{shown} is up to date ({} files)\n", generated.files.len()));
            return finish(&out_text);
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
        eprintln!(
            "{shown} is out of date: run `{} codegen` and commit the result",
            defaults.program
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = write::write_atomically(&out, &generated.files) {
        eprintln!("error: writing {shown}: {e} (the previous tree is left as it was)");
        return ExitCode::FAILURE;
    }
    out_text.push_str(&format!("wrote {} files to {shown}\n", generated.files.len()));
    finish(&out_text)
}

fn finish(text: &str) -> ExitCode {
    write_output(text).err().unwrap_or(ExitCode::SUCCESS)
}
