//! Why each operation a contract run did not accept and decode ended so: a cause per
//! operation, from Prism's findings and the decoder's message, and `docs/contract-remaining.md`
//! listing every such operation under its cause (written by `cargo xtask contract --corpus`).
//! A cause is a Prism limitation only when `tools/contract/limitations/` proves it on a
//! minimal case (`e2e/tests/prism_limitations.rs`); one that matches no rule is "not triaged".

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

const PRISM: &str = "Prism limitation (proven on a minimal case)";
const DOCUMENT: &str =
    "Document defect (its example contradicts its schema, or it breaks an OpenAPI rule)";
const EXAMPLE: &str = "The generator's example value is not specific enough";
const CLIENT: &str = "Not supported by the generated client yet";
const NOT_TRIAGED: &str = "Not triaged";

/// Causes found by hand (`tools/contract/triage.tsv`), by document and operation: a group
/// and a line.
pub type Triage = BTreeMap<(String, String), (&'static str, String)>;

/// `tools/contract/triage.tsv`, or nothing when it cannot be read.
pub fn triage(root: &std::path::Path) -> Triage {
    let text = std::fs::read_to_string(root.join("tools/contract/triage.tsv")).unwrap_or_default();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut columns = line.splitn(4, '\t');
            let (document, operation, group, cause) =
                (columns.next()?, columns.next()?, columns.next()?, columns.next()?);
            let group = match group {
                "document" => DOCUMENT,
                "example" => EXAMPLE,
                "client" => CLIENT,
                // Only with a minimal case in tools/contract/limitations/ that the line names.
                "prism" => PRISM,
                _ => return None,
            };
            Some(((document.to_string(), operation.to_string()), (group, cause.to_string())))
        })
        .collect()
}

/// The cause of one operation's outcome: its group and a line saying what happened.
pub fn cause(result: &Value) -> (&'static str, String) {
    let reason = result["reason"].as_str().unwrap_or_default();
    let outcome = result["outcome"].as_str().unwrap_or_default();
    let has = |text: &str| reason.contains(text);
    let line = |text: &str| text.to_string();
    if has("required property 'content-type'") || has("header.accept") {
        return (PRISM, line("a Content-Type or Accept header parameter, which OpenAPI says SHALL be ignored (content-type-header-parameter.yaml)"));
    }
    if has("Cannot find serializer") {
        return (PRISM, line("a JSON-lines reply (ndjson-reply.yaml)"));
    }
    if has("Body parameter is required") {
        return (PRISM, line("an empty required form body (empty-form-body.yaml)"));
    }
    if has("path parameter") && has("must be string") {
        return (PRISM, line("a comma in a string path parameter (comma-in-path-parameter.yaml)"));
    }
    if outcome == "failed" && has("Prism exited") && has("Invalid character in header content") {
        return (PRISM, line("Prism exits when a finding on its reply quotes text outside Latin-1 (non-latin1-violation.yaml)"));
    }
    if outcome == "decode_failed" && has("expected i64") {
        // Prism replies with the document's example; an int64 field's example past i64::MAX
        // (DigitalOcean's 9223372036854776000) breaks the format, not Prism.
        return (DOCUMENT, line("an int64 field whose example is beyond 64 bits"));
    }
    if outcome == "rejected"
        && has("path parameter")
        && (has("must match format") || has("must be integer"))
    {
        return (DOCUMENT, line("two paths that differ only in a parameter's name (`/Contacts/{ContactID}` beside `/Contacts/{ContactNumber}`: OpenAPI calls them identical and invalid); Prism matches the other one"));
    }
    // Prism's findings on its own reply follow the request's; only the request's count here.
    let request_part = reason.split("; response.").next().unwrap_or(reason);
    if outcome == "rejected" && request_part.contains("must be object") {
        return (DOCUMENT, line("a `type: object` schema whose `oneOf` choices are all strings (Atlas' alert `eventTypeName` and stream `region`): no value is both"));
    }
    if outcome == "rejected" && has("must match exactly one schema in oneOf") {
        return (EXAMPLE, line("a oneOf whose choices the example's value matches more than once"));
    }
    if outcome == "rejected" && has("Invalid security scheme used") {
        return (CLIENT, line("an operation whose only security scheme is not the one the client's credentials are for (one set of credentials per client)"));
    }
    if outcome == "rejected" && (300..400).contains(&result["status"].as_u64().unwrap_or(0)) {
        return (DOCUMENT, line("the only documented replies are redirects (no 2xx)"));
    }
    if outcome == "decode_failed" {
        if has("expected f64") && has("invalid type: string") {
            return (DOCUMENT, line("a number given as a string"));
        }
        if has("trailing input") {
            return (DOCUMENT, line("a `format: date` value given as a date-time"));
        }
        if has("expected a sequence") && has("invalid type: string") {
            return (DOCUMENT, line("one value where the schema has an array"));
        }
        if has("missing field") {
            return (DOCUMENT, line("a required property missing"));
        }
    }
    // Without the decoder's position, so one cause is one line however many replies it hit.
    let reason = reason.split(" at line ").next().unwrap_or(reason);
    let short: String = reason.chars().take(120).collect();
    (NOT_TRIAGED, format!("{outcome}: {short}"))
}

/// `docs/contract-remaining.md`: every operation not accepted and decoded, by cause and
/// document, from the runs' `(document, results)`.
pub fn remaining(runs: &[(String, Vec<Value>)], triage: &Triage) -> String {
    let mut groups: BTreeMap<(&'static str, String), BTreeMap<String, Vec<String>>> =
        BTreeMap::new();
    let (mut all, mut left) = (0, 0);
    for (document, results) in runs {
        for result in results {
            all += 1;
            if result["outcome"] == "accepted" {
                continue;
            }
            left += 1;
            let id = result["id"].as_str().unwrap_or_default().to_string();
            // A cause found by hand reads the document, so it is more specific than a rule
            // that reads only Prism's message.
            let (group, line) = match triage.get(&(document.clone(), id.clone())) {
                Some((group, cause)) => (*group, format!("{cause} (triaged by hand)")),
                None => cause(result),
            };
            groups.entry((group, line)).or_default().entry(document.clone()).or_default().push(id);
        }
    }
    let mut md = format!("# What a contract run left, operation by operation\n\nWritten by `cargo xtask contract --corpus`: the {left} of {all} operations not accepted and decoded, each under its cause (`xtask/src/contract_causes.rs`, then `tools/contract/triage.tsv` for causes found by hand; the minimal cases of the Prism limitations are in `tools/contract/limitations/`, proven by `e2e/tests/prism_limitations.rs`).\n");
    let mut current = "";
    for ((group, line), documents) in &groups {
        if *group != current {
            let count: usize = groups
                .iter()
                .filter(|((g, _), _)| g == group)
                .map(|(_, d)| d.values().map(Vec::len).sum::<usize>())
                .sum();
            let _ = write!(md, "\n## {group}: {count}\n");
            current = group;
        }
        let count: usize = documents.values().map(Vec::len).sum();
        let _ = write!(md, "\n- **{}** ({count}):", line.replace('|', "/").replace('\n', " "));
        for (document, ids) in documents {
            let _ = write!(
                md,
                " {document}: {};",
                ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
            );
        }
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn causes_found_by_hand_first_then_rules_then_not_triaged() {
        let mut triage = Triage::new();
        triage.insert(("doc".into(), "b".into()), (DOCUMENT, "a 204 with a body".into()));
        triage.insert(("doc".into(), "e".into()), (DOCUMENT, "no choice requires anything".into()));
        let results = vec![
            json!({"id": "e", "outcome": "rejected", "status": 422, "reason": "Prism: request.body: Request body must match exactly one schema in oneOf"}),
            json!({"id": "f", "outcome": "rejected", "status": 422, "reason": "Prism: request.body: Request body must match exactly one schema in oneOf; response.body.a: Response body property a must be object"}),
            json!({"id": "a", "outcome": "rejected", "status": 422, "reason": "Prism: request: Invalid security scheme used"}),
            json!({"id": "b", "outcome": "decode_failed", "reason": "EOF while parsing a value at line 1 column 0"}),
            json!({"id": "c", "outcome": "decode_failed", "reason": "EOF while parsing a value at line 1 column 0"}),
            json!({"id": "d", "outcome": "accepted"}),
        ];
        let md = remaining(&[("doc".to_string(), results)], &triage);
        assert!(md.contains("the 5 of 6 operations"), "{md}");
        // A cause found by hand wins over the rule Prism's message matches.
        assert!(
            md.contains("no choice requires anything (triaged by hand)** (1): doc: `e`;"),
            "{md}"
        );
        // Prism's findings on its own reply do not decide the request's cause.
        assert!(md.contains("matches more than once** (1): doc: `f`;"), "{md}");
        assert!(md.contains("## Not supported by the generated client yet: 1"), "{md}");
        assert!(md.contains("a 204 with a body (triaged by hand)** (1): doc: `b`;"), "{md}");
        assert!(md.contains("## Not triaged: 1"), "{md}");
        assert!(md.contains("doc: `c`;"), "{md}");
    }
}
