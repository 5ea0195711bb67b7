//! HTTP Digest against a real server: Apache httpd's `mod_auth_digest`.
#![allow(deprecated)]

mod support;

use atlas_invites::types::{
    AddOrRemoveOrgRole, OrgMembershipStatus, OrgRole, OrganizationInvitationRequest,
};
use atlas_invites::{Client, Credentials, Error};
use support::apache::{Apache, PASSWORD, USER};
use support::ids::{INVITE, ORG, USER as USER_ID};

fn client(base: String, user: &str, password: &str) -> Client {
    Client::builder()
        .base_url(base)
        .credentials(Credentials::digest(user, password))
        .build()
        .unwrap()
}

#[tokio::test]
async fn right_credentials_succeed_and_the_nonce_is_reused() {
    let apache = Apache::start("reuse");
    let client = client(apache.url(), USER, PASSWORD);
    for _ in 0..4 {
        let invite = client
            .get_org_invite()
            .org_id(ORG)
            .invitation_id(INVITE)
            .pretty(true)
            .send()
            .await
            .expect("digest GET succeeds");
        assert_eq!(invite.org_name, "Acme");
    }
    let log = apache.access_log();
    let unauthorized = log.iter().filter(|l| l.ends_with(" 401")).count();
    let ok = log.iter().filter(|l| l.ends_with(" 200")).count();
    assert_eq!(
        (unauthorized, ok),
        (1, 4),
        "one challenge, then the nonce is reused with an increasing nc: {log:#?}"
    );
    assert!(
        log[1].starts_with(&format!("GET /api/atlas/v2/orgs/{ORG}/invites/{INVITE}?pretty=true")),
        "{log:#?}"
    );
}

#[tokio::test]
async fn requests_with_bodies_authenticate_too() {
    let apache = Apache::start("bodies");
    let client = client(apache.url(), USER, PASSWORD);
    let body = OrganizationInvitationRequest {
        username: Some("post@example.com".into()),
        ..Default::default()
    };
    let created = client
        .create_org_invite()
        .org_id(ORG)
        .body(body)
        .send()
        .await
        .expect("digest POST succeeds");
    assert_eq!(created.username.as_deref(), Some("post@example.com"), "the server saw the body");
    let body = OrganizationInvitationRequest {
        username: Some("patch@example.com".into()),
        ..Default::default()
    };
    let updated = client
        .update_org_invites()
        .org_id(ORG)
        .body(body)
        .send()
        .await
        .expect("digest PATCH succeeds");
    assert_eq!(updated.username.as_deref(), Some("patch@example.com"));
    client
        .delete_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .send()
        .await
        .expect("digest DELETE succeeds");
    let log = apache.access_log();
    assert_eq!(log.iter().filter(|l| l.ends_with(" 401")).count(), 1, "{log:#?}");
    assert!(log.iter().any(|l| l.starts_with("PATCH ") && l.ends_with(" 200")), "{log:#?}");
}

#[tokio::test]
async fn users_operations_authenticate_the_same_way() {
    let apache = Apache::start("users");
    let client = client(apache.url(), USER, PASSWORD);
    let user = client
        .get_org_user()
        .org_id(ORG)
        .user_id(USER_ID)
        .send()
        .await
        .expect("digest GET of a user succeeds");
    assert_eq!(user.org_membership_status, OrgMembershipStatus::Pending);
    let body = AddOrRemoveOrgRole { org_role: OrgRole::OrgBillingAdmin };
    let user = client
        .add_org_role()
        .org_id(ORG)
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .expect("digest POST to `:addRole` succeeds");
    assert_eq!(
        user.roles.org_roles.as_deref(),
        Some(&[OrgRole::OrgBillingAdmin][..]),
        "the server saw the body"
    );
    let log = apache.access_log();
    assert_eq!(log.len(), 3, "one challenge, then the nonce is reused: {log:#?}");
    assert!(
        log[0].ends_with(" 401")
            && log[1].starts_with(&format!("GET /api/atlas/v2/orgs/{ORG}/users/{USER_ID} ")),
        "{log:#?}"
    );
    assert!(
        log[2].starts_with(&format!("POST /api/atlas/v2/orgs/{ORG}/users/{USER_ID}:addRole "))
            && log[2].ends_with(" 200"),
        "{log:#?}"
    );
}

#[tokio::test]
async fn wrong_credentials_give_a_typed_401() {
    let apache = Apache::start("wrong");
    let client = client(apache.url(), USER, "not-the-private-key");
    let error = client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap_err();
    let Error::Api(response) = &error else { panic!("expected a 401 API error, got {error:?}") };
    assert_eq!(response.status, 401);
    let log = apache.access_log();
    assert_eq!(log.len(), 2, "one challenge and one answer, never a loop: {log:#?}");
    assert!(!format!("{error} {error:?}").contains("not-the-private-key"));
}

#[tokio::test]
async fn a_stale_nonce_is_renewed_transparently() {
    let apache = Apache::start("stale");
    let client = client(format!("{}/stale", apache.url()), USER, PASSWORD);
    client
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .send()
        .await
        .expect("first request succeeds");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    client
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .send()
        .await
        .expect("request after the nonce expired succeeds");
    let log = apache.access_log();
    let statuses: Vec<&str> = log.iter().map(|l| l.rsplit(' ').next().unwrap()).collect();
    assert_eq!(statuses, ["401", "200", "401", "200"], "{log:#?}");
}
