//! `cargo xtask semver-check` (opt-in, slow): for a set of spec mutations, generate the old
//! and new crates and ask cargo-semver-checks whether the change needs a major release;
//! our spec diff must agree. Installs cargo-semver-checks into `target/semver/` if missing.

use std::path::Path;
use std::process::{Command, ExitCode};

use openapi_rust_gen::diff::{diff, Semver};
use openapi_rust_gen::{generate, write, Options};
use serde_json::{json, Value};

use crate::repo_root;

pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

type Mutation = (&'static str, fn(&mut Value));

fn mutations() -> Vec<Mutation> {
    const ORG_INVITE: &str = "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}";
    const ORG_INVITES: &str = "/api/atlas/v2/orgs/{orgId}/invites";
    vec![
        ("operation removed", |d| {
            d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("delete");
        }),
        ("operation renamed", |d| {
            d["paths"][ORG_INVITE]["get"]["operationId"] = json!("getOrganizationInvitation")
        }),
        ("optional parameter added", |d| {
            d["paths"][ORG_INVITE]["get"]["parameters"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "verbose", "in": "query", "schema": {"type": "boolean"}}))
        }),
        ("parameter removed", |d| {
            d["paths"][ORG_INVITES]["get"]["parameters"]
                .as_array_mut()
                .unwrap()
                .retain(|p| p["name"] != "username")
        }),
        ("enum value added", |d| {
            d["components"]["schemas"]["OrgRole"]["enum"]
                .as_array_mut()
                .unwrap()
                .push(json!("ORG_AUDITOR"))
        }),
        ("enum value removed", |d| {
            d["components"]["schemas"]["ProjectRole"]["enum"]
                .as_array_mut()
                .unwrap()
                .retain(|v| v != "GROUP_OWNER")
        }),
        ("response property added", |d| {
            d["components"]["schemas"]["OrganizationInvitation"]["properties"]["note"] =
                json!({"type": "string"})
        }),
        ("pattern changed", |d| {
            d["components"]["parameters"]["orgId"]["schema"]["pattern"] = json!("^[a-f0-9]{32}$")
        }),
        ("sunset changed", |d| d["paths"][ORG_INVITE]["get"]["x-sunset"] = json!("2026-12-31")),
    ]
}

pub fn tool(root: &Path) -> Result<std::path::PathBuf, String> {
    crate::pinned::cargo_tool(root, "semver", "cargo-semver-checks", SEMVER_CHECKS_VERSION)
}

/// What cargo-semver-checks said of a minor release.
pub struct Verdict {
    /// Whether the run failed (some lint needs a major release).
    failed: bool,
    /// Each failing lint and how many items it names, in its order.
    pub lints: Vec<(String, usize)>,
    /// Every item named under a failing lint's "Failed in:", as printed.
    pub items: Vec<String>,
}

impl Verdict {
    pub fn needs_major(&self) -> bool {
        self.failed
    }
}

/// Runs cargo-semver-checks on `new` as a minor release of `old`.
pub fn run_semver_checks(
    binary: &Path,
    old: &Path,
    new: &Path,
    target: &Path,
) -> Result<Verdict, String> {
    let output = Command::new(binary)
        .args(["semver-checks", "check-release", "--release-type", "minor", "--baseline-root"])
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && !stderr.contains("Summary") {
        return Err(format!(
            "cargo-semver-checks did not run: {}",
            stderr.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
        ));
    }
    // The report is on standard output; progress lines (indented too) on standard error.
    let (lints, items) = failures(&String::from_utf8_lossy(&output.stdout));
    Ok(Verdict { failed: !output.status.success(), lints, items })
}

/// The failing lints and their items in cargo-semver-checks' text output:
/// `--- failure LINT: ... ---`, then the item lines indented under `Failed in:`.
fn failures(text: &str) -> (Vec<(String, usize)>, Vec<String>) {
    let mut lints: Vec<(String, usize)> = Vec::new();
    let mut items = Vec::new();
    let mut in_items = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            let lint = rest.split(':').next().unwrap_or(rest).trim().to_owned();
            lints.push((lint, 0));
            in_items = false;
        } else if line.trim_end() == "Failed in:" {
            in_items = true;
        } else if in_items && line.starts_with("  ") && !line.trim().is_empty() {
            // One item per indented line; a blank line ends the list.
            items.push(line.trim().to_owned());
            if let Some((_, n)) = lints.last_mut() {
                *n += 1;
            }
        } else if in_items {
            in_items = false;
        }
    }
    (lints, items)
}

pub fn run() -> ExitCode {
    let root = repo_root();
    let binary = match tool(&root) {
        Ok(binary) => binary,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let work = root.join("target/semver/work");
    let base_spec = root.join("spec/atlas-invites.yaml");
    let base: Value = match openapi_rust_gen::load::load_document(&base_spec) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options {
        crate_name: "semver-probe".into(),
        crate_version: "1.0.0".into(),
        rules: openapi_rust_gen::build::Rules { envelope_param: Some("envelope".into()) },
        ..Options::default()
    };
    let mut disagreements = 0;
    println!("| mutation | our verdict | cargo-semver-checks | agree |\n|---|---|---|---|");
    for (name, mutate) in mutations() {
        let slug = name.replace(' ', "-");
        let mut changed = base.clone();
        mutate(&mut changed);
        let result = (|| -> Result<(Semver, bool), String> {
            let old_spec = work.join(format!("{slug}/old.json"));
            let new_spec = work.join(format!("{slug}/new.json"));
            std::fs::create_dir_all(old_spec.parent().unwrap()).map_err(|e| e.to_string())?;
            std::fs::write(&old_spec, base.to_string()).map_err(|e| e.to_string())?;
            std::fs::write(&new_spec, changed.to_string()).map_err(|e| e.to_string())?;
            let ours = {
                let old = openapi_rust_gen::model(&old_spec, None).map_err(|e| e.to_string())?.0;
                let new = openapi_rust_gen::model(&new_spec, None).map_err(|e| e.to_string())?.0;
                diff(&old, &new).suggested_bump().unwrap_or(Semver::Patch)
            };
            for (spec, dir) in [(&old_spec, "old-crate"), (&new_spec, "new-crate")] {
                let generated = generate(spec, &options).map_err(|e| e.to_string())?;
                let mut files = generated.files;
                // Each probe crate is its own workspace, outside ours.
                if let Some(manifest) = files.get_mut("Cargo.toml") {
                    manifest.push_str("\n[workspace]\n");
                }
                write::write_atomically(&work.join(&slug).join(dir), &files)
                    .map_err(|e| e.to_string())?;
            }
            let minor_ok = !run_semver_checks(
                &binary,
                &work.join(&slug).join("old-crate"),
                &work.join(&slug).join("new-crate"),
                &root.join("target/semver/target"),
            )?
            .needs_major();
            Ok((ours, minor_ok))
        })();
        match result {
            Ok((ours, minor_ok)) => {
                let agree = (ours == Semver::Major) != minor_ok;
                if !agree {
                    disagreements += 1;
                }
                println!(
                    "| {name} | {} | {} | {} |",
                    ours.as_str(),
                    if minor_ok { "minor is enough" } else { "needs major" },
                    if agree { "yes" } else { "NO" }
                );
            }
            Err(e) => {
                disagreements += 1;
                println!("| {name} | error | {e} | NO |");
            }
        }
    }
    if disagreements > 0 {
        eprintln!(
            "{disagreements} mutation(s) where our semver verdict and cargo-semver-checks disagree"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::failures;

    #[test]
    fn the_items_under_each_failing_lint_are_read() {
        let text = "\
--- failure struct_missing: pub struct removed or renamed ---

Description:
A publicly-visible struct cannot be imported by its prior path.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove

Failed in:
  struct probe::types::Old, previously in file /x/src/types.rs:3
  struct probe::types::Older, previously in file /x/src/types.rs:9

--- failure feature_missing: package feature removed or renamed ---

Failed in:
  feature tag-a in the package's Cargo.toml

     Summary semver requires new major version
";
        let (lints, items) = failures(text);
        assert_eq!(lints, [("struct_missing".to_owned(), 2), ("feature_missing".to_owned(), 1)]);
        assert_eq!(items.len(), 3);
        assert_eq!(items[2], "feature tag-a in the package's Cargo.toml");
    }
}
