//! The model types' serde impls (the runtime's `json_object!`), through the public API:
//! every way a decoder hands over field names, what is skipped, what fails and how the
//! error reads, and what is written.

use atlas_invites::types::{
    ApiError, GroupRole, OrgRole, OrganizationInvitation, OrganizationInvitationRequest,
    ProjectRole,
};
use serde_json::{json, Value};

fn expected() -> OrganizationInvitation {
    OrganizationInvitation {
        created_at: None,
        expires_at: None,
        group_role_assignments: Some(vec![GroupRole {
            group_id: Some("5f4a2b1c0d9e8f7a6b5c4d3e".into()),
            group_role: Some(ProjectRole::GroupOwner),
        }]),
        id: Some("6a1f00aa11bb22cc33dd44ee".into()),
        inviter_username: None,
        links: None,
        org_id: None,
        org_name: "Acme".into(),
        roles: Some(vec![OrgRole::OrgMember]),
        team_ids: None,
        username: Some("someone@example.com".into()),
    }
}

const DOCUMENT: &str = r#"{"id": "6a1f00aa11bb22cc33dd44ee", "orgName": "Acme", "roles": ["ORG_MEMBER"],
    "username": "someone@example.com",
    "groupRoleAssignments": [{"groupId": "5f4a2b1c0d9e8f7a6b5c4d3e", "groupRole": "GROUP_OWNER"}]}"#;

#[test]
fn decodes_from_every_kind_of_field_name() {
    // Borrowed from the input.
    assert_eq!(serde_json::from_str::<OrganizationInvitation>(DOCUMENT).unwrap(), expected());
    // Escaped, so the decoder hands over a temporary copy.
    let escaped = DOCUMENT.replace("\"orgName\"", "\"org\\u004eame\"");
    assert_eq!(serde_json::from_str::<OrganizationInvitation>(&escaped).unwrap(), expected());
    // Read from a stream: never borrowed.
    assert_eq!(
        serde_json::from_reader::<_, OrganizationInvitation>(DOCUMENT.as_bytes()).unwrap(),
        expected()
    );
    // From an owned `Value`: owned names.
    let value: Value = serde_json::from_str(DOCUMENT).unwrap();
    assert_eq!(serde_json::from_value::<OrganizationInvitation>(value).unwrap(), expected());
    // Another self-describing format.
    let yaml = "orgName: Acme\nid: 6a1f00aa11bb22cc33dd44ee\nroles: [ORG_MEMBER]\nusername: someone@example.com\ngroupRoleAssignments:\n  - groupId: 5f4a2b1c0d9e8f7a6b5c4d3e\n    groupRole: GROUP_OWNER\n";
    assert_eq!(serde_yaml::from_str::<OrganizationInvitation>(yaml).unwrap(), expected());
}

#[test]
fn unknown_fields_are_skipped_and_null_is_none() {
    let text = r#"{"orgName": "Acme", "futureField": {"nested": [1, {"deep": null}]}, "username": null, "teamIds": null, "x": 1}"#;
    let decoded: OrganizationInvitation = serde_json::from_str(text).unwrap();
    assert_eq!(
        decoded,
        OrganizationInvitation {
            username: None,
            team_ids: None,
            roles: None,
            group_role_assignments: None,
            id: None,
            ..expected()
        }
    );
}

#[test]
fn a_repeated_field_keeps_its_last_value() {
    let decoded: OrganizationInvitation =
        serde_json::from_str(r#"{"orgName": "First", "orgName": "Last"}"#).unwrap();
    assert_eq!(decoded.org_name, "Last");
}

#[test]
fn errors_name_the_field_the_type_and_the_place() {
    let missing =
        serde_json::from_str::<OrganizationInvitation>(r#"{"id": "6a1f00aa11bb22cc33dd44ee"}"#)
            .unwrap_err();
    assert_eq!(missing.to_string(), "missing field `orgName` at line 1 column 34");
    let not_an_object = serde_json::from_str::<OrganizationInvitation>("[\"Acme\"]").unwrap_err();
    assert_eq!(
        not_an_object.to_string(),
        "invalid type: sequence, expected an object for OrganizationInvitation at line 1 column 0"
    );
    let wrong_type =
        serde_json::from_str::<OrganizationInvitation>(r#"{"orgName": 7}"#).unwrap_err();
    assert_eq!(
        wrong_type.to_string(),
        "invalid type: integer `7`, expected a string at line 1 column 13"
    );
    let nested = serde_json::from_str::<OrganizationInvitation>(
        r#"{"orgName": "A", "groupRoleAssignments": [{"groupId": false}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        nested.to_string(),
        "invalid type: boolean `false`, expected a string at line 1 column 59"
    );
    let bad_error_body =
        serde_json::from_str::<ApiError>(r#"{"errorCode": "NOT_FOUND"}"#).unwrap_err();
    assert_eq!(bad_error_body.to_string(), "missing field `error` at line 1 column 26");
    let out_of_range =
        serde_json::from_str::<ApiError>(r#"{"errorCode": "X", "error": 3000000000}"#).unwrap_err();
    assert_eq!(
        out_of_range.to_string(),
        "invalid value: integer `3000000000`, expected i32 at line 1 column 38"
    );
}

#[test]
fn writes_only_the_fields_that_are_set_in_declaration_order() {
    let written = serde_json::to_string(&expected()).unwrap();
    assert_eq!(
        written,
        r#"{"groupRoleAssignments":[{"groupId":"5f4a2b1c0d9e8f7a6b5c4d3e","groupRole":"GROUP_OWNER"}],"id":"6a1f00aa11bb22cc33dd44ee","orgName":"Acme","roles":["ORG_MEMBER"],"username":"someone@example.com"}"#
    );
    assert_eq!(serde_json::to_value(OrganizationInvitationRequest::default()).unwrap(), json!({}));
    // Round trip through JSON and through YAML.
    assert_eq!(serde_json::from_str::<OrganizationInvitation>(&written).unwrap(), expected());
    let yaml = serde_yaml::to_string(&expected()).unwrap();
    assert!(yaml.starts_with("groupRoleAssignments:\n"), "{yaml}");
    assert_eq!(serde_yaml::from_str::<OrganizationInvitation>(&yaml).unwrap(), expected());
}
