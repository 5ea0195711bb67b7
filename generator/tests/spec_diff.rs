//! Spec diff: one synthetic mutation of our spec per kind of change, with the expected
//! classification, and the real upstream pair.

use std::path::{Path, PathBuf};

use openapi_rust_gen::diff::{diff, json, markdown, Change, Report, Semver};
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn base() -> Value {
    openapi_rust_gen::load::load_document(&repo().join("spec/atlas-invites.yaml")).unwrap()
}

fn model_of(document: &Value, name: &str) -> openapi_rust_gen::model::Api {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-diff");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string(document).unwrap()).unwrap();
    openapi_rust_gen::model(&path, None).unwrap().0
}

/// Diffs our spec against a mutated copy.
fn mutated(name: &str, mutate: impl FnOnce(&mut Value)) -> Report {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    diff(&model_of(&old, &format!("{name}-old")), &model_of(&new, &format!("{name}-new")))
}

fn find<'a>(report: &'a Report, kind: &str) -> &'a Change {
    report
        .changes
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no `{kind}` in {:#?}", report.changes))
}

const ORG_INVITES: &str = "/api/atlas/v2/orgs/{orgId}/invites";
const ORG_INVITE: &str = "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}";

fn op<'a>(doc: &'a mut Value, path: &str, method: &str) -> &'a mut Value {
    &mut doc["paths"][path][method]
}

fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

#[test]
fn identical_specs_have_no_changes() {
    let report = mutated("identical", |_| {});
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.suggested_bump(), None);
}

#[test]
fn operation_removed_is_breaking_and_major() {
    let report = mutated("op-removed", |d| {
        d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("delete");
    });
    let change = find(&report, "operation-removed");
    assert!(change.breaking);
    assert_eq!(
        (change.semver, change.rust_item.as_deref()),
        (Semver::Major, Some("Client::delete_org_invite"))
    );
    assert_eq!(report.suggested_bump(), Some(Semver::Major));
}

#[test]
fn removing_a_tags_last_operation_and_a_schema_removes_a_feature_and_a_type() {
    let report = mutated("tag-removed", |d| {
        d["paths"].as_object_mut().unwrap().retain(|path, _| !path.contains("/teams/"));
        // Every component schema is generated, used or not: this one goes with its operations.
        d["components"]["schemas"].as_object_mut().unwrap().remove("AddOrRemoveUserFromTeam");
    });
    let tag = find(&report, "tag-removed");
    assert_eq!(
        (tag.breaking, tag.semver, tag.rust_item.as_deref()),
        (false, Semver::Major, Some("feature `teams`"))
    );
    let removed: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == "type-removed")
        .filter_map(|c| c.rust_item.as_deref())
        .collect();
    assert_eq!(removed, ["types::AddOrRemoveUserFromTeam"], "{:#?}", report.changes);
    // A type still used elsewhere is not removed, and one renamed is reported as renamed.
    let report = mutated("type-renamed-not-removed", |d| {
        let role = d["components"]["schemas"]["OrgRole"].take();
        d["components"]["schemas"].as_object_mut().unwrap().insert("OrganizationRole".into(), role);
        let text = serde_json::to_string(d)
            .unwrap()
            .replace("schemas/OrgRole\"", "schemas/OrganizationRole\"");
        *d = serde_json::from_str(&text).unwrap();
        d["components"]["schemas"].as_object_mut().unwrap().remove("OrgRole");
    });
    assert!(report.changes.iter().any(|c| c.kind == "type-renamed"), "{:#?}", report.changes);
    assert!(!report.changes.iter().any(|c| c.kind == "type-removed"), "{:#?}", report.changes);
}

#[test]
fn operation_added_is_minor() {
    let report = mutated("op-added", |d| {
        let copy = op(d, ORG_INVITE, "get").clone();
        d["paths"]["/api/atlas/v2/orgs/{orgId}/invites/{invitationId}/copy"]["get"] = copy;
        op(d, "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}/copy", "get")["operationId"] =
            json!("getOrgInviteCopy");
    });
    let change = find(&report, "operation-added");
    assert_eq!((change.breaking, change.semver), (false, Semver::Minor));
    assert_eq!(report.changes.len(), 1);
}

#[test]
fn operation_renamed_keeps_the_wire_but_not_the_method() {
    let report = mutated("op-renamed", |d| {
        op(d, ORG_INVITE, "get")["operationId"] = json!("getOrganizationInvitation")
    });
    let change = find(&report, "operation-id-changed");
    assert!(!change.breaking);
    assert_eq!(change.semver, Semver::Major);
    assert_eq!(
        change.rust_item.as_deref(),
        Some("Client::get_org_invite → Client::get_organization_invitation")
    );
}

#[test]
fn deprecation_and_sunset_changes() {
    let report = mutated("undeprecated", |d| {
        op(d, ORG_INVITE, "get").as_object_mut().unwrap().remove("deprecated");
    });
    assert_eq!(find(&report, "operation-undeprecated").semver, Semver::Patch);
    let report = mutated("sunset", |d| op(d, ORG_INVITE, "get")["x-sunset"] = json!("2026-12-31"));
    let change = find(&report, "operation-sunset-changed");
    assert!(change.breaking, "an earlier sunset breaks clients sooner");
    assert!(change.message.contains("2027-07-01") && change.message.contains("2026-12-31"));
}

#[test]
fn a_changed_replacement_is_reported() {
    let report = mutated("replacement", |d| {
        op(d, ORG_INVITE, "get")["x-replaced-by"] = json!("listOrgUsers")
    });
    let change = find(&report, "operation-replacement-changed");
    assert_eq!((change.breaking, change.semver), (false, Semver::Patch));
    assert_eq!(change.message, "replacement changed from `getOrgUser` to `listOrgUsers`");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
}

#[test]
fn the_users_operations_show_as_sixteen_additions() {
    // Our spec before the users operations: their paths gone, the invitations' replacements
    // pointing nowhere yet.
    let users_paths = |d: &Value| {
        d["paths"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|p| p.contains("/users") || p.contains(":addUser") || p.contains(":removeUser"))
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut old = base();
    for path in users_paths(&old.clone()) {
        old["paths"].as_object_mut().unwrap().remove(&path);
    }
    let report = diff(&model_of(&old, "users-old"), &model_of(&base(), "users-new"));
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == "operation-added")
        .filter_map(|c| c.rust_item.as_deref())
        .collect();
    assert_eq!(added.len(), 16, "{added:#?}");
    assert!(
        added.contains(&"Client::add_org_role") && added.contains(&"Client::remove_org_team_user"),
        "{added:#?}"
    );
    assert!(
        report.changes.iter().all(|c| !c.breaking),
        "adding operations breaks nobody: {:#?}",
        report.changes
    );
    // The notes name the same operations, now resolved to methods: no change in what they say.
    assert_eq!(
        report.changes.iter().filter(|c| c.kind == "operation-replacement-changed").count(),
        0,
        "{:#?}",
        report.changes
    );
}

#[test]
fn parameter_changes() {
    let required =
        json!({"name": "verbose", "in": "query", "required": true, "schema": {"type": "boolean"}});
    let report = mutated("param-added-required", |d| {
        op(d, ORG_INVITE, "get")["parameters"].as_array_mut().unwrap().push(required)
    });
    let change = find(&report, "request-parameter-added-required");
    assert_eq!((change.breaking, change.semver), (true, Semver::Major));
    assert_eq!(change.rust_item.as_deref(), Some("GetOrgInvite::verbose"));

    let optional = json!({"name": "verbose", "in": "query", "schema": {"type": "boolean"}});
    let report = mutated("param-added", |d| {
        op(d, ORG_INVITE, "get")["parameters"].as_array_mut().unwrap().push(optional)
    });
    assert_eq!(
        (
            find(&report, "request-parameter-added").breaking,
            find(&report, "request-parameter-added").semver
        ),
        (false, Semver::Minor)
    );

    let report = mutated("param-removed", |d| {
        op(d, ORG_INVITES, "get")["parameters"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["name"] != "username")
    });
    let change = find(&report, "request-parameter-removed");
    assert_eq!(
        (change.semver, change.rust_item.as_deref()),
        (Semver::Major, Some("ListOrgInvites::username"))
    );

    let report = mutated("param-required", |d| {
        let params = op(d, ORG_INVITES, "get")["parameters"].as_array_mut().unwrap();
        params.iter_mut().find(|p| p["name"] == "username").unwrap()["required"] = json!(true);
    });
    assert!(find(&report, "request-parameter-became-required").breaking);

    let report = mutated("param-type", |d| {
        d["components"]["parameters"]["pretty"]["schema"] = json!({"type": "string"})
    });
    let change = find(&report, "type-changed");
    assert!(
        change.breaking && change.message.contains("boolean") && change.message.contains("string"),
        "{change:?}"
    );

    let report = mutated("param-default", |d| {
        d["components"]["parameters"]["pretty"]["schema"]["default"] = json!(true)
    });
    assert!(find(&report, "request-parameter-default-changed").breaking);

    let report = mutated("param-pattern", |d| {
        d["components"]["parameters"]["orgId"]["schema"]["pattern"] = json!("^[a-f0-9]{32}$")
    });
    let change = find(&report, "pattern-changed");
    assert!(change.breaking);
    assert_eq!(change.semver, Semver::Patch);
}

#[test]
fn request_body_changes() {
    let report = mutated("body-field-required", |d| {
        schema(d, "OrganizationInvitationRequest")["required"] = json!(["username"])
    });
    let change = find(&report, "property-became-required");
    assert!(change.breaking, "a new required request field breaks senders");
    // Located in the schema, with the operations that send it.
    assert_eq!(change.location, "schema `OrganizationInvitationRequest` › username");
    let reached: Vec<(&str, &str)> =
        change.operations.iter().map(|r| (r.operation.as_str(), r.direction)).collect();
    assert_eq!(reached, [("createOrgInvite", "request"), ("updateOrgInvites", "request")]);

    let report = mutated("nested-field-required", |d| {
        schema(d, "OrganizationInvitationGroupRoleAssignmentsRequest")["required"] =
            json!(["groupId"])
    });
    let change = find(&report, "property-became-required");
    assert_eq!(
        change.location,
        "schema `OrganizationInvitationGroupRoleAssignmentsRequest` › groupId"
    );
    assert!(change.breaking);

    let report = mutated("body-field-added", |d| {
        schema(d, "GroupInvitationRequest")["properties"]["note"] = json!({"type": "string"})
    });
    let change = find(&report, "property-added");
    assert!(!change.breaking, "a new optional request field does not break senders");
    assert_eq!(change.semver, Semver::Major, "but a public struct gains a field");
    assert_eq!(change.rust_item.as_deref(), Some("types::GroupInvitationRequest::note"));
}

#[test]
fn response_body_changes() {
    let report = mutated("response-field-added", |d| {
        schema(d, "OrganizationInvitation")["properties"]["note"] = json!({"type": "string"})
    });
    assert!(
        !find(&report, "property-added").breaking,
        "a new optional response field breaks nobody"
    );

    let report = mutated("response-field-removed", |d| {
        schema(d, "OrganizationInvitation")["properties"]
            .as_object_mut()
            .unwrap()
            .remove("inviterUsername");
    });
    assert!(find(&report, "property-removed").breaking, "a removed response field breaks readers");

    let report = mutated("response-field-optional", |d| {
        schema(d, "OrganizationInvitation")["required"] = json!([])
    });
    let change = find(&report, "property-became-optional");
    assert!(change.breaking && change.message.contains("orgName"));
}

#[test]
fn enum_changes() {
    let report = mutated("enum-removed", |d| {
        schema(d, "ProjectRole")["enum"].as_array_mut().unwrap().retain(|v| v != "GROUP_OWNER")
    });
    let removed: Vec<_> =
        report.changes.iter().filter(|c| c.kind == "enum-value-removed").collect();
    // One change for the schema, breaking because it breaks senders (its worst direction).
    assert_eq!(removed.len(), 1, "{removed:#?}");
    assert!(
        removed[0].breaking && removed[0].location == "schema `ProjectRole`",
        "a removed value breaks senders: {removed:#?}"
    );
    assert!(
        removed[0].operations.iter().any(|r| r.direction == "request")
            && removed[0].operations.iter().any(|r| r.direction == "response"),
        "{removed:#?}"
    );
    assert!(removed.iter().all(|c| c.semver == Semver::Major
        && c.rust_item.as_deref() == Some("types::ProjectRole::GroupOwner")));

    let report = mutated("enum-added", |d| {
        schema(d, "OrgRole")["enum"].as_array_mut().unwrap().push(json!("ORG_AUDITOR"))
    });
    let added: Vec<_> = report.changes.iter().filter(|c| c.kind == "enum-value-added").collect();
    assert!(
        !added.is_empty() && added.iter().all(|c| !c.breaking && c.semver == Semver::Minor),
        "{added:#?}"
    );
}

#[test]
fn media_type_and_status_changes() {
    let report = mutated("media-added", |d| {
        let content = op(d, ORG_INVITE, "get")["responses"]["200"].clone();
        let mut response =
            d.pointer("/components/responses/organizationInvitation").unwrap().clone();
        let schema = response["content"]["application/vnd.atlas.2023-01-01+json"].clone();
        response["content"]["application/vnd.atlas.2025-02-19+json"] = schema;
        let _ = content;
        op(d, ORG_INVITE, "get")["responses"]["200"] = response;
    });
    assert!(!find(&report, "media-type-added").breaking);
    assert!(find(&report, "accept-changed").message.contains("2025-02-19"));

    let report = mutated("status-added", |d| {
        op(d, ORG_INVITES, "post")["responses"]["409"] =
            json!({"$ref": "#/components/responses/badRequest"})
    });
    let change = find(&report, "response-status-added");
    assert!(!change.breaking && change.message.contains("409"));

    let report = mutated("status-removed", |d| {
        op(d, ORG_INVITE, "delete")["responses"].as_object_mut().unwrap().remove("204");
        op(d, ORG_INVITE, "delete")["responses"]["200"] = json!({"description": "ok"});
    });
    assert!(report
        .changes
        .iter()
        .any(|c| c.kind == "response-status-removed" && c.breaking && c.message.contains("204")));
}

#[test]
fn security_scheme_removed_breaks_and_drops_a_constructor() {
    let report = mutated("security", |d| {
        d["components"]["securitySchemes"].as_object_mut().unwrap().remove("DigestAuth");
    });
    let change = find(&report, "security-scheme-removed");
    assert!(change.breaking);
    assert_eq!(change.rust_item.as_deref(), Some("Credentials::digest"));
}

#[test]
fn inlining_a_component_schema_changes_no_wire_contract() {
    let report = mutated("inline", |d| {
        let inline = schema(d, "GroupInvitationUpdateRequest").clone();
        op(d, "/api/atlas/v2/groups/{groupId}/invites/{invitationId}", "patch")["requestBody"]
            ["content"]["application/vnd.atlas.2023-01-01+json"]["schema"] = inline;
    });
    assert_eq!(report.breaking(), 0, "{:#?}", report.changes);
    // Only the Rust type's name changes (the inline schema is named after the operation).
    assert!(report.changes.iter().all(|c| c.kind == "type-renamed"), "{:#?}", report.changes);
}

#[test]
fn renders_markdown_and_json() {
    let report = mutated("render", |d| {
        d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("delete");
        schema(d, "OrgRole")["enum"].as_array_mut().unwrap().push(json!("ORG_AUDITOR"));
    });
    let md = markdown(&report, "old.yaml", "new.yaml");
    assert!(
        md.contains("breaking for API clients")
            && md.contains("Suggested version bump of the generated crate: **major**"),
        "{md}"
    );
    let breaking_at = md.find("### Breaking changes").unwrap();
    let other_at = md.find("### Other changes").unwrap();
    assert!(breaking_at < other_at, "breaking changes first");
    let parsed: Value = serde_json::from_str(&json(&report, "old.yaml", "new.yaml")).unwrap();
    assert_eq!(parsed["schema"], 2);
    assert_eq!(parsed["summary"]["suggested_bump"], "major");
    assert_eq!(parsed["changes"][0]["kind"], "operation-removed");
    for key in [
        "kind",
        "operation",
        "operations",
        "location",
        "message",
        "breaking",
        "semver",
        "rust_item",
    ] {
        assert!(parsed["changes"][0].get(key).is_some(), "{key}");
    }
    assert_eq!(
        parsed["changes"][0]["operations"][0],
        json!({"operation": "deleteOrgInvite", "method_path": "DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}", "direction": "operation"})
    );
    // The enum value is one entry, folded under the tag of its operations.
    // OrgRole reaches operations of several tags (organizations, teams): folded under that.
    assert!(md.contains("<details><summary>Several tags (1)</summary>"), "{md}");
    assert!(md.contains("- schema `OrgRole` — enum value `ORG_AUDITOR` added. Rust: `types::OrgRole::OrgAuditor` (minor). Used by 14 operations (request and response): `listOrgInvites`, `createOrgInvite`, `updateOrgInvites`, `getOrgInvite`, `updateOrgInviteById` and 9 more."), "{md}");
}

#[test]
fn a_schema_change_is_one_entry_listing_every_operation_it_reaches() {
    let report = mutated("grouped", |d| {
        schema(d, "OrgRole")["enum"].as_array_mut().unwrap().push(json!("ORG_AUDITOR"))
    });
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(
        (change.kind, change.location.as_str(), change.message.as_str()),
        ("enum-value-added", "schema `OrgRole`", "enum value `ORG_AUDITOR` added")
    );
    let requests = change.operations.iter().filter(|r| r.direction == "request").count();
    let responses = change.operations.iter().filter(|r| r.direction == "response").count();
    assert!(requests >= 5 && responses >= 5, "{:#?}", change.operations);
}

#[test]
fn filters_keep_the_review_at_hand() {
    use openapi_rust_gen::diff::Reach;
    let changed = |report: &mut Report, keep: &dyn Fn(&Reach) -> bool| {
        report.filter(keep);
        report.changes.iter().map(|c| (c.kind, c.operations.len())).collect::<Vec<_>>()
    };
    let mutate = |d: &mut Value| {
        schema(d, "OrgRole")["enum"].as_array_mut().unwrap().push(json!("ORG_AUDITOR"));
        d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("delete");
    };
    let mut report = mutated("filter-ops", mutate);
    assert_eq!(
        changed(&mut report, &|r| r.operation == "createOrgUser"),
        [("enum-value-added", 2)],
        "its request and its response"
    );
    let mut report = mutated("filter-tags", mutate);
    assert!(changed(&mut report, &|r| r.tags.iter().any(|t| t == "Teams"))
        .iter()
        .all(|(kind, _)| *kind == "enum-value-added"));
    let mut report = mutated("filter-paths", mutate);
    let kept = changed(&mut report, &|r| {
        r.method_path.split_once(' ').unwrap().1.starts_with("/api/atlas/v2/orgs/{orgId}/invites")
    });
    assert!(
        kept.contains(&("operation-removed", 1))
            && kept.iter().any(|(k, _)| *k == "enum-value-added"),
        "{kept:?}"
    );
}

#[test]
fn on_the_real_pair_grouping_cuts_the_entries_and_names_every_operation_change() {
    let shared = repo().join("../shared/specs");
    let old =
        openapi_rust_gen::model(&shared.join("atlas-admin-v2-2025-06-30.yaml"), None).unwrap().0;
    let new = openapi_rust_gen::model(&shared.join("atlas-admin-v2.yaml"), None).unwrap().0;
    let report = diff(&old, &new);
    // One entry per operation and direction, as before grouping (changes of the crate as a
    // whole, such as a type no longer generated, reach no operation and are not grouped).
    let reaching: Vec<_> = report.changes.iter().filter(|c| !c.operations.is_empty()).collect();
    let ungrouped: usize = reaching.iter().map(|c| c.operations.len()).sum();
    assert!(
        reaching.len() * 4 < ungrouped * 3,
        "{} entries for {ungrouped} places",
        reaching.len()
    );
    // Changes of an operation itself stay one per operation, named.
    let operation_level = [
        "operation-added",
        "operation-removed",
        "operation-id-changed",
        "operation-deprecated",
        "operation-sunset-changed",
        "accept-changed",
    ];
    for change in report.changes.iter().filter(|c| operation_level.contains(&c.kind)) {
        assert_eq!(change.operations.len(), 1, "{change:#?}");
        assert!(change.location.starts_with(&change.operations[0].method_path), "{change:#?}");
    }
    eprintln!("raw → newer: {} entries (ungrouped: {ungrouped})", report.changes.len());
    // The pull-request comment fits the host's limit and says what it left out.
    let md = markdown(&report, "raw", "newer");
    assert!(md.len() <= openapi_rust_gen::diff::MARKDOWN_LIMIT, "{} characters", md.len());
    assert!(md.contains("more changes: see the JSON report"), "{}", &md[md.len() - 300..]);
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "every fold is closed"
    );
}

#[test]
fn the_real_upstream_pair_reports_the_invitation_renames() {
    let shared = repo().join("../shared/specs");
    let old =
        openapi_rust_gen::model(&shared.join("atlas-admin-v2-2025-06-30.yaml"), None).unwrap().0;
    let new = openapi_rust_gen::model(&shared.join("atlas-admin-v2.yaml"), None).unwrap().0;
    let report = diff(&old, &new);
    let renamed = |from: &str, to: &str| {
        report.changes.iter().any(|c| {
            c.kind == "operation-id-changed"
                && c.message == format!("operationId `{from}` renamed to `{to}`")
        })
    };
    for (from, to) in [
        ("listOrganizationInvitations", "listOrgInvites"),
        ("getOrganizationInvitation", "getOrgInvite"),
        ("deleteOrganizationInvitation", "deleteOrgInvite"),
        ("listProjectInvitations", "listGroupInvites"),
        ("updateProjectInvitationById", "updateInviteById"),
    ] {
        assert!(renamed(from, to), "{from} → {to} not reported");
    }
    // Both documents offer the same media-type versions for every operation they share
    // (checked independently of the generator); none may be reported.
    let media: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.kind.starts_with("media-type-") || c.kind == "accept-changed")
        .collect();
    assert!(media.is_empty(), "{media:#?}");
    // The invitation operations lost `envelope` and `pretty` upstream.
    assert!(report.changes.iter().any(|c| c.kind == "request-parameter-removed"
        && c.operation.as_deref() == Some("GET /api/atlas/v2/orgs/{orgId}/invites")
        && c.message.contains("envelope")));
}

#[test]
fn numeric_enum_changes() {
    let with_values = |values: Value| {
        let mut doc = base();
        let param = json!({"name": "granularity", "in": "query", "schema": {"type": "integer", "format": "int32", "enum": values}});
        op(&mut doc, ORG_INVITES, "get")["parameters"].as_array_mut().unwrap().push(param);
        doc
    };
    let report_between = |old: Value, new: Value, name: &str| {
        diff(&model_of(&old, &format!("{name}-old")), &model_of(&new, &format!("{name}-new")))
    };

    let report = report_between(
        with_values(json!([1, 5, 60])),
        with_values(json!([1, 60])),
        "numeric-enum-removed",
    );
    let change = find(&report, "enum-value-removed");
    assert!(change.breaking && change.message.contains("`5`"), "{change:?}");
    assert_eq!(
        (change.semver, change.rust_item.as_deref()),
        (Semver::Patch, Some("ListOrgInvites::granularity"))
    );

    let report = report_between(
        with_values(json!([1, 5])),
        with_values(json!([1, 5, 60])),
        "numeric-enum-added",
    );
    let change = find(&report, "enum-value-added");
    assert!(!change.breaking && change.message.contains("`60`"), "{change:?}");

    let mut unrestricted = with_values(json!([1]));
    op(&mut unrestricted, ORG_INVITES, "get")["parameters"]
        .as_array_mut()
        .unwrap()
        .last_mut()
        .unwrap()["schema"]
        .as_object_mut()
        .unwrap()
        .remove("enum");
    let report =
        report_between(unrestricted.clone(), with_values(json!([1, 5])), "numeric-enum-restricted");
    let change = find(&report, "enum-values-changed");
    assert!(change.breaking && change.message == "allowed values restricted to 1, 5", "{change:?}");
    let report = report_between(with_values(json!([1, 5])), unrestricted, "numeric-enum-lifted");
    assert!(!find(&report, "enum-values-changed").breaking);
}
