//! Contract tests: every operation of the generated client against Prism, an independent
//! OpenAPI validator, loaded once with our spec and once with the upstream document. A
//! request Prism finds invalid, or a response that breaks the document, fails the call
//! (`--errors`), so these prove that our spec, our client and upstream agree.
#![allow(deprecated)]

mod support;

use atlas_invites::types::{
    AddOrRemoveGroupRole, AddOrRemoveOrgRole, AddOrRemoveUserFromTeam, GroupInvitationRequest,
    GroupInvitationUpdateRequest, GroupRoleAssignment, GroupUserRequest, OrgMembershipStatus,
    OrgRole, OrgUserRequest, OrgUserRolesRequest, OrgUserUpdateRequest,
    OrganizationInvitationGroupRoleAssignmentsRequest, OrganizationInvitationRequest,
    OrganizationInvitationUpdateRequest, ProjectRole,
};
use atlas_invites::{Client, Credentials};
use support::ids::{GROUP, INVITE, ORG, TEAM, USER};
use support::prism::{self, Prism};

fn client(prism: &Prism) -> Client {
    // Prism enforces the security requirement, so a credential is needed.
    Client::builder()
        .base_url(&prism.url)
        .credentials(Credentials::bearer("contract-test-token"))
        .build()
        .unwrap()
}

fn org_request() -> OrganizationInvitationRequest {
    OrganizationInvitationRequest {
        group_role_assignments: Some(vec![OrganizationInvitationGroupRoleAssignmentsRequest {
            group_id: Some(GROUP.into()),
            roles: Some(vec![ProjectRole::GroupReadOnly]),
        }]),
        roles: Some(vec![OrgRole::OrgMember]),
        team_ids: Some(vec![TEAM.into()]),
        username: Some("new.user@example.com".into()),
    }
}

/// Runs one call against Prism. For upstream, the same call also goes to a recording
/// server, because Prism neither logs query strings nor rejects unknown query parameters:
/// every query parameter the client sends must be declared upstream.
macro_rules! contract {
    ($ours:ident, $upstream:ident, |$client:ident| $call:expr) => {
        #[tokio::test]
        async fn $ours() {
            let prism = prism::ours();
            let $client = client(prism);
            let result = $call;
            if let Err(e) = &result {
                panic!("Prism (our spec) rejected the call: {e}");
            }
        }

        #[tokio::test]
        async fn $upstream() {
            let prism = prism::upstream();
            let $client = client(prism);
            let result = $call;
            if let Err(e) = &result {
                panic!("Prism (upstream spec) rejected the call: {e}");
            }
            let recorder = wiremock::MockServer::start().await;
            let $client = Client::builder()
                .base_url(recorder.uri())
                .retry(atlas_invites::RetryPolicy::disabled())
                .build()
                .unwrap();
            let _ = $call;
            let sent: Vec<(String, String)> = recorder
                .received_requests()
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r.method.to_string(),
                        format!(
                            "{}{}",
                            r.url.path(),
                            r.url.query().map(|q| format!("?{q}")).unwrap_or_default()
                        ),
                    )
                })
                .collect();
            assert_eq!(sent.len(), 1);
            let problems = prism::undeclared_query_parameters(prism::upstream_subset(), &sent);
            assert!(problems.is_empty(), "{problems:#?}");
        }
    };
}

contract!(list_org_invites_ours, list_org_invites_upstream, |client| client
    .list_org_invites()
    .org_id(ORG)
    .username("new.user@example.com")
    .send()
    .await
    .map(|invites| invites.len()));
contract!(create_org_invite_ours, create_org_invite_upstream, |client| client
    .create_org_invite()
    .org_id(ORG)
    .body(org_request())
    .send()
    .await);
contract!(update_org_invites_ours, update_org_invites_upstream, |client| client
    .update_org_invites()
    .org_id(ORG)
    .body(org_request())
    .send()
    .await);
contract!(get_org_invite_ours, get_org_invite_upstream, |client| client
    .get_org_invite()
    .org_id(ORG)
    .invitation_id(INVITE)
    .send()
    .await);
contract!(update_org_invite_by_id_ours, update_org_invite_by_id_upstream, |client| client
    .update_org_invite_by_id()
    .org_id(ORG)
    .invitation_id(INVITE)
    .body(OrganizationInvitationUpdateRequest {
        roles: Some(vec![OrgRole::OrgBillingAdmin]),
        team_ids: Some(vec![TEAM.into()]),
        ..Default::default()
    })
    .send()
    .await);
contract!(delete_org_invite_ours, delete_org_invite_upstream, |client| client
    .delete_org_invite()
    .org_id(ORG)
    .invitation_id(INVITE)
    .send()
    .await);
contract!(list_group_invites_ours, list_group_invites_upstream, |client| client
    .list_group_invites()
    .group_id(GROUP)
    .username("new.user@example.com")
    .send()
    .await
    .map(|invites| invites.len()));
contract!(create_group_invite_ours, create_group_invite_upstream, |client| client
    .create_group_invite()
    .group_id(GROUP)
    .body(GroupInvitationRequest {
        roles: Some(vec![ProjectRole::GroupOwner]),
        username: Some("new.user@example.com".into())
    })
    .send()
    .await);
contract!(update_group_invites_ours, update_group_invites_upstream, |client| client
    .update_group_invites()
    .group_id(GROUP)
    .body(GroupInvitationRequest {
        roles: Some(vec![ProjectRole::GroupReadOnly]),
        username: Some("new.user@example.com".into())
    })
    .send()
    .await);
contract!(get_group_invite_ours, get_group_invite_upstream, |client| client
    .get_group_invite()
    .group_id(GROUP)
    .invitation_id(INVITE)
    .send()
    .await);
contract!(update_group_invite_by_id_ours, update_group_invite_by_id_upstream, |client| client
    .update_group_invite_by_id()
    .group_id(GROUP)
    .invitation_id(INVITE)
    .body(GroupInvitationUpdateRequest { roles: Some(vec![ProjectRole::GroupClusterManager]) })
    .send()
    .await);
contract!(delete_group_invite_ours, delete_group_invite_upstream, |client| client
    .delete_group_invite()
    .group_id(GROUP)
    .invitation_id(INVITE)
    .send()
    .await);

// The MongoDB Cloud Users operations that replace the invitations.

fn org_user_request() -> OrgUserRequest {
    OrgUserRequest {
        roles: OrgUserRolesRequest {
            group_role_assignments: Some(vec![GroupRoleAssignment {
                group_id: Some(GROUP.into()),
                group_roles: Some(vec![ProjectRole::GroupReadOnly]),
            }]),
            org_roles: vec![OrgRole::OrgMember],
        },
        team_ids: Some(vec![TEAM.into()]),
        username: "new.user@example.com".into(),
    }
}

contract!(list_org_users_ours, list_org_users_upstream, |client| client
    .list_org_users()
    .org_id(ORG)
    .items_per_page(20)
    .page_num(1)
    .include_count(true)
    .username("new.user@example.com")
    .org_membership_statuses(vec![OrgMembershipStatus::Pending, OrgMembershipStatus::Active])
    .send()
    .await
    .map(|page| page.results.len()));
contract!(create_org_user_ours, create_org_user_upstream, |client| client
    .create_org_user()
    .org_id(ORG)
    .body(org_user_request())
    .send()
    .await);
contract!(get_org_user_ours, get_org_user_upstream, |client| client
    .get_org_user()
    .org_id(ORG)
    .user_id(USER)
    .org_membership_statuses(vec![OrgMembershipStatus::Pending])
    .send()
    .await);
contract!(update_org_user_ours, update_org_user_upstream, |client| client
    .update_org_user()
    .org_id(ORG)
    .user_id(USER)
    .body(OrgUserUpdateRequest {
        roles: Some(OrgUserRolesRequest {
            group_role_assignments: None,
            org_roles: vec![OrgRole::OrgReadOnly]
        }),
        team_ids: Some(vec![TEAM.into()])
    })
    .send()
    .await);
contract!(remove_org_user_ours, remove_org_user_upstream, |client| client
    .remove_org_user()
    .org_id(ORG)
    .user_id(USER)
    .send()
    .await);
contract!(add_org_role_ours, add_org_role_upstream, |client| client
    .add_org_role()
    .org_id(ORG)
    .user_id(USER)
    .body(AddOrRemoveOrgRole { org_role: OrgRole::OrgGroupCreator })
    .send()
    .await);
contract!(remove_org_role_ours, remove_org_role_upstream, |client| client
    .remove_org_role()
    .org_id(ORG)
    .user_id(USER)
    .body(AddOrRemoveOrgRole { org_role: OrgRole::OrgGroupCreator })
    .send()
    .await);
contract!(list_group_users_ours, list_group_users_upstream, |client| client
    .list_group_users()
    .group_id(GROUP)
    .items_per_page(20)
    .flatten_teams(false)
    .include_org_users(true)
    .org_membership_statuses(vec![OrgMembershipStatus::Pending])
    .username("new.user@example.com")
    .send()
    .await
    .map(|page| page.results.len()));
contract!(add_group_users_ours, add_group_users_upstream, |client| client
    .add_group_users()
    .group_id(GROUP)
    .body(GroupUserRequest {
        roles: vec![ProjectRole::GroupOwner],
        username: "new.user@example.com".into()
    })
    .send()
    .await);
contract!(get_group_user_ours, get_group_user_upstream, |client| client
    .get_group_user()
    .group_id(GROUP)
    .user_id(USER)
    .send()
    .await);
contract!(remove_group_user_ours, remove_group_user_upstream, |client| client
    .remove_group_user()
    .group_id(GROUP)
    .user_id(USER)
    .send()
    .await);
contract!(add_group_user_role_ours, add_group_user_role_upstream, |client| client
    .add_group_user_role()
    .group_id(GROUP)
    .user_id(USER)
    .body(AddOrRemoveGroupRole { group_role: ProjectRole::GroupDataAccessReadOnly })
    .send()
    .await);
contract!(remove_group_user_role_ours, remove_group_user_role_upstream, |client| client
    .remove_group_user_role()
    .group_id(GROUP)
    .user_id(USER)
    .body(AddOrRemoveGroupRole { group_role: ProjectRole::GroupDataAccessReadOnly })
    .send()
    .await);
contract!(list_team_users_ours, list_team_users_upstream, |client| client
    .list_team_users()
    .org_id(ORG)
    .team_id(TEAM)
    .items_per_page(20)
    .user_id(USER)
    .username("new.user@example.com")
    .send()
    .await
    .map(|page| page.results.len()));
contract!(add_org_team_user_ours, add_org_team_user_upstream, |client| client
    .add_org_team_user()
    .org_id(ORG)
    .team_id(TEAM)
    .body(AddOrRemoveUserFromTeam { id: USER.into() })
    .send()
    .await);
contract!(remove_org_team_user_ours, remove_org_team_user_upstream, |client| client
    .remove_org_team_user()
    .org_id(ORG)
    .team_id(TEAM)
    .body(AddOrRemoveUserFromTeam { id: USER.into() })
    .send()
    .await);

#[tokio::test]
async fn envelope_and_pretty_are_accepted_by_our_spec() {
    let client = client(prism::ours());
    let invite = client
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .pretty(true)
        .envelope(false)
        .send()
        .await
        .expect("accepted");
    assert!(!invite.org_name.is_empty());
}

/// The harness can fail: Prism rejects what breaks the document.
mod rejections {
    use super::*;

    /// Sends a raw request; returns the status and Prism's `sl-violations` header, which
    /// lists what it found wrong.
    async fn raw(
        prism: &Prism,
        method: reqwest::Method,
        path: &str,
        accept: &str,
        body: Option<&str>,
    ) -> (u16, String) {
        let http = reqwest::Client::new();
        let mut request = http
            .request(method, format!("{}{path}", prism.url))
            .header("accept", accept)
            .header("authorization", "Bearer t");
        if let Some(body) = body {
            // The body goes in the same versioned media type the call accepts.
            request = request.header("content-type", accept).body(body.to_string());
        }
        let reply = request.send().await.unwrap();
        let violations = reply
            .headers()
            .get("sl-violations")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (reply.status().as_u16(), violations)
    }

    /// Prism answers an invalid request with the spec's 400 response if it declares one,
    /// 422 otherwise, and names the violation.
    fn assert_rejected((status, violations): (u16, String), expected: &str) {
        assert!(status == 400 || status == 422, "expected a rejection, got {status}");
        assert!(
            violations.contains(expected),
            "violations {violations:?} do not mention {expected:?}"
        );
    }

    #[tokio::test]
    async fn a_body_field_of_the_wrong_type_is_rejected() {
        for prism in [prism::ours(), prism::upstream()] {
            let reply = raw(
                prism,
                reqwest::Method::POST,
                &format!("/api/atlas/v2/orgs/{ORG}/invites"),
                "application/vnd.atlas.2023-01-01+json",
                Some(r#"{"username": 42}"#),
            )
            .await;
            assert_rejected(reply, "username");
        }
    }

    #[tokio::test]
    async fn a_body_field_upstream_does_not_know_is_rejected_by_upstream() {
        let body = r#"{"username": "a@example.com", "userName": "a@example.com"}"#;
        let reply = raw(
            prism::upstream(),
            reqwest::Method::POST,
            &format!("/api/atlas/v2/orgs/{ORG}/invites"),
            "application/vnd.atlas.2023-01-01+json",
            Some(body),
        )
        .await;
        assert_rejected(reply, "additional properties");
    }

    #[tokio::test]
    async fn a_wrong_accept_version_is_rejected() {
        for prism in [prism::ours(), prism::upstream()] {
            let (status, _) = raw(
                prism,
                reqwest::Method::GET,
                &format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}"),
                "application/vnd.atlas.1999-01-01+json",
                None,
            )
            .await;
            assert!(status >= 400, "{} accepted a wrong version: {status}", prism.url);
        }
    }

    #[tokio::test]
    async fn a_users_body_that_breaks_the_document_is_rejected_on_a_colon_path() {
        let path = format!("/api/atlas/v2/orgs/{ORG}/users/{USER}:addRole");
        for prism in [prism::ours(), prism::upstream()] {
            let reply = raw(
                prism,
                reqwest::Method::POST,
                &path,
                support::ids::USERS_MEDIA,
                Some(r#"{"orgRole": 42}"#),
            )
            .await;
            assert_rejected(reply, "orgRole");
        }
        let reply = raw(
            prism::upstream(),
            reqwest::Method::POST,
            &path,
            support::ids::USERS_MEDIA,
            Some(r#"{"orgRole": "ORG_MEMBER", "role": "ORG_MEMBER"}"#),
        )
        .await;
        assert_rejected(reply, "additional properties");
        // The invitations' version is not the users operations' version.
        let (status, _) = raw(
            prism::ours(),
            reqwest::Method::GET,
            &format!("/api/atlas/v2/orgs/{ORG}/users/{USER}"),
            "application/vnd.atlas.2023-01-01+json",
            None,
        )
        .await;
        assert!(status >= 400, "a users operation accepted the invitations' version: {status}");
    }

    #[tokio::test]
    async fn a_bad_path_id_is_rejected() {
        let reply = raw(
            prism::ours(),
            reqwest::Method::GET,
            "/api/atlas/v2/orgs/not-hex/invites",
            "application/vnd.atlas.2023-01-01+json",
            None,
        )
        .await;
        assert_rejected(reply, "pattern");
    }

    #[test]
    fn a_renamed_query_parameter_is_caught() {
        // What a client generated from a spec that renamed `username` to `email` would send.
        let requests = vec![(
            "GET".to_string(),
            format!("/api/atlas/v2/orgs/{ORG}/invites?email=a%40example.com"),
        )];
        let problems = prism::undeclared_query_parameters(prism::upstream_subset(), &requests);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`email`"), "{problems:?}");
    }
}
