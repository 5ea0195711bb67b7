//! Spec diff: one synthetic mutation of our spec per kind of change, with the expected
//! classification, and the real upstream pair.

use std::path::{Path, PathBuf};

use openapi_rust_gen::diff::{diff, json, markdown, Change, Reach, Report, Semver};
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

/// Diffs two documents, each written under `name` for a failing test to show.
fn diff_of(name: &str, old: &Value, new: &Value) -> Report {
    diff(&model_of(old, &format!("{name}-old")), &model_of(new, &format!("{name}-new")))
}

/// Diffs our spec against a mutated copy.
fn mutated(name: &str, mutate: impl FnOnce(&mut Value)) -> Report {
    between(name, |_| {}, mutate)
}

/// Diffs two mutations of our spec.
fn between(name: &str, old: impl FnOnce(&mut Value), new: impl FnOnce(&mut Value)) -> Report {
    let mut a = base();
    let mut b = a.clone();
    old(&mut a);
    new(&mut b);
    diff_of(name, &a, &b)
}

/// The Rust items of the changes of one kind, in report order.
fn items_of<'a>(report: &'a Report, kind: &str) -> Vec<&'a str> {
    report
        .changes
        .iter()
        .filter(|c| c.kind == kind)
        .filter_map(|c| c.rust_item.as_deref())
        .collect()
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
    assert_eq!(report.breaking(), 1, "{:#?}", report.changes);
}

#[test]
fn changes_of_one_kind_stay_apart_when_their_places_differ() {
    let report = mutated("two-ops-removed", |d| {
        d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("delete");
        d["paths"][ORG_INVITE].as_object_mut().unwrap().remove("get");
    });
    let removed = items_of(&report, "operation-removed");
    assert_eq!(removed, ["Client::get_org_invite", "Client::delete_org_invite"]);
    assert_eq!(report.breaking(), 2, "{:#?}", report.changes);
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
    let removed = items_of(&report, "type-removed");
    assert_eq!(removed, ["types::AddOrRemoveUserFromTeam"], "{:#?}", report.changes);
    assert_eq!(find(&report, "type-removed").location, "schema `AddOrRemoveUserFromTeam`");
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
    let report =
        mutated("later-sunset", |d| op(d, ORG_INVITE, "get")["x-sunset"] = json!("2027-12-31"));
    assert!(!find(&report, "operation-sunset-changed").breaking, "a later sunset gives more time");
    let report = mutated("no-sunset", |d| {
        op(d, ORG_INVITE, "get").as_object_mut().unwrap().remove("x-sunset");
    });
    let change = find(&report, "operation-sunset-changed");
    assert!(!change.breaking && change.message.ends_with("to none"), "{change:?}");

    let users = "/api/atlas/v2/orgs/{orgId}/users";
    let report = mutated("deprecated", |d| op(d, users, "get")["deprecated"] = json!(true));
    let change = find(&report, "operation-deprecated");
    assert_eq!((change.breaking, change.semver), (false, Semver::Minor));
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
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
    let change = find(&report, "request-parameter-default-changed");
    assert!(change.breaking);
    assert_eq!(change.message, "default of `pretty` changed from `false` to `true`");

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
fn a_json_reply_that_goes_away_changes_the_reply_kind() {
    let report = mutated("reply-gone", |d| {
        op(d, ORG_INVITE, "get")["responses"]["200"] = json!({"description": "Nothing."})
    });
    let change = find(&report, "response-body-changed");
    assert_eq!((change.breaking, change.semver), (true, Semver::Major));
    assert_eq!(change.rust_item.as_deref(), Some("GetOrgInvite::send"));
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

    let report = diff_of(
        "numeric-enum-removed",
        &with_values(json!([1, 5, 60])),
        &with_values(json!([1, 60])),
    );
    let change = find(&report, "enum-value-removed");
    assert!(change.breaking && change.message.contains("`5`"), "{change:?}");
    assert_eq!(
        (change.semver, change.rust_item.as_deref()),
        (Semver::Patch, Some("ListOrgInvites::granularity"))
    );

    let report =
        diff_of("numeric-enum-added", &with_values(json!([1, 5])), &with_values(json!([1, 5, 60])));
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
    let report = diff_of("numeric-enum-restricted", &unrestricted, &with_values(json!([1, 5])));
    let change = find(&report, "enum-values-changed");
    assert!(change.breaking && change.message == "allowed values restricted to 1, 5", "{change:?}");
    let report = diff_of("numeric-enum-lifted", &with_values(json!([1, 5])), &unrestricted);
    assert!(!find(&report, "enum-values-changed").breaking);
}

/// A change built by hand, for the Markdown's layout rules.
fn change(kind: &'static str, breaking: bool, location: &str, reaches: &[Reach]) -> Change {
    Change {
        kind,
        operation: reaches.first().map(|r| r.method_path.clone()),
        operations: reaches.to_vec(),
        location: location.into(),
        message: format!("{kind} happened"),
        breaking,
        semver: if breaking { Semver::Major } else { Semver::Minor },
        rust_item: None,
    }
}

fn reach(operation: &str, tag: &str, direction: &'static str) -> Reach {
    Reach {
        operation: operation.into(),
        method_path: format!("GET /{operation}"),
        tags: vec![tag.into()],
        direction,
    }
}

#[test]
fn markdown_folds_by_tag_and_names_the_operations_a_change_reaches() {
    let report = Report {
        changes: vec![
            change(
                "a",
                false,
                "GET /one › query parameter `x`",
                &[reach("one", "Teams", "operation")],
            ),
            change("b", false, "schema `T`", &[reach("two", "Teams", "request")]),
            change(
                "c",
                false,
                "schema `U`",
                &[reach("three", "Teams", "operation"), reach("four", "Teams", "operation")],
            ),
            change("d", false, "components › securitySchemes › S", &[]),
        ],
    };
    let md = markdown(&report, "old", "new");
    // Changes of one tag share one fold; a change of no operation is the whole API's.
    assert!(md.contains("<details><summary>Teams (3)</summary>"), "{md}");
    assert!(md.contains("<details><summary>Whole API (1)</summary>"), "{md}");
    // A change located in its only operation does not repeat it; one elsewhere names it
    // with its direction; reaches of the operation itself name no direction.
    assert!(
        md.contains("- GET /one › query parameter `x` — a happened. Crate: minor. <sub>"),
        "{md}"
    );
    assert!(md.contains("Used by 1 operation (request): `two`."), "{md}");
    assert!(md.contains("Used by 2 operations: `three`, `four`."), "{md}");
    assert!(!md.contains("more"), "everything shown, nothing left over: {md}");
    assert!(
        md.contains("- components › securitySchemes › S — d happened. Crate: minor. <sub>"),
        "{md}"
    );
}

#[test]
fn markdown_stops_at_its_limit_to_the_character_and_counts_what_is_left() {
    use openapi_rust_gen::diff::MARKDOWN_LIMIT;
    let with_message = |len: usize, breaking: bool| {
        let mut first = change("long", breaking, "here", &[]);
        first.message = "m".repeat(len);
        Report { changes: vec![first, change("short", breaking, "there", &[])] }
    };
    for breaking in [true, false] {
        // The longest first change that is still shown lands exactly on the limit's margin.
        let shown = |len| markdown(&with_message(len, breaking), "old", "new").contains("mmmm");
        let mut len = MARKDOWN_LIMIT - 1000;
        while shown(len + 1) {
            len += 1;
        }
        assert!(shown(len) && !shown(len + 1), "{len}");
        let md = markdown(&with_message(len + 1, breaking), "old", "new");
        assert!(
            md.contains("\n**2 more changes: see the JSON report**"),
            "{}",
            &md[md.len() - 300..]
        );
        assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
        let md = markdown(&with_message(len, breaking), "old", "new");
        let end = md
            .find("\n**1 more change: see the JSON report**")
            .unwrap_or_else(|| panic!("{}", &md[md.len() - 300..]));
        // What was written up to the fold's closing (when folded) and the 400 characters kept
        // for the closing lines make exactly the limit.
        let written = md[..end].strip_suffix("\n</details>\n").unwrap_or(&md[..end]);
        assert_eq!(written.len() + 400, MARKDOWN_LIMIT);
    }
}

/// A schema only requests carry, and one only replies carry.
const REQUEST_ONLY: &str = "OrganizationInvitationRequest";
const RESPONSE_ONLY: &str = "OrgUserResponse";

fn property<'a>(doc: &'a mut Value, name: &str, property: &str) -> &'a mut Value {
    &mut schema(doc, name)["properties"][property]
}

fn breaking_of(report: &Report, kind: &str) -> bool {
    find(report, kind).breaking
}

#[test]
fn a_check_breaks_senders_when_added_and_receivers_never() {
    let drop_pattern = |d: &mut Value| {
        property(d, REQUEST_ONLY, "teamIds")["items"].as_object_mut().unwrap().remove("pattern");
    };
    assert!(!breaking_of(&mutated("request-pattern-dropped", drop_pattern), "pattern-changed"));
    let report = mutated("response-pattern-added", |d| {
        property(d, RESPONSE_ONLY, "firstName")["pattern"] = json!("^[A-Z]")
    });
    assert!(!breaking_of(&report, "pattern-changed"));

    let drop_email = |d: &mut Value| {
        property(d, REQUEST_ONLY, "username").as_object_mut().unwrap().remove("format");
    };
    let report = mutated("request-email-dropped", drop_email);
    let change = find(&report, "format-changed");
    assert!(!change.breaking && change.message == "format `email` removed", "{change:?}");
    let report = between("request-email-added", drop_email, |_| {});
    let change = find(&report, "format-changed");
    assert!(change.breaking && change.message == "format `email` added", "{change:?}");
    let report = mutated("response-email-added", |d| {
        property(d, RESPONSE_ONLY, "firstName")["format"] = json!("email")
    });
    assert!(!breaking_of(&report, "format-changed"));
}

#[test]
fn only_a_reply_value_that_may_now_be_null_breaks_a_property_flag() {
    let nullable = |name: &'static str, prop: &'static str| {
        move |d: &mut Value| property(d, name, prop)["nullable"] = json!(true)
    };
    let report = mutated("response-nullable", nullable(RESPONSE_ONLY, "firstName"));
    let change = find(&report, "property-flag-changed");
    assert!(change.breaking && change.message == "property `firstName` became nullable");
    let report = between("response-not-nullable", nullable(RESPONSE_ONLY, "firstName"), |_| {});
    let change = find(&report, "property-flag-changed");
    assert!(!change.breaking && change.message == "property `firstName` is no longer nullable");
    let report = mutated("request-nullable", nullable(REQUEST_ONLY, "teamIds"));
    assert!(!breaking_of(&report, "property-flag-changed"));
    let report = between(
        "response-read-only",
        |d| {
            property(d, RESPONSE_ONLY, "firstName").as_object_mut().unwrap().remove("readOnly");
        },
        |_| {},
    );
    let change = find(&report, "property-flag-changed");
    assert!(!change.breaking && change.message == "property `firstName` became read-only");
    // Two flags of one property: two changes of one kind, place and item, each with its message.
    let report = between(
        "response-two-flags",
        |d| {
            property(d, RESPONSE_ONLY, "firstName").as_object_mut().unwrap().remove("readOnly");
        },
        nullable(RESPONSE_ONLY, "firstName"),
    );
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        messages,
        ["property `firstName` became nullable", "property `firstName` became read-only"]
    );
}

#[test]
fn an_added_property_breaks_only_senders_that_must_now_send_it() {
    let add = |name: &'static str, nullable: bool| {
        move |d: &mut Value| {
            *property(d, name, "note") = json!({"type": "string", "nullable": nullable});
            schema(d, name)["required"] = json!(["note"]);
        }
    };
    let report = mutated("request-required-added", add(REQUEST_ONLY, false));
    let change = find(&report, "property-added-required");
    assert!(change.breaking && change.message == "required property `note` added", "{change:?}");
    // Required but nullable: `null` may be sent, so the Rust field is an `Option`.
    let report = mutated("request-required-nullable-added", add(REQUEST_ONLY, true));
    assert!(!breaking_of(&report, "property-added"));
    let report = mutated("response-required-added", add(RESPONSE_ONLY, false));
    assert!(!breaking_of(&report, "property-added-required"));
}

#[test]
fn a_value_removed_from_a_reply_only_enum_breaks_nobody() {
    let with_values = |values: Value| {
        move |d: &mut Value| {
            *property(d, RESPONSE_ONLY, "tier") = json!({"type": "string", "enum": values})
        }
    };
    let report =
        between("response-enum-removed", with_values(json!(["A", "B"])), with_values(json!(["A"])));
    let change = find(&report, "enum-value-removed");
    assert!(!change.breaking && change.message == "enum value `B` removed", "{change:?}");
}

#[test]
fn union_choices_are_matched_by_name_and_break_receivers() {
    let with_choices = |choices: &'static [&'static str]| {
        move |d: &mut Value| {
            let refs: Vec<Value> = choices
                .iter()
                .map(|c| json!({"$ref": format!("#/components/schemas/{c}")}))
                .collect();
            schema(d, "Choice")["oneOf"] = json!(refs);
            *property(d, RESPONSE_ONLY, "choice") = json!({"$ref": "#/components/schemas/Choice"});
        }
    };
    let three = with_choices(&["Link", "GroupRoleAssignment", "ApiError"]);
    let report = between(
        "union-reordered",
        three,
        with_choices(&["ApiError", "Link", "GroupRoleAssignment"]),
    );
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    let report = between("union-removed", three, with_choices(&["Link", "GroupRoleAssignment"]));
    let change = find(&report, "union-variant-removed");
    assert!(change.breaking && change.message == "choice `ApiError` removed", "{change:?}");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let report = between("union-added", with_choices(&["Link", "GroupRoleAssignment"]), three);
    let change = find(&report, "union-variant-added");
    assert!(change.breaking && change.message == "choice `ApiError` added", "{change:?}");
}

#[test]
fn security_schemes_name_their_constructor() {
    let report = mutated("oauth-removed", |d| {
        d["components"]["securitySchemes"].as_object_mut().unwrap().remove("ServiceAccounts");
    });
    let change = find(&report, "security-scheme-removed");
    assert_eq!(change.rust_item.as_deref(), Some("Credentials::service_account"));
    let report = mutated("api-key-added", |d| {
        d["components"]["securitySchemes"]["Key"] =
            json!({"type": "apiKey", "in": "header", "name": "X-Key"})
    });
    let change = find(&report, "security-scheme-added");
    assert!(!change.breaking && change.message == "security scheme `Key` added", "{change:?}");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
}
