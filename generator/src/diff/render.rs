//! The two outputs: Markdown for a pull-request comment and JSON for tools.

use std::fmt::Write as _;

use super::{Change, Report};

/// Hosts cut comments at 65,536 characters; the Markdown stops before, saying so.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// How many operations a change lists by name before "and N more".
const NAMED_OPERATIONS: usize = 5;

/// Markdown for a pull-request comment: a headline with counts and the suggested version
/// bump, every breaking change, then the rest folded in `<details>` per tag. Past
/// [`MARKDOWN_LIMIT`] characters it ends with how many changes are left for the JSON report.
pub fn markdown(report: &Report, old_name: &str, new_name: &str) -> String {
    let mut md = String::new();
    let total = report.changes.len();
    let breaking = report.breaking();
    let bump = report.suggested_bump().map(|s| s.as_str()).unwrap_or("none");
    let _ = writeln!(md, "## API changes: `{old_name}` → `{new_name}`\n");
    if total == 0 {
        let _ =
            writeln!(md, "No changes to operations, parameters, bodies, responses or security.");
        return md;
    }
    let mut operations: Vec<&str> = report
        .changes
        .iter()
        .flat_map(|c| c.operations.iter().map(|r| r.operation.as_str()))
        .collect();
    operations.sort_unstable();
    operations.dedup();
    let _ = writeln!(
        md,
        "**{total} change{}, {breaking} breaking for API clients**, reaching {} operation{}. Suggested version bump of the generated crate: **{bump}**.\n",
        if total == 1 { "" } else { "s" },
        operations.len(),
        if operations.len() == 1 { "" } else { "s" },
    );
    let mut writer = Limited { md, written: 0, total };
    let breaking_changes: Vec<&Change> = report.changes.iter().filter(|c| c.breaking).collect();
    if !breaking_changes.is_empty() {
        writer.raw(&format!("### Breaking changes ({})\n\n", breaking_changes.len()));
        for change in breaking_changes {
            if !writer.change(change) {
                return writer.finish();
            }
        }
        writer.raw("\n");
    }
    let others: Vec<&Change> = report.changes.iter().filter(|c| !c.breaking).collect();
    if !others.is_empty() {
        writer.raw(&format!("### Other changes ({})\n\n", others.len()));
        let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
        for change in others {
            let tag = group_of(change);
            match groups.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, list)) => list.push(change),
                None => groups.push((tag, vec![change])),
            }
        }
        for (tag, changes) in groups {
            writer.raw(&format!("<details><summary>{tag} ({})</summary>\n\n", changes.len()));
            for change in changes {
                if !writer.change(change) {
                    writer.raw("\n</details>\n");
                    return writer.finish();
                }
            }
            writer.raw("\n</details>\n\n");
        }
    }
    writer.finish()
}

/// Where a non-breaking change is folded: its operations' tag, "Several tags" for a schema
/// shared across tags, "Whole API" for changes of no operation.
fn group_of(change: &Change) -> String {
    let mut tags: Vec<&str> = change
        .operations
        .iter()
        .map(|r| r.tags.first().map(String::as_str).unwrap_or("Untagged"))
        .collect();
    tags.dedup();
    tags.sort_unstable();
    tags.dedup();
    match tags.as_slice() {
        [] => "Whole API".into(),
        [one] => one.to_string(),
        _ => "Several tags".into(),
    }
}

/// The Markdown so far, and how many changes it shows.
struct Limited {
    md: String,
    written: usize,
    total: usize,
}

impl Limited {
    fn raw(&mut self, text: &str) {
        self.md.push_str(text);
    }

    /// Writes one change; `false` (and nothing written) when it would pass the limit.
    fn change(&mut self, change: &Change) -> bool {
        let line = change_line(change);
        // Room is kept for the closing lines.
        if self.md.len() + line.len() + 400 > MARKDOWN_LIMIT {
            return false;
        }
        self.md.push_str(&line);
        self.written += 1;
        true
    }

    fn finish(mut self) -> String {
        let left = self.total - self.written;
        if left > 0 {
            let _ = writeln!(self.md, "\n**{left} more change{}: see the JSON report** (`--format json`); this comment stops before the host's size limit.", if left == 1 { "" } else { "s" });
        }
        self.md
    }
}

/// `- location — message. Rust: `item` (minor). Used by 5 operations (request and response): ...`
fn change_line(change: &Change) -> String {
    let rust = change
        .rust_item
        .as_ref()
        .map(|i| format!(" Rust: `{i}` ({}).", change.semver.as_str()))
        .unwrap_or_else(|| format!(" Crate: {}.", change.semver.as_str()));
    let reach = match change.operations.as_slice() {
        [] => String::new(),
        [only] if change.location.starts_with(&only.method_path) => String::new(),
        reaches => {
            let mut names: Vec<&str> = reaches.iter().map(|r| r.operation.as_str()).collect();
            names.dedup();
            let mut directions: Vec<&str> =
                reaches.iter().map(|r| r.direction).filter(|d| *d != "operation").collect();
            directions.sort_unstable();
            directions.dedup();
            let how = match directions.as_slice() {
                [] => String::new(),
                [one] => format!(" ({one})"),
                _ => " (request and response)".to_string(),
            };
            let shown: Vec<String> =
                names.iter().take(NAMED_OPERATIONS).map(|n| format!("`{n}`")).collect();
            let more = names.len().saturating_sub(NAMED_OPERATIONS);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            format!(
                " Used by {} operation{}{how}: {}{more}.",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                shown.join(", ")
            )
        }
    };
    format!(
        "- {} — {}.{rust}{reach} <sub>`{}`</sub>\n",
        change.location, change.message, change.kind
    )
}

/// JSON with a stable, documented schema (docs/spec-review.md), version 2:
/// `{"schema": 2, "old", "new", "summary": {"changes", "breaking", "suggested_bump"},
/// "changes": [{"kind", "operation", "operations": [{"operation", "method_path", "direction"}],
/// "location", "message", "breaking", "semver", "rust_item"}]}`.
pub fn json(report: &Report, old_name: &str, new_name: &str) -> String {
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            let operations: Vec<serde_json::Value> =
                c.operations.iter().map(|r| serde_json::json!({"operation": r.operation, "method_path": r.method_path, "direction": r.direction})).collect();
            serde_json::json!({
                "kind": c.kind,
                "operation": c.operation,
                "operations": operations,
                "location": c.location,
                "message": c.message,
                "breaking": c.breaking,
                "semver": c.semver.as_str(),
                "rust_item": c.rust_item,
            })
        })
        .collect();
    let document = serde_json::json!({
        "schema": 2,
        "old": old_name,
        "new": new_name,
        "summary": {
            "changes": report.changes.len(),
            "breaking": report.breaking(),
            "suggested_bump": report.suggested_bump().map(|s| s.as_str()),
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
