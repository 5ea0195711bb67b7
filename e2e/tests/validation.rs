//! Invalid input fails before any request reaches the server, naming the parameter, the
//! value and the rule; error replies decode to the typed API error.
#![allow(deprecated)]

mod support;

use atlas_invites::types::{
    OrgRole, OrganizationInvitationGroupRoleAssignmentsRequest, OrganizationInvitationRequest,
};
use atlas_invites::{Client, Error};
use serde_json::json;
use support::ids::{INVITE, ORG};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers anything, so a request that gets through is visible.
async fn catch_all() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

async fn assert_nothing_sent(server: &MockServer) {
    assert!(
        server.received_requests().await.expect("recording is on").is_empty(),
        "no request may reach the server"
    );
}

fn invalid(error: Error) -> atlas_invites::InvalidInput {
    match error {
        Error::InvalidInput(invalid) => invalid,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_path_id_is_rejected_before_sending() {
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client
        .get_org_invite()
        .org_id("4888442A3354817A7320EB61")
        .invitation_id(INVITE)
        .send()
        .await
        .unwrap_err();
    let invalid = invalid(error);
    assert_eq!(invalid.name, "orgId");
    assert_eq!(invalid.value.as_deref(), Some("4888442A3354817A7320EB61"));
    assert_eq!(invalid.rule, "must match the pattern `^([a-f0-9]{24})$`");
    assert_eq!(
        invalid.to_string(),
        "invalid `orgId`: \"4888442A3354817A7320EB61\" must match the pattern `^([a-f0-9]{24})$`"
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn bad_email_query_is_rejected_before_sending() {
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error =
        client.list_org_invites().org_id(ORG).username("not-an-email").send().await.unwrap_err();
    let invalid = invalid(error);
    assert_eq!(
        (invalid.name.as_str(), invalid.value.as_deref()),
        ("username", Some("not-an-email"))
    );
    assert!(invalid.rule.contains("email"), "{}", invalid.rule);
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn missing_required_values_are_named() {
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.get_org_invite().org_id(ORG).send().await.unwrap_err();
    assert_eq!(error.to_string(), "invalid `invitationId`: is required but was not set");
    let error = client.create_org_invite().org_id(ORG).send().await.unwrap_err();
    assert_eq!(invalid(error).name, "body");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn nested_body_fields_are_checked_with_their_path() {
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = OrganizationInvitationRequest {
        group_role_assignments: Some(vec![OrganizationInvitationGroupRoleAssignmentsRequest {
            group_id: Some("nope".into()),
            roles: None,
        }]),
        username: Some("someone@example.com".into()),
        ..Default::default()
    };
    let error = client.create_org_invite().org_id(ORG).body(body).send().await.unwrap_err();
    let invalid = invalid(error);
    assert_eq!(invalid.name, "body.groupRoleAssignments[0].groupId");
    assert_eq!(invalid.value.as_deref(), Some("nope"));
    let body = OrganizationInvitationRequest {
        username: Some("@example.com".into()),
        ..Default::default()
    };
    let error = client.update_org_invites().org_id(ORG).body(body).send().await.unwrap_err();
    assert_eq!(self::invalid(error).name, "body.username");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_role_listed_twice_is_rejected_before_sending() {
    // `roles` is `uniqueItems: true`: the server would refuse the list, so the client does.
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = OrganizationInvitationRequest {
        roles: Some(vec![OrgRole::OrgOwner, OrgRole::OrgMember, OrgRole::OrgOwner]),
        username: Some("someone@example.com".into()),
        ..Default::default()
    };
    let error = client.create_org_invite().org_id(ORG).body(body).send().await.unwrap_err();
    let invalid = invalid(error);
    assert_eq!(invalid.name, "body.roles");
    assert_eq!(invalid.rule, "has equal items at 0 and 2 but its items must be unique");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn path_values_are_percent_encoded_even_if_unchecked() {
    // The pattern rejects this id, so it never reaches the URL; the check runs first.
    let server = catch_all().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client
        .get_org_invite()
        .org_id("../../admin")
        .invitation_id(INVITE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid(error).name, "orgId");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn error_replies_decode_to_the_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "detail": "No invitation with ID 5f43a2b6c7d1e8f9a0b1c2d3 exists.",
            "error": 404,
            "errorCode": "RESOURCE_NOT_FOUND",
            "parameters": ["5f43a2b6c7d1e8f9a0b1c2d3"],
            "reason": "Not Found"
        })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let Error::Api(response) = error else { panic!("expected an API error") };
    assert_eq!(response.error_code(), Some("RESOURCE_NOT_FOUND"));
    let body = response.body.as_ref().expect("the body decodes");
    assert_eq!(body.error, 404);
    assert_eq!(body.reason.as_deref(), Some("Not Found"));
}

#[tokio::test]
async fn bad_request_details_decode() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": 400,
            "errorCode": "INVALID_ATTRIBUTE",
            "badRequestDetail": {"fields": [{"field": "roles[0]", "description": "unknown role"}]}
        })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = OrganizationInvitationRequest {
        username: Some("a@example.com".into()),
        ..Default::default()
    };
    let Error::Api(response) =
        client.create_org_invite().org_id(ORG).body(body).send().await.unwrap_err()
    else {
        panic!("expected an API error")
    };
    let fields = response.body.unwrap().bad_request_detail.unwrap().fields.unwrap();
    assert_eq!(
        (fields[0].field.as_str(), fields[0].description.as_str()),
        ("roles[0]", "unknown role")
    );
}

#[tokio::test]
async fn non_json_error_bodies_are_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>upstream broke</html>"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let Error::Api(response) =
        client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap_err()
    else {
        panic!("expected an API error")
    };
    assert_eq!(response.status, 500);
    assert!(response.body.is_none());
    assert_eq!(response.raw, "<html>upstream broke</html>");
    assert_eq!(response.error_code(), None);
}

#[test]
fn bad_base_url_is_a_config_error() {
    let error = Client::builder().base_url("not a url").build().unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}
