//! `cargo xtask semver-check --releases GIT_DIR`: spec-diff's semver verdicts on real
//! upstream releases. For consecutive revisions of the published Atlas document in a clone
//! of the upstream SDK repository (`mongodb/atlas-sdk-go`), generate both crates, ask
//! cargo-semver-checks whether the newer one is a minor release of the older, and explain
//! every item it calls breaking with the spec-diff change that makes it. The documents are
//! read from the clone at run time and never copied into this repository.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, ExitCode};

use openapi_rust_gen::diff::{diff, Change, Semver};
use openapi_rust_gen::{generate, write, Options};

use crate::pinned::Section;
use crate::repo_root;
use crate::semver_check::{run_semver_checks, tool, Verdict};

/// The SDK-ready document, from which upstream's own SDK is generated.
pub const DEFAULT_PATH: &str = "openapi/atlas-api-transformed.yaml";
const SECTION: Section = Section {
    name: "semver-releases",
    heading_if_missing: "### Verdicts on real upstream releases\n\n",
};

/// One revision of the document: the commit and its date.
struct Revision {
    commit: String,
    date: String,
}

/// What one pair of consecutive revisions gave.
struct PairOutcome {
    old: Revision,
    new: Revision,
    ours: Semver,
    theirs: Verdict,
    /// Every item cargo-semver-checks calls breaking, with the spec-diff change explaining it.
    explained: Vec<(String, Option<String>)>,
    /// spec-diff's major changes, for the verdict's side of the table.
    major_changes: Vec<Change>,
}

pub fn run(git_dir: &Path, path: &str, count: usize) -> ExitCode {
    match run_pairs(git_dir, path, count) {
        Ok(outcomes) => {
            let table = render(&outcomes, path);
            println!("{table}");
            let doc = repo_root().join("docs/spec-review.md");
            if let Err(e) = SECTION.write(&doc, &table) {
                eprintln!("error: {}: {e}", doc.display());
                return ExitCode::FAILURE;
            }
            eprintln!("wrote the table into {}", doc.display());
            let unexplained = outcomes
                .iter()
                .flat_map(|o| &o.explained)
                .filter(|(_, change)| change.is_none())
                .count();
            let disagree = outcomes.iter().filter(|o| !agrees(o)).count();
            eprintln!(
                "{} pair(s): {disagree} verdict disagreement(s), {unexplained} breaking item(s) without a spec-diff entry",
                outcomes.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn agrees(outcome: &PairOutcome) -> bool {
    (outcome.ours == Semver::Major) == outcome.theirs.needs_major()
}

fn run_pairs(git_dir: &Path, path: &str, count: usize) -> Result<Vec<PairOutcome>, String> {
    let root = repo_root();
    let binary = tool(&root)?;
    let revisions = revisions(git_dir, path, count)?;
    if revisions.len() < 2 {
        return Err(format!("{path} has fewer than two revisions in {}", git_dir.display()));
    }
    let work = root.join("target/semver/releases");
    for revision in &revisions {
        prepare(git_dir, path, revision, &work.join(&revision.commit))?;
    }
    let mut outcomes = Vec::new();
    for pair in revisions.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        eprintln!("{} -> {}", old.commit, new.commit);
        let old_dir = work.join(&old.commit);
        let new_dir = work.join(&new.commit);
        let report = {
            let old_model = openapi_rust_gen::model(&old_dir.join("openapi.yaml"), None)
                .map_err(|e| e.to_string())?
                .0;
            let new_model = openapi_rust_gen::model(&new_dir.join("openapi.yaml"), None)
                .map_err(|e| e.to_string())?
                .0;
            diff(&old_model, &new_model)
        };
        let theirs = run_semver_checks(
            &binary,
            &old_dir.join("crate"),
            &new_dir.join("crate"),
            &root.join("target/semver/target"),
        )?;
        let explained = theirs
            .items
            .iter()
            .map(|item| (item.clone(), explain(item, &report.changes)))
            .collect();
        outcomes.push(PairOutcome {
            old: Revision { commit: old.commit.clone(), date: old.date.clone() },
            new: Revision { commit: new.commit.clone(), date: new.date.clone() },
            ours: report.suggested_bump().unwrap_or(Semver::Patch),
            theirs,
            explained,
            major_changes: report
                .changes
                .iter()
                .filter(|c| c.semver == Semver::Major)
                .cloned()
                .collect(),
        });
    }
    Ok(outcomes)
}

/// The newest `count` commits that changed `path`, oldest first.
fn revisions(git_dir: &Path, path: &str, count: usize) -> Result<Vec<Revision>, String> {
    let output = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["log", "--format=%h %ad", "--date=short", "-n", &count.to_string(), "--", path])
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        return Err(format!("git log: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let mut revisions: Vec<Revision> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(commit, date)| Revision { commit: commit.into(), date: date.into() })
        .collect();
    revisions.reverse();
    Ok(revisions)
}

/// The document at `revision`, and its crate (the full crate, default features).
fn prepare(git_dir: &Path, path: &str, revision: &Revision, dir: &Path) -> Result<(), String> {
    let spec = dir.join("openapi.yaml");
    if !spec.exists() {
        let output = Command::new("git")
            .arg("--git-dir")
            .arg(git_dir)
            .args(["show", &format!("{}:{path}", revision.commit)])
            .output()
            .map_err(|e| format!("git: {e}"))?;
        if !output.status.success() {
            return Err(format!("git show {}:{path} failed", revision.commit));
        }
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        std::fs::write(&spec, &output.stdout).map_err(|e| e.to_string())?;
    }
    let options = Options {
        crate_name: "atlas-admin".into(),
        crate_version: "1.0.0".into(),
        rules: openapi_rust_gen::build::Rules { envelope_param: Some("envelope".into()) },
        ..Options::default()
    };
    let generated = generate(&spec, &options).map_err(|e| format!("{}: {e}", revision.commit))?;
    let mut files = generated.files;
    // Each crate is its own workspace, outside ours.
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        manifest.push_str("\n[workspace]\n");
    }
    let crate_dir = dir.join("crate");
    // Unchanged files keep their times, so cargo-semver-checks' rustdoc of a crate is reused.
    let unchanged = files.iter().all(|(name, text)| {
        std::fs::read_to_string(crate_dir.join(name)).is_ok_and(|t| t == *text)
    });
    if unchanged {
        return Ok(());
    }
    write::write_atomically(&crate_dir, &files).map_err(|e| e.to_string())
}

/// The spec-diff change that explains one breaking item of cargo-semver-checks: the major
/// change whose Rust item shares the most path segments with the names in the item, the
/// item's last name among them.
fn explain(item: &str, changes: &[Change]) -> Option<String> {
    let names = names_in(item);
    let mut best: Option<(usize, &Change)> = None;
    for change in changes.iter().filter(|c| c.semver == Semver::Major) {
        let Some(rust_item) = &change.rust_item else { continue };
        let segments: Vec<&str> = rust_item_names(rust_item);
        let Some(last) = segments.last() else { continue };
        if !names.iter().any(|n| same_name(n, last)) {
            continue;
        }
        let score = segments.iter().filter(|s| names.iter().any(|n| same_name(n, s))).count();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, change));
        }
    }
    best.map(|(_, c)| explanation(c))
}

/// How a spec-diff change is named in the table.
fn explanation(c: &Change) -> String {
    format!("`{}` {}: {}", c.kind, c.rust_item.as_deref().unwrap_or(""), c.location)
}

/// The same name in another case: a builder `operations::ListPipelines` is the struct of the
/// method `Client::list_pipelines`, a feature `data-lake` the group `data_lake`.
fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
    };
    fold(a) == fold(b)
}

/// An item line without the file it points at, which is a path of this machine.
fn without_file(item: &str) -> &str {
    let item = item.split(" in /").next().unwrap_or(item);
    item.split(", previously in file").next().unwrap_or(item)
}

/// The Rust names in a cargo-semver-checks item line, without the file it points at.
fn names_in(item: &str) -> Vec<String> {
    without_file(item)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The names of a spec-diff Rust item such as `types::OrgRole::OrgOwner` or
/// `GetOrgInvite::username` (a method written `name()` or with arguments keeps its name).
fn rust_item_names(rust_item: &str) -> Vec<&str> {
    rust_item
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty() && !["types", "crate", "feature"].contains(w))
        .collect()
}

fn render(outcomes: &[PairOutcome], path: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Generated by `cargo xtask semver-check --releases <clone of mongodb/atlas-sdk-go>` from `{path}` \
         ({} revisions, newest last). cargo-semver-checks {} with `--release-type minor` on the \
         full crates (default features).\n\n",
        outcomes.len() + 1,
        crate::semver_check::SEMVER_CHECKS_VERSION,
    ));
    out.push_str("| old → new | spec-diff | cargo-semver-checks | agree | breaking items (semver-checks) | explained by spec-diff |\n|---|---|---|---|---|---|\n");
    for o in outcomes {
        let explained = o.explained.iter().filter(|(_, c)| c.is_some()).count();
        out.push_str(&format!(
            "| {} ({}) → {} ({}) | {} ({} major changes) | {} | {} | {} | {} |\n",
            o.old.commit,
            o.old.date,
            o.new.commit,
            o.new.date,
            o.ours.as_str(),
            o.major_changes.len(),
            if o.theirs.needs_major() { "needs major" } else { "minor is enough" },
            if agrees(o) { "yes" } else { "NO" },
            o.explained.len(),
            explained,
        ));
    }
    for o in outcomes {
        out.push_str(&format!("\n#### {} → {}\n\n", o.old.commit, o.new.commit));
        if o.theirs.lints.is_empty() {
            out.push_str("cargo-semver-checks: no breaking item.\n");
        } else {
            out.push_str("cargo-semver-checks lints: ");
            let lints: Vec<String> =
                o.theirs.lints.iter().map(|(lint, n)| format!("`{lint}` ×{n}")).collect();
            out.push_str(&lints.join(", "));
            out.push_str(
                "\n\n| breaking item (cargo-semver-checks) | spec-diff entry |\n|---|---|\n",
            );
            for (item, change) in &o.explained {
                out.push_str(&format!(
                    "| {} | {} |\n",
                    without_file(item).replace('|', "\\|"),
                    change.as_deref().unwrap_or("**none**").replace('|', "\\|")
                ));
            }
        }
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for change in &o.major_changes {
            *kinds.entry(change.kind).or_default() += 1;
        }
        if !kinds.is_empty() {
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("`{k}` ×{n}")).collect();
            out.push_str(&format!("\nspec-diff major changes by kind: {}.\n", kinds.join(", ")));
        }
        // The other direction: spec-diff's major changes that no cargo-semver-checks item names.
        let unflagged: Vec<&Change> = o
            .major_changes
            .iter()
            .filter(|c| !o.explained.iter().any(|(_, e)| e.as_deref() == Some(&explanation(c))))
            .collect();
        if !unflagged.is_empty() {
            out.push_str("\nspec-diff major changes no cargo-semver-checks item names:\n\n| spec-diff entry | message |\n|---|---|\n");
            for change in unflagged {
                out.push_str(&format!(
                    "| {} | {} |\n",
                    explanation(change).replace('|', "\\|"),
                    change.message.replace('|', "\\|")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: &'static str, rust_item: &str) -> Change {
        Change {
            kind,
            operation: None,
            operations: Vec::new(),
            location: format!("at {rust_item}"),
            message: String::new(),
            breaking: true,
            semver: Semver::Major,
            rust_item: Some(rust_item.into()),
        }
    }

    #[test]
    fn an_item_is_explained_by_the_change_of_the_same_rust_item() {
        let changes = [
            change("enum-value-removed", "types::ProjectRole::GroupOwner"),
            change("enum-value-removed", "types::OrgRole::GroupOwner"),
        ];
        let found =
            explain("variant OrgRole::GroupOwner, previously in file /x/src/types.rs:10", &changes);
        assert_eq!(
            found.as_deref(),
            Some("`enum-value-removed` types::OrgRole::GroupOwner: at types::OrgRole::GroupOwner")
        );
        assert_eq!(explain("variant Other::Thing in /x/src/types.rs:3", &changes), None);
        let removed = [change("operation-removed", "Client::list_pipelines")];
        assert!(explain(
            "struct probe::operations::ListPipelines, previously in file /x",
            &removed
        )
        .is_some());
        let feature = [change("tag-removed", "feature `data-lake-pipelines`")];
        assert!(
            explain("feature data-lake-pipelines in the package's Cargo.toml", &feature).is_some()
        );
    }
}
