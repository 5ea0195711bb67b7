//! `upstream-check`: our spec against the upstream Atlas document (read from `../shared/specs/`
//! at test time), less the differences `spec/upstream-differences.yaml` explains. No drift
//! today; each kind of upstream revision below is reported at its location.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use openapi_rust_gen::command::upstream_check::{check, read_explanations, Explanation};
use openapi_rust_gen::diff::Report;
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn ours() -> &'static openapi_rust_gen::model::Api {
    static OURS: OnceLock<openapi_rust_gen::model::Api> = OnceLock::new();
    OURS.get_or_init(|| {
        openapi_rust_gen::model(&repo().join("spec/atlas-invites.yaml"), None).unwrap().0
    })
}

fn explanations() -> Vec<Explanation> {
    read_explanations(&repo().join("spec/upstream-differences.yaml")).unwrap()
}

fn upstream_document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        openapi_rust_gen::load::load_document(&repo().join("../shared/specs/atlas-admin-v2.yaml"))
            .unwrap()
    })
}

/// The drift against a copy of upstream changed by `mutate`.
fn drift(name: &str, mutate: impl FnOnce(&mut Value)) -> Report {
    let mut document = upstream_document().clone();
    mutate(&mut document);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upstream-check");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string(&document).unwrap()).unwrap();
    let upstream = openapi_rust_gen::model(&path, None).unwrap().0;
    check(ours(), &upstream, &explanations()).0
}

fn only<'a>(report: &'a Report, kind: &str, location: &str) -> &'a openapi_rust_gen::diff::Change {
    assert_eq!(
        report.changes.len(),
        report.changes.iter().filter(|c| c.kind == kind || c.kind == "accept-changed").count(),
        "{:#?}",
        report.changes
    );
    report
        .changes
        .iter()
        .find(|c| c.kind == kind && c.location == location)
        .unwrap_or_else(|| panic!("no `{kind}` at {location}: {:#?}", report.changes))
}

#[test]
fn our_spec_has_no_unexplained_drift_from_upstream() {
    let upstream =
        openapi_rust_gen::model(&repo().join("../shared/specs/atlas-admin-v2.yaml"), None)
            .unwrap()
            .0;
    let explanations = explanations();
    let (report, stale) = check(ours(), &upstream, &explanations);
    assert!(report.changes.is_empty(), "unexplained drift: {:#?}", report.changes);
    assert!(
        stale.is_empty(),
        "explanations that match nothing: {:?}",
        stale.iter().map(|i| &explanations[*i].location).collect::<Vec<_>>()
    );
    assert!(explanations.iter().all(|e| e.reason.len() > 40), "every explanation gives its reason");
}

#[test]
fn a_new_enum_value_upstream_is_drift() {
    let report = drift("enum", |d| {
        d["components"]["schemas"]["OrgUserResponse"]["properties"]["orgMembershipStatus"]
            ["enum"] =
            json!(["ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED", "SUSPENDED"]);
    });
    let change =
        only(&report, "enum-value-added", "schema `OrgUserResponse` › orgMembershipStatus");
    assert!(change.message.contains("`SUSPENDED`"), "{change:#?}");
}

#[test]
fn a_newly_required_property_upstream_is_drift() {
    let report = drift("required", |d| {
        d["components"]["schemas"]["OrgUserUpdateRequest"]["required"] = json!(["teamIds"])
    });
    let change =
        only(&report, "property-became-required", "schema `OrgUserUpdateRequest` › teamIds");
    assert!(
        change.breaking && change.operations.iter().all(|r| r.operation == "updateOrgUser"),
        "{change:#?}"
    );
}

#[test]
fn a_removed_parameter_upstream_is_drift() {
    let report = drift("parameter", |d| {
        let parameters = d["paths"]["/api/atlas/v2/orgs/{orgId}/users"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        parameters.retain(|p| p["name"] != "username");
    });
    only(
        &report,
        "request-parameter-removed",
        "GET /api/atlas/v2/orgs/{orgId}/users › query parameter `username`",
    );
}

#[test]
fn a_new_media_type_version_upstream_is_drift() {
    let report = drift("media", |d| {
        let content = &mut d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}"]["get"]
            ["responses"]["200"]["content"];
        let current = content["application/vnd.atlas.2025-02-19+json"].clone();
        content["application/vnd.atlas.2026-10-01+json"] = current;
    });
    let change = only(
        &report,
        "media-type-added",
        "GET /api/atlas/v2/orgs/{orgId}/users/{userId} › content",
    );
    assert!(change.message.contains("2026-10-01"), "{change:#?}");
    assert!(
        report.changes.iter().any(|c| c.kind == "accept-changed"),
        "the client would now send another version"
    );
}

#[test]
fn an_earlier_sunset_upstream_is_drift() {
    let report = drift("sunset", |d| {
        d["paths"]["/api/atlas/v2/orgs/{orgId}/invites/{invitationId}"]["get"]["x-sunset"] =
            json!("2027-01-01")
    });
    let change = only(
        &report,
        "operation-sunset-changed",
        "GET /api/atlas/v2/orgs/{orgId}/invites/{invitationId}",
    );
    assert!(change.breaking && change.message.contains("2027-01-01"), "{change:#?}");
}

#[test]
fn a_new_upstream_operation_under_our_paths_is_drift() {
    let report = drift("operation", |d| {
        let get = d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}"]["get"].clone();
        let mut copy = get;
        copy["operationId"] = json!("getOrgUserActivity");
        d["paths"]["/api/atlas/v2/orgs/{orgId}/users/{userId}/activity"] = json!({"get": copy});
    });
    only(&report, "operation-added", "GET /api/atlas/v2/orgs/{orgId}/users/{userId}/activity");
}
