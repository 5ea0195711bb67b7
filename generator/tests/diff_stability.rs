//! A spec edit shows in the generated crate as the lines that describe it and no others: no
//! neighbour re-wrapped, no line moved. Each single-step edit is applied to a copy of our
//! spec; both copies are generated (with the command line and the mocks, as our crate is)
//! and compared line by line.

use std::collections::BTreeMap;
use std::path::Path;

use openapi_rust_gen::{generate, Options};
use serde_json::{json, Value};

fn base() -> Value {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/atlas-invites.yaml");
    openapi_rust_gen::load::load_document(&spec).unwrap()
}

/// The generated files of `document`, written under the same file name as our spec so that
/// headers agree.
fn files(document: &Value, slot: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-stability").join(slot);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("atlas-invites.yaml");
    std::fs::write(&spec, serde_json::to_string_pretty(document).unwrap()).unwrap();
    let options = Options {
        crate_name: "atlas-invites".into(),
        cli: true,
        mock: true,
        rules: openapi_rust_gen::build::Rules { envelope_param: Some("envelope".into()) },
        ..Options::default()
    };
    generate(&spec, &options).unwrap_or_else(|e| panic!("{slot}: {e}")).files.into_iter().collect()
}

/// Every changed line, as `file: +line` or `file: -line`.
fn changed_lines(edit: &str, mutate: impl FnOnce(&mut Value)) -> Vec<String> {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    let (before, after) =
        (files(&old, &format!("{edit}-old")), files(&new, &format!("{edit}-new")));
    let mut changes = Vec::new();
    for (path, text) in &after {
        let previous = before.get(path).map(String::as_str).unwrap_or("");
        for change in similar::TextDiff::from_lines(previous, text).iter_all_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => continue,
            };
            changes.push(format!("{path}: {sign}{}", change.value().trim_end()));
        }
    }
    assert!(before.keys().all(|path| after.contains_key(path)), "no file disappears");
    changes
}

fn removed(changes: &[String]) -> Vec<&String> {
    changes.iter().filter(|c| c.split_once(": ").is_some_and(|(_, l)| l.starts_with('-'))).collect()
}

fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

#[test]
fn an_optional_property_adds_its_doc_its_field_and_its_serde_entry() {
    let changes = changed_lines("property", |d| {
        schema(d, "OrganizationInvitation")["properties"]["invitedVia"] = json!({"type": "string", "readOnly": true, "description": "How the invitation was sent."});
    });
    assert_eq!(
        changes,
        [
            "src/types.rs: +    /// How the invitation was sent. Read-only: set by the server.",
            "src/types.rs: +    pub invited_via: Option<String>,",
            "src/types.rs: +    invited_via = \"invitedVia\",",
        ]
    );
}

#[test]
fn an_enum_value_adds_its_variant_and_match_arms_and_changes_only_the_lists_of_values() {
    let changes = changed_lines("enum", |d| {
        schema(d, "OrgRole")["enum"].as_array_mut().unwrap().push(json!("ORG_AUDITOR"))
    });
    let added: Vec<&String> = changes.iter().filter(|c| c.contains(": +")).collect();
    for line in [
        "src/types.rs: +    /// `ORG_AUDITOR`",
        "src/types.rs: +    OrgAuditor,",
        "src/types.rs: +            OrgRole::OrgAuditor => \"ORG_AUDITOR\",",
        "src/types.rs: +            \"ORG_AUDITOR\" => OrgRole::OrgAuditor,",
    ] {
        assert!(added.iter().any(|c| *c == line), "missing {line:?} in {changes:#?}");
    }
    // Any other changed line is one that lists the values (a command-line help text), changed
    // in place: one line out, one line in, naming the new value.
    for change in changes.iter().filter(|c| !c.starts_with("src/types.rs")) {
        assert!(change.starts_with("src/cli/operations.rs: "), "{change}");
        if change.contains(": +") {
            assert!(change.contains("ORG_AUDITOR"), "{change}");
        }
    }
    assert_eq!(
        removed(&changes).len(),
        changes.len() - 4 - removed(&changes).len(),
        "each help line is replaced, not re-wrapped: {changes:#?}"
    );
    insta::assert_snapshot!("enum_value", changes.join("\n"));
}

#[test]
fn a_query_parameter_adds_lines_and_removes_none() {
    let changes = changed_lines("query", |d| {
        let op = &mut d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}"]["delete"];
        op["parameters"].as_array_mut().unwrap().push(json!({"name": "dryRun", "in": "query", "description": "Only check that the user could be removed.", "schema": {"type": "boolean"}}));
    });
    assert!(removed(&changes).is_empty(), "{changes:#?}");
    // The builder's field, its setter, the line that sends it, and the field in the literal
    // `Client::remove_org_user` returns; the command line's flag and the line reading it;
    // the mock's setter.
    for line in [
        "src/operations.rs: +    dry_run: Option<bool>,",
        "src/operations.rs: +            dry_run: None,",
        "src/operations.rs: +        request.query_opt(\"dryRun\", self.dry_run);",
    ] {
        assert!(changes.iter().any(|c| c == line), "missing {line:?} in {changes:#?}");
    }
    insta::assert_snapshot!("query_parameter", changes.join("\n"));
}

#[test]
fn an_operation_adds_lines_and_removes_none() {
    let changes = changed_lines("operation", |d| {
        let mut op = d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}"]["get"].clone();
        op["operationId"] = json!("getOrgUserTeams");
        op["summary"] = json!("List the teams of an organization user");
        d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}/teams"] = json!({"get": op});
    });
    // The one line that changes in place is the README's count of operations.
    assert_eq!(
        removed(&changes),
        ["README.md: -- 28 operations, each a method on `Client` returning a request builder."],
        "{changes:#?}"
    );
    for file in
        ["src/operations.rs", "src/cli/operations.rs", "src/mock/expectations.rs", "README.md"]
    {
        assert!(
            changes.iter().any(|c| c.starts_with(file)),
            "{file} shows the operation: {changes:#?}"
        );
    }
}

#[test]
fn a_required_property_changes_only_that_field_its_entry_and_its_check() {
    let changes = changed_lines("required", |d| {
        schema(d, "GroupInvitationRequest")["required"] = json!(["username"])
    });
    // In the struct and its check: its derive (a required field has no default), the field's
    // doc, type and entry, and the check that no longer unwraps an `Option`; and in the
    // examples of the operations that send it, which now set the required field.
    let in_types = changes.iter().filter(|c| c.starts_with("src/types.rs: ")).count();
    let in_examples = changes
        .iter()
        .filter(|c| {
            c.starts_with("src/operations.rs: -    ///")
                || c.starts_with("src/operations.rs: +    ///")
        })
        .count();
    assert_eq!(in_types + in_examples, changes.len(), "{changes:#?}");
    assert!(in_types <= 11, "{changes:#?}");
    assert!(
        changes.contains(&"src/types.rs: +    username = \"username\" required,".to_string()),
        "{changes:#?}"
    );
    assert!(
        changes.contains(&"src/types.rs: -    username = \"username\",".to_string()),
        "{changes:#?}"
    );
    insta::assert_snapshot!("required_property", changes.join("\n"));
}
