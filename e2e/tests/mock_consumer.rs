//! The generated test doubles as a consumer of the crate uses them: application code that
//! takes a `Client` is tested without a network, against `atlas_invites::mock::Server`, whose
//! typed expectations check each request and give each reply.
#![allow(deprecated)] // the invitation operations are deprecated upstream; still served until 2027-07-01

mod support;

use atlas_invites::mock::Server;
use atlas_invites::types::{
    AddOrRemoveOrgRole, ApiError, OrgMembershipStatus, OrgRole, OrgUserResponse,
    OrganizationInvitation, PaginatedOrgUser,
};
use atlas_invites::{Client, Error};
use support::ids::{INVITE, ORG, USER};

const OTHER_INVITE: &str = "0123456789abcdef01234567";

// ----- the application code under test -----

/// The email addresses with a pending invitation to the organization.
async fn pending_usernames(client: &Client, org_id: &str) -> Result<Vec<String>, Error> {
    let invites = client.list_org_invites().org_id(org_id).send().await?;
    Ok(invites.into_iter().filter_map(|invite| invite.username).collect())
}

/// Cancels every pending invitation of the organization; returns how many.
async fn cancel_all(client: &Client, org_id: &str) -> Result<usize, Error> {
    let invites = client.list_org_invites().org_id(org_id).send().await?;
    for id in invites.iter().filter_map(|invite| invite.id.as_deref()) {
        client.delete_org_invite().org_id(org_id).invitation_id(id).send().await?;
    }
    Ok(invites.len())
}

// ----- its tests -----

fn invite(id: &str, username: &str) -> OrganizationInvitation {
    serde_json::from_value(
        serde_json::json!({"id": id, "orgId": ORG, "orgName": "Acme", "username": username}),
    )
    .unwrap()
}

#[tokio::test]
async fn lists_the_pending_usernames() {
    let server = Server::start().await;
    server
        .expect_list_org_invites()
        .org_id(ORG)
        .respond(vec![invite(INVITE, "a@example.com"), invite(OTHER_INVITE, "b@example.com")])
        .await;
    assert_eq!(
        pending_usernames(&server.client(), ORG).await.unwrap(),
        ["a@example.com", "b@example.com"]
    );
    server.verify().await;
}

#[tokio::test]
async fn cancels_each_invitation_once() {
    let server = Server::start().await;
    server
        .expect_list_org_invites()
        .org_id(ORG)
        .respond(vec![invite(INVITE, "a@example.com"), invite(OTHER_INVITE, "b@example.com")])
        .await;
    server.expect_delete_org_invite().org_id(ORG).invitation_id(INVITE).respond().await;
    server.expect_delete_org_invite().org_id(ORG).invitation_id(OTHER_INVITE).respond().await;
    assert_eq!(cancel_all(&server.client(), ORG).await.unwrap(), 2);
    server.verify().await;
}

#[tokio::test]
async fn an_error_reply_reaches_the_application_typed() {
    let server = Server::start().await;
    let error = ApiError {
        error: 403,
        error_code: "USER_UNAUTHORIZED".into(),
        detail: None,
        reason: Some("Forbidden".into()),
        bad_request_detail: None,
        parameters: None,
    };
    server.expect_list_org_invites().org_id(ORG).respond_error(403, error).await;
    let Err(Error::Api(response)) = pending_usernames(&server.client(), ORG).await else {
        panic!("expected an API error")
    };
    assert_eq!((response.status, response.error_code()), (403, Some("USER_UNAUTHORIZED")));
    server.verify().await;
}

#[tokio::test]
async fn times_allows_repeated_calls() {
    let server = Server::start().await;
    server
        .expect_list_org_invites()
        .org_id(ORG)
        .times(2)
        .respond(vec![invite(INVITE, "a@example.com")])
        .await;
    let client = server.client();
    for _ in 0..2 {
        assert_eq!(pending_usernames(&client, ORG).await.unwrap(), ["a@example.com"]);
    }
    server.verify().await;
    assert_eq!(server.request_count().await, 2);
}

#[tokio::test]
#[should_panic(expected = "requests that no `expect_*` call matches")]
async fn an_unexpected_call_fails_the_test_with_a_clear_message() {
    let server = Server::start().await;
    // The application calls an operation nobody expected: it gets a 501 naming the request...
    let Err(Error::Api(response)) = pending_usernames(&server.client(), ORG).await else {
        panic!("expected the mock's 501")
    };
    assert_eq!(response.status, 501);
    assert!(
        response.raw.contains(&format!(
            "mock: no expectation matches GET http://localhost/api/atlas/v2/orgs/{ORG}/invites"
        )),
        "{}",
        response.raw
    );
    // ...and the test fails when the server is verified (or dropped).
    server.verify().await;
}

#[tokio::test]
#[should_panic(
    expected = "`deleteOrgInvite` (DELETE /api/atlas/v2/orgs/4888442a3354817a7320eb61/invites/*)"
)]
async fn an_unmet_expectation_fails_the_test_naming_the_operation() {
    let server = Server::start().await;
    server.expect_delete_org_invite().org_id(ORG).respond().await;
    server.verify().await;
}

#[tokio::test]
#[should_panic(expected = "requests that no `expect_*` call matches")]
async fn a_call_with_other_parameters_is_unexpected() {
    let server = Server::start().await;
    server.expect_delete_org_invite().org_id(ORG).invitation_id(INVITE).respond().await;
    let client = server.client();
    let error = client
        .delete_org_invite()
        .org_id(ORG)
        .invitation_id(OTHER_INVITE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(501));
    client.delete_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    server.verify().await;
}

// ----- the replacement operations: a parameter inside a path segment (`{userId}:addRole`) -----

const OTHER_USER: &str = "0123456789abcdef01234567";

fn pending_user(id: &str, role: &str) -> OrgUserResponse {
    serde_json::from_value(serde_json::json!({"id": id, "orgMembershipStatus": "PENDING", "roles": {"orgRoles": [role]}, "username": "a@example.com"})).unwrap()
}

/// Promotes every pending user of the organization to billing admin; returns their ids.
async fn promote_pending(client: &Client, org_id: &str) -> Result<Vec<String>, Error> {
    let page = client
        .list_org_users()
        .org_id(org_id)
        .org_membership_statuses(vec![OrgMembershipStatus::Pending])
        .send()
        .await?;
    let mut promoted = Vec::new();
    for user in page.results {
        client
            .add_org_role()
            .org_id(org_id)
            .user_id(&user.id)
            .body(AddOrRemoveOrgRole { org_role: OrgRole::OrgBillingAdmin })
            .send()
            .await?;
        promoted.push(user.id);
    }
    Ok(promoted)
}

#[tokio::test]
async fn a_parameter_inside_a_segment_is_pinned_exactly() {
    let server = Server::start().await;
    let page = PaginatedOrgUser {
        results: vec![pending_user(USER, "ORG_MEMBER")],
        total_count: None,
        links: None,
    };
    server
        .expect_list_org_users()
        .org_id(ORG)
        .org_membership_statuses(vec![OrgMembershipStatus::Pending])
        .respond(page)
        .await;
    let role = AddOrRemoveOrgRole { org_role: OrgRole::OrgBillingAdmin };
    server
        .expect_add_org_role()
        .org_id(ORG)
        .user_id(USER)
        .body(&role)
        .respond(pending_user(USER, "ORG_BILLING_ADMIN"))
        .await;
    assert_eq!(promote_pending(&server.client(), ORG).await.unwrap(), [USER]);
    server.verify().await;
}

#[tokio::test]
#[should_panic(expected = "requests that no `expect_*` call matches")]
async fn another_user_id_inside_the_segment_is_unexpected() {
    let server = Server::start().await;
    let role = AddOrRemoveOrgRole { org_role: OrgRole::OrgOwner };
    server
        .expect_add_org_role()
        .org_id(ORG)
        .user_id(USER)
        .body(&role)
        .respond(pending_user(USER, "ORG_OWNER"))
        .await;
    let client = server.client();
    // The same path shape with another id, and the same id with the other action, both miss.
    let error = client
        .add_org_role()
        .org_id(ORG)
        .user_id(OTHER_USER)
        .body(role.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(501));
    let error = client
        .remove_org_role()
        .org_id(ORG)
        .user_id(USER)
        .body(role.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(501));
    client.add_org_role().org_id(ORG).user_id(USER).body(role).send().await.unwrap();
    server.verify().await;
}

#[tokio::test]
#[should_panic(
    expected = "`addOrgRole` (POST /api/atlas/v2/orgs/4888442a3354817a7320eb61/users/*:addRole)"
)]
async fn an_unmet_expectation_shows_the_segment_template() {
    let server = Server::start().await;
    server.expect_add_org_role().org_id(ORG).respond(pending_user(USER, "ORG_OWNER")).await;
    server.verify().await;
}
