//! `upstream-check [UPSTREAM]`: is our hand-written spec still true? Each operation of our
//! spec is matched with the upstream operation of the same method and path, and every
//! factual difference is reported (prose is never compared): parameters, bodies, status
//! codes, media-type versions, security, deprecation and sunset, operationIds; also
//! upstream operations under our paths that we lack. Differences we keep on purpose are
//! listed, each with its reason, in a reviewed file (`spec/upstream-differences.yaml`);
//! only the others are drift.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{value_parser, Arg, ArgMatches, Command};
use serde_json::Value;

use super::{spec_diff, write_output, Defaults};
use crate::diff::{self, Change};

pub fn command(defaults: &Defaults) -> Command {
    Command::new("upstream-check")
        .about("Report where our spec differs from the upstream document, less the differences explained on purpose")
        .arg(Arg::new("upstream").value_name("UPSTREAM").value_parser(value_parser!(PathBuf)).help("The upstream OpenAPI document"))
        .arg(Arg::new("ours").long("ours").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Our spec"))
        .arg(Arg::new("explained").long("explained").value_name("FILE").value_parser(value_parser!(PathBuf)).help("The reviewed list of intentional differences"))
        .arg(Arg::new("format").long("format").value_name("FORMAT").value_parser(["markdown", "json"]).default_value("markdown").help("Markdown for people, JSON for tools"))
        .arg(Arg::new("fail-on").long("fail-on").value_name("WHAT").value_parser(["drift"]).help("Exit 1 if anything is unexplained"))
        .args(spec_diff::filter_args())
        .after_help(match (&defaults.upstream, &defaults.explained) {
            (Some(upstream), Some(explained)) => format!(
                "Defaults: UPSTREAM {}, --ours {}, --explained {}.",
                upstream.display(),
                defaults.spec.as_deref().map(|s| defaults.shown(s)).unwrap_or_default(),
                defaults.shown(explained)
            ),
            _ => "UPSTREAM and --ours are required; --explained is optional.".into(),
        })
}

/// One reviewed difference: which changes it explains, and why we keep them.
#[derive(Debug)]
pub struct Explanation {
    pub kind: String,
    /// The change's location; `*` stands for any text.
    pub location: String,
    /// Text the change's message must contain, if given.
    pub message: Option<String>,
    pub reason: String,
}

impl Explanation {
    fn explains(&self, change: &Change) -> bool {
        self.kind == change.kind
            && wildcard(&self.location, &change.location)
            && self.message.as_ref().is_none_or(|m| change.message.contains(m.as_str()))
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first)
        || !text[first.len()..].ends_with(last)
        || text.len() < first.len() + last.len()
    {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Reads the reviewed file: a YAML list of `{kind, location, message?, reason}`.
pub fn read_explanations(path: &Path) -> Result<Vec<Explanation>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let entries = value
        .as_array()
        .ok_or_else(|| format!("{}: expected a list of explained differences", path.display()))?;
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let field = |name: &str| entry.get(name).and_then(Value::as_str).map(str::to_string);
            let required = |name: &str| {
                field(name)
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| format!("{}: entry {} has no `{name}`", path.display(), i + 1))
            };
            Ok(Explanation {
                kind: required("kind")?,
                location: required("location")?,
                message: field("message"),
                reason: required("reason")?,
            })
        })
        .collect()
}

/// The drift: changes from our spec to upstream about our operations, less the explained
/// ones; and the explanations that explained nothing (stale).
pub fn check(
    ours: &crate::model::Api,
    upstream: &crate::model::Api,
    explanations: &[Explanation],
) -> (diff::Report, Vec<usize>) {
    let mut report = diff::diff(ours, upstream);
    // The Rust name a schema gets, and so which names our crate has, is ours to choose, not
    // a fact of the API; so are the command-line groups.
    report
        .changes
        .retain(|change| !["type-renamed", "type-removed", "tag-removed"].contains(&change.kind));
    let our_paths: Vec<&str> = ours.operations.iter().map(|op| op.path.as_str()).collect();
    // Upstream's operations are all "added" against ours: keep only those under our paths.
    report.changes.retain(|change| {
        change.kind != "operation-added"
            || change.operations.iter().any(|r| {
                r.method_path
                    .split_once(' ')
                    .is_some_and(|(_, path)| our_paths.iter().any(|ours| path.starts_with(ours)))
            })
    });
    let mut used = vec![false; explanations.len()];
    report.changes.retain(|change| match explanations.iter().position(|e| e.explains(change)) {
        Some(index) => {
            used[index] = true;
            false
        }
        None => true,
    });
    let stale = used.iter().enumerate().filter(|(_, used)| !**used).map(|(i, _)| i).collect();
    (report, stale)
}

pub fn run(matches: &ArgMatches, defaults: &Defaults) -> ExitCode {
    let upstream =
        matches.get_one::<PathBuf>("upstream").cloned().or_else(|| defaults.upstream.clone());
    let ours = matches.get_one::<PathBuf>("ours").cloned().or_else(|| defaults.spec.clone());
    let explained =
        matches.get_one::<PathBuf>("explained").cloned().or_else(|| defaults.explained.clone());
    let (Some(upstream), Some(ours)) = (upstream, ours) else {
        eprintln!("error: give the upstream document and our spec: {} upstream-check UPSTREAM --ours FILE", defaults.program);
        return ExitCode::from(2);
    };
    let explanations = match explained
        .filter(|p| p.exists() || matches.get_one::<PathBuf>("explained").is_some())
    {
        Some(path) => match read_explanations(&path) {
            Ok(list) => list,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
    let load =
        |path: &Path| crate::model(path, None).map(|(api, _)| api).map_err(|e| e.to_string());
    let (ours_api, upstream_api) = match (load(&ours), load(&upstream)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut report, stale) = check(&ours_api, &upstream_api, &explanations);
    spec_diff::apply_filters(&mut report, matches);
    for index in stale {
        let e = &explanations[index];
        eprintln!(
            "warning: the explained difference `{}` at `{}` no longer occurs: remove it ({})",
            e.kind, e.location, e.reason
        );
    }
    let (ours_name, upstream_name) = (defaults.shown(&ours), defaults.shown(&upstream));
    let text = match matches.get_one::<String>("format").map(String::as_str) {
        Some("json") => diff::json(&report, &ours_name, &upstream_name),
        _ => {
            let md = diff::markdown(&report, &ours_name, &upstream_name);
            let title = format!("## Upstream drift: `{ours_name}` against `{upstream_name}`\n\n{} difference(s) not explained in the reviewed list ({} explained on purpose).\n\n", report.changes.len(), explanations.len());
            // The diff's own headline follows; its heading level fits under ours.
            format!(
                "{title}{}",
                md.replacen("## API changes", "### Changes from ours to upstream", 1)
            )
        }
    };
    if let Err(code) = write_output(&text) {
        return code;
    }
    if matches.get_one::<String>("fail-on").is_some() && !report.changes.is_empty() {
        eprintln!("{} unexplained difference(s) from upstream", report.changes.len());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
