//! Every operation end to end through the public API against a local HTTP server:
//! exact method, path, query, headers and body; realistic replies decoded, including an
//! unknown enum value and an unknown extra field.
#![allow(deprecated)] // every invitation operation is deprecated upstream

mod support;

use atlas_invites::types::{
    GroupInvitationRequest, GroupInvitationUpdateRequest, OrgRole,
    OrganizationInvitationGroupRoleAssignmentsRequest, OrganizationInvitationRequest,
    OrganizationInvitationUpdateRequest, ProjectRole,
};
use atlas_invites::Client;
use serde_json::{json, Value};
use support::ids::{GROUP, INVITE, MEDIA, ORG};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn org_invitation() -> Value {
    json!({
        "createdAt": "2026-11-01T09:30:00Z",
        "expiresAt": "2026-12-01T09:30:00Z",
        "groupRoleAssignments": [{"groupId": GROUP, "groupRole": "GROUP_OWNER"}],
        "id": INVITE,
        "inviterUsername": "owner@example.com",
        "links": [{"href": "https://cloud.mongodb.com/api/atlas/v2/orgs/x", "rel": "self"}],
        "orgId": ORG,
        "orgName": "Acme",
        "roles": ["ORG_MEMBER", "ORG_FUTURE_ROLE"],
        "teamIds": [],
        "username": "new.user@example.com",
        "someFieldAddedLater": {"nested": true}
    })
}

fn group_invitation() -> Value {
    json!({
        "createdAt": "2026-11-01T09:30:00Z",
        "groupId": GROUP,
        "groupName": "Payments",
        "id": INVITE,
        "inviterUsername": "owner@example.com",
        "roles": ["GROUP_READ_ONLY", "GROUP_NEW_ROLE"],
        "username": "new.user@example.com",
        "anotherNewField": 7
    })
}

async fn client_for(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client builds")
}

/// The single request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request reaches the server");
    requests.remove(0)
}

fn assert_exact_query(request: &Request, expected: &[(&str, &str)]) {
    let actual: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected: Vec<(String, String)> =
        expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(actual, expected);
}

#[tokio::test]
async fn list_org_invites_sends_filters_and_decodes_unknown_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites")))
        .and(header("accept", MEDIA))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", MEDIA)
                .set_body_json(json!([org_invitation()])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let invites = client
        .list_org_invites()
        .org_id(ORG)
        .username("new.user@example.com")
        .pretty(true)
        .send()
        .await
        .expect("list succeeds");

    assert_eq!(invites.len(), 1);
    let invite = &invites[0];
    assert_eq!(invite.org_name, "Acme");
    assert_eq!(
        invite.roles.as_deref(),
        Some(&[OrgRole::OrgMember, OrgRole::Unknown("ORG_FUTURE_ROLE".into())][..])
    );
    assert_eq!(
        invite.group_role_assignments.as_ref().unwrap()[0].group_role,
        Some(ProjectRole::GroupOwner)
    );
    assert_eq!(invite.created_at.unwrap().to_rfc3339(), "2026-11-01T09:30:00+00:00");
    let request = only_request(&server).await;
    assert_exact_query(&request, &[("pretty", "true"), ("username", "new.user@example.com")]);
    assert!(request.headers.get("content-type").is_none(), "a GET has no body");
}

#[tokio::test]
async fn create_org_invite_posts_the_versioned_json_body() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "groupRoleAssignments": [{"groupId": GROUP, "roles": ["GROUP_READ_ONLY"]}],
        "roles": ["ORG_MEMBER"],
        "username": "new.user@example.com"
    });
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(org_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = OrganizationInvitationRequest {
        group_role_assignments: Some(vec![OrganizationInvitationGroupRoleAssignmentsRequest {
            group_id: Some(GROUP.into()),
            roles: Some(vec![ProjectRole::GroupReadOnly]),
        }]),
        roles: Some(vec![OrgRole::OrgMember]),
        team_ids: None,
        username: Some("new.user@example.com".into()),
    };
    let invite =
        client.create_org_invite().org_id(ORG).body(body).send().await.expect("create succeeds");
    assert_eq!(invite.id.as_deref(), Some(INVITE));
    let request = only_request(&server).await;
    assert_exact_query(&request, &[]);
}

#[tokio::test]
async fn update_org_invites_patches_by_username() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(json!({"roles": ["ORG_READ_ONLY"], "username": "new.user@example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(org_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = OrganizationInvitationRequest {
        roles: Some(vec![OrgRole::OrgReadOnly]),
        username: Some("new.user@example.com".into()),
        ..Default::default()
    };
    let reply = client
        .update_org_invites()
        .org_id(ORG)
        .envelope(false)
        .body(body)
        .send_with_response()
        .await
        .expect("update succeeds");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.body().username.as_deref(), Some("new.user@example.com"));
    assert_exact_query(&only_request(&server).await, &[("envelope", "false")]);
}

#[tokio::test]
async fn get_org_invite_fetches_one_by_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("RateLimit-Remaining", "99")
                .set_body_json(org_invitation()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let reply = client
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .send_with_response()
        .await
        .expect("get succeeds");
    assert_eq!(reply.header("ratelimit-remaining"), Some("99"));
    assert_eq!(reply.into_body().inviter_username.as_deref(), Some("owner@example.com"));
    assert_exact_query(&only_request(&server).await, &[]);
}

#[tokio::test]
async fn update_org_invite_by_id_patches_settings() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(
            json!({"roles": ["ORG_BILLING_ADMIN"], "teamIds": ["aaaaaaaaaaaaaaaaaaaaaaaa"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(org_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = OrganizationInvitationUpdateRequest {
        roles: Some(vec![OrgRole::OrgBillingAdmin]),
        team_ids: Some(vec!["aaaaaaaaaaaaaaaaaaaaaaaa".into()]),
        ..Default::default()
    };
    let invite = client
        .update_org_invite_by_id()
        .org_id(ORG)
        .invitation_id(INVITE)
        .body(body)
        .send()
        .await
        .expect("update succeeds");
    assert_eq!(invite.org_id.as_deref(), Some(ORG));
}

#[tokio::test]
async fn delete_org_invite_expects_no_content() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let reply = client
        .delete_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .send_with_response()
        .await
        .expect("delete succeeds");
    assert_eq!(reply.status(), 204);
    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn list_group_invites_filters_by_username() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites")))
        .and(header("accept", MEDIA))
        .and(query_param("username", "new.user@example.com"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([group_invitation(), group_invitation()])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let invites = client
        .list_group_invites()
        .group_id(GROUP)
        .username("new.user@example.com")
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(invites.len(), 2);
    assert_eq!(
        invites[0].roles.as_deref(),
        Some(&[ProjectRole::GroupReadOnly, ProjectRole::Unknown("GROUP_NEW_ROLE".into())][..])
    );
    assert_exact_query(&only_request(&server).await, &[("username", "new.user@example.com")]);
}

#[tokio::test]
async fn create_group_invite_posts_roles() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(json!({"roles": ["GROUP_OWNER", "GROUP_SEARCH_INDEX_EDITOR"], "username": "new.user@example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = GroupInvitationRequest {
        roles: Some(vec![ProjectRole::GroupOwner, ProjectRole::GroupSearchIndexEditor]),
        username: Some("new.user@example.com".into()),
    };
    let invite = client
        .create_group_invite()
        .group_id(GROUP)
        .body(body)
        .send()
        .await
        .expect("create succeeds");
    assert_eq!(invite.group_name.as_deref(), Some("Payments"));
}

#[tokio::test]
async fn update_group_invites_patches_by_username() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(json!({"roles": ["GROUP_READ_ONLY"], "username": "new.user@example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = GroupInvitationRequest {
        roles: Some(vec![ProjectRole::GroupReadOnly]),
        username: Some("new.user@example.com".into()),
    };
    let invite = client
        .update_group_invites()
        .group_id(GROUP)
        .pretty(false)
        .body(body)
        .send()
        .await
        .expect("update succeeds");
    assert_eq!(invite.id.as_deref(), Some(INVITE));
    assert_exact_query(&only_request(&server).await, &[("pretty", "false")]);
}

#[tokio::test]
async fn get_group_invite_fetches_one_by_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let invite = client
        .get_group_invite()
        .group_id(GROUP)
        .invitation_id(INVITE)
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(invite.group_id.as_deref(), Some(GROUP));
}

#[tokio::test]
async fn update_group_invite_by_id_patches_roles() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .and(header("content-type", MEDIA))
        .and(body_json(json!({"roles": ["GROUP_CLUSTER_MANAGER"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_invitation()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let body = GroupInvitationUpdateRequest { roles: Some(vec![ProjectRole::GroupClusterManager]) };
    let invite = client
        .update_group_invite_by_id()
        .group_id(GROUP)
        .invitation_id(INVITE)
        .body(body)
        .send()
        .await
        .expect("update succeeds");
    assert_eq!(invite.username.as_deref(), Some("new.user@example.com"));
}

#[tokio::test]
async fn delete_group_invite_expects_no_content() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/invites/{INVITE}")))
        .and(header("accept", MEDIA))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    client
        .delete_group_invite()
        .group_id(GROUP)
        .invitation_id(INVITE)
        .envelope(true)
        .send()
        .await
        .expect("delete succeeds");
    assert_exact_query(&only_request(&server).await, &[("envelope", "true")]);
}
