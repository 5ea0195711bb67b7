//! `cargo xtask semver-check` (opt-in, slow): for a set of spec mutations, generate the old
//! and new crates and ask cargo-semver-checks whether the change needs a major release;
//! our spec diff must agree. Installs cargo-semver-checks into `target/semver/` if missing.

use std::path::Path;
use std::process::{Command, ExitCode};

use openapi_rust_gen::diff::{diff, Semver};
use openapi_rust_gen::{generate, write, Options};
use serde_json::{json, Value};

use crate::repo_root;

const SEMVER_CHECKS_VERSION: &str = "0.51.0";

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

fn tool(root: &Path) -> Result<std::path::PathBuf, String> {
    let install = root.join("target/semver");
    let binary = install.join("bin/cargo-semver-checks");
    if !binary.exists() {
        eprintln!(
            "installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into {}",
            install.display()
        );
        let status = Command::new(env!("CARGO"))
            .args([
                "install",
                "--quiet",
                "--locked",
                "cargo-semver-checks",
                "--version",
                SEMVER_CHECKS_VERSION,
                "--root",
            ])
            .arg(&install)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo install cargo-semver-checks failed".into());
        }
    }
    Ok(binary)
}

/// Whether cargo-semver-checks accepts `new` as a minor release of `old`.
fn semver_checks_minor_ok(
    binary: &Path,
    old: &Path,
    new: &Path,
    target: &Path,
) -> Result<bool, String> {
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
    Ok(output.status.success())
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
            let minor_ok = semver_checks_minor_ok(
                &binary,
                &work.join(&slug).join("old-crate"),
                &work.join(&slug).join("new-crate"),
                &root.join("target/semver/target"),
            )?;
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
