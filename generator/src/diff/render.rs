//! The two outputs: Markdown for a pull-request comment and JSON for tools.

use std::fmt::Write as _;

use super::Report;

/// Markdown: a headline with counts and the suggested version bump, then breaking changes
/// and the rest, each grouped by operation.
pub fn markdown(report: &Report, old_name: &str, new_name: &str) -> String {
    let mut md = String::new();
    let total = report.changes.len();
    let breaking = report.breaking();
    let bump = report.suggested_bump().map(|s| s.as_str()).unwrap_or("none");
    let _ = writeln!(md, "## API changes: `{old_name}` → `{new_name}`\n");
    if total == 0 {
        let _ = writeln!(md, "No changes to operations, parameters, bodies, responses or security.");
        return md;
    }
    let _ = writeln!(md, "**{total} change{}, {breaking} breaking for API clients.** Suggested version bump of the generated crate: **{bump}**.\n", if total == 1 { "" } else { "s" });
    for (title, want_breaking) in [("Breaking changes", true), ("Other changes", false)] {
        let selected: Vec<_> = report.changes.iter().filter(|c| c.breaking == want_breaking).collect();
        if selected.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {title} ({})\n", selected.len());
        let mut groups: Vec<(Option<&String>, Vec<&super::Change>)> = Vec::new();
        for change in selected {
            match groups.iter_mut().find(|(op, _)| *op == change.operation.as_ref()) {
                Some((_, list)) => list.push(change),
                None => groups.push((change.operation.as_ref(), vec![change])),
            }
        }
        for (operation, changes) in groups {
            let _ = writeln!(md, "#### {}\n", operation.map(|o| format!("`{o}`")).unwrap_or_else(|| "Whole API".into()));
            for change in changes {
                let rust = change.rust_item.as_ref().map(|i| format!(" Rust: `{i}` ({}).", change.semver.as_str())).unwrap_or_else(|| format!(" Crate: {}.", change.semver.as_str()));
                let _ = writeln!(md, "- {} — {}.{rust} <sub>`{}`</sub>", change.location, change.message, change.kind);
            }
            let _ = writeln!(md);
        }
    }
    md
}

/// JSON with a stable, documented schema (see the README, "Spec diff"):
/// `{"schema": 1, "old", "new", "summary": {"changes", "breaking", "suggested_bump"},
/// "changes": [{"kind", "operation", "location", "message", "breaking", "semver", "rust_item"}]}`.
pub fn json(report: &Report, old_name: &str, new_name: &str) -> String {
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind,
                "operation": c.operation,
                "location": c.location,
                "message": c.message,
                "breaking": c.breaking,
                "semver": c.semver.as_str(),
                "rust_item": c.rust_item,
            })
        })
        .collect();
    let document = serde_json::json!({
        "schema": 1,
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
