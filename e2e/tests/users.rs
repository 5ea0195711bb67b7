//! The MongoDB Cloud Users operations, which replace the deprecated invitations, end to end
//! through the public API against a local HTTP server: exact method, path (with the
//! `{userId}:addRole` form), query, the 2025-02-19 `Accept`/`Content-Type` and body; replies
//! decoded, pending users included; paging; validation before anything is sent.

mod support;

use atlas_invites::types::{
    AddOrRemoveGroupRole, AddOrRemoveOrgRole, AddOrRemoveUserFromTeam, GroupRoleAssignment,
    GroupUserRequest, OrgMembershipStatus, OrgRole, OrgUserRequest, OrgUserRolesRequest,
    OrgUserUpdateRequest, ProjectRole,
};
use atlas_invites::{Client, Error};
use futures_util::StreamExt;
use serde_json::{json, Value};
use support::ids::{GROUP, MEDIA, ORG, TEAM, USER, USERS_MEDIA};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A user who was invited and has not answered: what an invitation is in the new API.
fn pending_org_user() -> Value {
    json!({
        "id": USER,
        "orgMembershipStatus": "PENDING",
        "roles": {"orgRoles": ["ORG_MEMBER"], "groupRoleAssignments": [{"groupId": GROUP, "groupRoles": ["GROUP_READ_ONLY"]}]},
        "teamIds": [TEAM],
        "username": "new.user@example.com",
        "invitationCreatedAt": "2026-11-01T09:30:00Z",
        "invitationExpiresAt": "2026-12-01T09:30:00Z",
        "inviterUsername": "owner@example.com"
    })
}

fn active_org_user() -> Value {
    json!({
        "id": "6b6fbc29e76c9a4be2ed3d40",
        "orgMembershipStatus": "ACTIVE",
        "roles": {"orgRoles": ["ORG_OWNER", "ORG_ROLE_FROM_THE_FUTURE"]},
        "username": "owner@example.com",
        "country": "US",
        "createdAt": "2024-01-02T03:04:05Z",
        "firstName": "Olga",
        "lastName": "Owner",
        "lastAuth": "2026-11-20T08:00:00Z",
        "fieldAddedLater": true
    })
}

fn group_user(status: &str) -> Value {
    json!({
        "id": USER,
        "orgMembershipStatus": status,
        "roles": ["GROUP_READ_ONLY", "GROUP_NEW_ROLE"],
        "username": "new.user@example.com",
        "invitationCreatedAt": "2026-11-01T09:30:00Z",
        "inviterUsername": "owner@example.com"
    })
}

/// A server that answers `method path` with `reply` only when the call accepts the users
/// media type; any other call gets wiremock's 404 and fails the test's `send`.
async fn serve(
    http_method: &str,
    request_path: String,
    status: u16,
    reply: Option<Value>,
) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status);
    if let Some(reply) = reply {
        template = template.set_body_raw(serde_json::to_vec(&reply).unwrap(), USERS_MEDIA);
    }
    Mock::given(method(http_method))
        .and(path(request_path))
        .and(header("accept", USERS_MEDIA))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client builds")
}

/// The single request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request reaches the server");
    requests.remove(0)
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The request carried exactly this JSON body, as the users media type.
fn assert_body(request: &Request, expected: Value) {
    assert_eq!(
        request.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some(USERS_MEDIA)
    );
    let body: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(body, expected);
}

fn assert_no_body(request: &Request) {
    assert!(
        request.body.is_empty() && request.headers.get("content-type").is_none(),
        "no body expected"
    );
}

#[tokio::test]
async fn list_org_users_sends_paging_and_status_filters_and_decodes_pending_and_active_users() {
    let reply =
        json!({"results": [pending_org_user(), active_org_user()], "totalCount": 2, "links": []});
    let server = serve("GET", format!("/api/atlas/v2/orgs/{ORG}/users"), 200, Some(reply)).await;
    let page = client(&server)
        .list_org_users()
        .org_id(ORG)
        .items_per_page(50)
        .page_num(2)
        .include_count(true)
        .username("new.user@example.com")
        .org_membership_statuses(vec![
            OrgMembershipStatus::Pending,
            OrgMembershipStatus::InvitationExpired,
        ])
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(page.total_count, Some(2));
    let pending = &page.results[0];
    assert_eq!(pending.org_membership_status, OrgMembershipStatus::Pending);
    assert_eq!(pending.inviter_username.as_deref(), Some("owner@example.com"));
    assert_eq!(pending.invitation_created_at.unwrap().to_rfc3339(), "2026-11-01T09:30:00+00:00");
    assert_eq!(
        pending.roles.group_role_assignments.as_ref().unwrap()[0].group_roles.as_deref(),
        Some(&[ProjectRole::GroupReadOnly][..])
    );
    let active = &page.results[1];
    assert_eq!(active.org_membership_status, OrgMembershipStatus::Active);
    assert_eq!(
        active.roles.org_roles.as_deref(),
        Some(&[OrgRole::OrgOwner, OrgRole::Unknown("ORG_ROLE_FROM_THE_FUTURE".into())][..])
    );
    assert_eq!(active.first_name.as_deref(), Some("Olga"));

    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[
            ("includeCount", "true"),
            ("itemsPerPage", "50"),
            ("pageNum", "2"),
            ("username", "new.user@example.com"),
            ("orgMembershipStatuses", "PENDING"),
            ("orgMembershipStatuses", "INVITATION_EXPIRED"),
        ])
    );
    assert_no_body(&request);
}

#[tokio::test]
async fn pending_users_are_found_by_status_across_every_page() {
    // The migration guide's recipe for "list my open invitations": every page, lazily.
    let server = MockServer::start().await;
    for (page, results) in
        [("1", vec![pending_org_user(), pending_org_user()]), ("2", vec![pending_org_user()])]
    {
        Mock::given(method("GET"))
            .and(path(format!("/api/atlas/v2/orgs/{ORG}/users")))
            .and(query_param("pageNum", page))
            .and(query_param("itemsPerPage", "2"))
            .and(query_param("orgMembershipStatuses", "PENDING"))
            .and(header("accept", USERS_MEDIA))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"results": results, "totalCount": 3})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let users: Vec<_> = client
        .list_org_users()
        .org_id(ORG)
        .items_per_page(2)
        .org_membership_statuses(vec![OrgMembershipStatus::Pending])
        .items()
        .collect()
        .await;
    assert_eq!(users.len(), 3);
    assert!(users
        .iter()
        .all(|u| u.as_ref().unwrap().org_membership_status == OrgMembershipStatus::Pending));
    server.verify().await;
}

#[tokio::test]
async fn the_deprecated_single_status_filter_is_still_sent() {
    let server =
        serve("GET", format!("/api/atlas/v2/orgs/{ORG}/users"), 200, Some(json!({"results": []})))
            .await;
    client(&server)
        .list_org_users()
        .org_id(ORG)
        .org_membership_status(OrgMembershipStatus::Active)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(query(&only_request(&server).await), pairs(&[("orgMembershipStatus", "ACTIVE")]));
}

#[tokio::test]
async fn create_org_user_posts_roles_and_decodes_the_201_reply() {
    let server =
        serve("POST", format!("/api/atlas/v2/orgs/{ORG}/users"), 201, Some(pending_org_user()))
            .await;
    let body = OrgUserRequest {
        roles: OrgUserRolesRequest {
            group_role_assignments: Some(vec![GroupRoleAssignment {
                group_id: Some(GROUP.into()),
                group_roles: Some(vec![ProjectRole::GroupReadOnly]),
            }]),
            org_roles: vec![OrgRole::OrgMember],
        },
        team_ids: Some(vec![TEAM.into()]),
        username: "new.user@example.com".into(),
    };
    let user = client(&server)
        .create_org_user()
        .org_id(ORG)
        .body(body)
        .send()
        .await
        .expect("create succeeds");
    assert_eq!(user.id, USER);
    assert_eq!(user.org_membership_status, OrgMembershipStatus::Pending);
    let request = only_request(&server).await;
    assert_eq!(query(&request), pairs(&[]));
    assert_body(
        &request,
        json!({
            "roles": {"groupRoleAssignments": [{"groupId": GROUP, "groupRoles": ["GROUP_READ_ONLY"]}], "orgRoles": ["ORG_MEMBER"]},
            "teamIds": [TEAM],
            "username": "new.user@example.com"
        }),
    );
}

#[tokio::test]
async fn get_org_user_sends_the_user_id_in_the_path() {
    let server = serve(
        "GET",
        format!("/api/atlas/v2/orgs/{ORG}/users/{USER}"),
        200,
        Some(active_org_user()),
    )
    .await;
    let user = client(&server)
        .get_org_user()
        .org_id(ORG)
        .user_id(USER)
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(user.last_name.as_deref(), Some("Owner"));
    let request = only_request(&server).await;
    assert_eq!(query(&request), pairs(&[]));
    assert_no_body(&request);
}

#[tokio::test]
async fn update_org_user_patches_only_what_is_set() {
    let server = serve(
        "PATCH",
        format!("/api/atlas/v2/orgs/{ORG}/users/{USER}"),
        200,
        Some(pending_org_user()),
    )
    .await;
    let body = OrgUserUpdateRequest {
        roles: Some(OrgUserRolesRequest {
            group_role_assignments: None,
            org_roles: vec![OrgRole::OrgBillingAdmin],
        }),
        team_ids: None,
    };
    client(&server)
        .update_org_user()
        .org_id(ORG)
        .user_id(USER)
        .body(body)
        .send()
        .await
        .expect("update succeeds");
    assert_body(
        &only_request(&server).await,
        json!({"roles": {"orgRoles": ["ORG_BILLING_ADMIN"]}}),
    );
}

#[tokio::test]
async fn remove_org_user_deletes_and_expects_no_body() {
    let server = serve("DELETE", format!("/api/atlas/v2/orgs/{ORG}/users/{USER}"), 204, None).await;
    client(&server)
        .remove_org_user()
        .org_id(ORG)
        .user_id(USER)
        .send()
        .await
        .expect("remove succeeds");
    assert_no_body(&only_request(&server).await);
}

#[tokio::test]
async fn add_and_remove_org_role_post_to_the_colon_paths() {
    for (action, add) in [("addRole", true), ("removeRole", false)] {
        let server = serve(
            "POST",
            format!("/api/atlas/v2/orgs/{ORG}/users/{USER}:{action}"),
            200,
            Some(pending_org_user()),
        )
        .await;
        let body = AddOrRemoveOrgRole { org_role: OrgRole::OrgGroupCreator };
        let client = client(&server);
        let reply = if add {
            client.add_org_role().org_id(ORG).user_id(USER).body(body).send().await
        } else {
            client.remove_org_role().org_id(ORG).user_id(USER).body(body).send().await
        };
        reply.unwrap_or_else(|e| panic!("{action}: {e}"));
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), format!("/api/atlas/v2/orgs/{ORG}/users/{USER}:{action}"));
        assert_body(&request, json!({"orgRole": "ORG_GROUP_CREATOR"}));
    }
}

#[tokio::test]
async fn a_user_id_with_reserved_characters_is_percent_encoded_and_the_colon_suffix_kept() {
    // Only reachable when the pattern would allow it; the pattern check stops it first.
    let server = serve(
        "POST",
        format!("/api/atlas/v2/orgs/{ORG}/users/x:addRole"),
        200,
        Some(pending_org_user()),
    )
    .await;
    let error = client(&server)
        .add_org_role()
        .org_id(ORG)
        .user_id("a/b")
        .body(AddOrRemoveOrgRole { org_role: OrgRole::OrgMember })
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::InvalidInput(e) if e.name == "userId"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn list_group_users_sends_every_filter() {
    let reply = json!({"results": [group_user("PENDING")], "totalCount": 1});
    let server =
        serve("GET", format!("/api/atlas/v2/groups/{GROUP}/users"), 200, Some(reply)).await;
    let page = client(&server)
        .list_group_users()
        .group_id(GROUP)
        .flatten_teams(true)
        .include_org_users(false)
        .org_membership_statuses(vec![OrgMembershipStatus::Pending])
        .username("new.user@example.com")
        .send()
        .await
        .expect("list succeeds");
    let user = &page.results[0];
    assert_eq!(
        user.roles,
        [ProjectRole::GroupReadOnly, ProjectRole::Unknown("GROUP_NEW_ROLE".into())]
    );
    assert_eq!(
        query(&only_request(&server).await),
        pairs(&[
            ("flattenTeams", "true"),
            ("includeOrgUsers", "false"),
            ("orgMembershipStatuses", "PENDING"),
            ("username", "new.user@example.com")
        ])
    );
}

#[tokio::test]
async fn add_group_users_posts_the_roles() {
    let server = serve(
        "POST",
        format!("/api/atlas/v2/groups/{GROUP}/users"),
        201,
        Some(group_user("PENDING")),
    )
    .await;
    let body = GroupUserRequest {
        roles: vec![ProjectRole::GroupOwner],
        username: "new.user@example.com".into(),
    };
    let user = client(&server)
        .add_group_users()
        .group_id(GROUP)
        .body(body)
        .send()
        .await
        .expect("add succeeds");
    assert_eq!(user.org_membership_status, OrgMembershipStatus::Pending);
    assert_body(
        &only_request(&server).await,
        json!({"roles": ["GROUP_OWNER"], "username": "new.user@example.com"}),
    );
}

#[tokio::test]
async fn get_and_remove_group_user() {
    let server = serve(
        "GET",
        format!("/api/atlas/v2/groups/{GROUP}/users/{USER}"),
        200,
        Some(group_user("ACTIVE")),
    )
    .await;
    let user = client(&server)
        .get_group_user()
        .group_id(GROUP)
        .user_id(USER)
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(user.org_membership_status, OrgMembershipStatus::Active);

    let server =
        serve("DELETE", format!("/api/atlas/v2/groups/{GROUP}/users/{USER}"), 204, None).await;
    client(&server)
        .remove_group_user()
        .group_id(GROUP)
        .user_id(USER)
        .send()
        .await
        .expect("remove succeeds");
    assert_no_body(&only_request(&server).await);
}

#[tokio::test]
async fn add_and_remove_group_user_role_post_to_the_colon_paths() {
    for action in ["addRole", "removeRole"] {
        let server = serve(
            "POST",
            format!("/api/atlas/v2/groups/{GROUP}/users/{USER}:{action}"),
            200,
            Some(group_user("ACTIVE")),
        )
        .await;
        let body = AddOrRemoveGroupRole { group_role: ProjectRole::GroupClusterManager };
        let client = client(&server);
        let reply = match action {
            "addRole" => {
                client.add_group_user_role().group_id(GROUP).user_id(USER).body(body).send().await
            }
            _ => {
                client
                    .remove_group_user_role()
                    .group_id(GROUP)
                    .user_id(USER)
                    .body(body)
                    .send()
                    .await
            }
        };
        reply.unwrap_or_else(|e| panic!("{action}: {e}"));
        assert_body(&only_request(&server).await, json!({"groupRole": "GROUP_CLUSTER_MANAGER"}));
    }
}

#[tokio::test]
async fn team_membership_lists_adds_and_removes() {
    let server = serve(
        "GET",
        format!("/api/atlas/v2/orgs/{ORG}/teams/{TEAM}/users"),
        200,
        Some(json!({"results": [active_org_user()]})),
    )
    .await;
    let page = client(&server)
        .list_team_users()
        .org_id(ORG)
        .team_id(TEAM)
        .user_id(USER)
        .items_per_page(10)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(page.results.len(), 1);
    assert_eq!(
        query(&only_request(&server).await),
        pairs(&[("itemsPerPage", "10"), ("userId", USER)])
    );

    for action in ["addUser", "removeUser"] {
        let server = serve(
            "POST",
            format!("/api/atlas/v2/orgs/{ORG}/teams/{TEAM}:{action}"),
            200,
            Some(active_org_user()),
        )
        .await;
        let body = AddOrRemoveUserFromTeam { id: USER.into() };
        let client = client(&server);
        let reply = match action {
            "addUser" => {
                client.add_org_team_user().org_id(ORG).team_id(TEAM).body(body).send().await
            }
            _ => client.remove_org_team_user().org_id(ORG).team_id(TEAM).body(body).send().await,
        };
        reply.unwrap_or_else(|e| panic!("{action}: {e}"));
        assert_body(&only_request(&server).await, json!({"id": USER}));
    }
}

#[tokio::test]
async fn one_client_speaks_both_api_versions() {
    // The invitations keep 2023-01-01, the users operations send 2025-02-19.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/users/{USER}")))
        .and(header("accept", USERS_MEDIA))
        .respond_with(ResponseTemplate::new(200).set_body_json(pending_org_user()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites/{USER}")))
        .and(header("accept", MEDIA))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.get_org_user().org_id(ORG).user_id(USER).send().await.expect("users version");
    #[allow(deprecated)]
    client
        .delete_org_invite()
        .org_id(ORG)
        .invitation_id(USER)
        .send()
        .await
        .expect("invites version");
    server.verify().await;
}

/// Every rule of the users operations is checked before anything is sent.
mod validation {
    use super::*;

    async fn rejected(
        call: impl std::future::Future<Output = Result<(), Error>>,
        server: &MockServer,
    ) -> String {
        let error = call.await.expect_err("invalid input is refused");
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
        assert!(server.received_requests().await.unwrap().is_empty(), "nothing reaches the server");
        error.to_string()
    }

    #[tokio::test]
    async fn ids_emails_role_counts_and_page_bounds() {
        let server = MockServer::start().await;
        let client = client(&server);
        let text = rejected(
            async { client.get_org_user().org_id(ORG).user_id("5e5fbc29").send().await.map(drop) },
            &server,
        )
        .await;
        assert_eq!(
            text,
            r#"invalid `userId`: "5e5fbc29" must match the pattern `^([a-f0-9]{24})$`"#
        );

        let text = rejected(
            async {
                client
                    .remove_org_team_user()
                    .org_id(ORG)
                    .team_id(TEAM)
                    .body(AddOrRemoveUserFromTeam { id: "nope".into() })
                    .send()
                    .await
                    .map(drop)
            },
            &server,
        )
        .await;
        assert!(text.starts_with("invalid `body.id`"), "{text}");

        let body = GroupUserRequest {
            roles: vec![ProjectRole::GroupOwner],
            username: "not an email".into(),
        };
        let text = rejected(
            async { client.add_group_users().group_id(GROUP).body(body).send().await.map(drop) },
            &server,
        )
        .await;
        assert!(text.starts_with("invalid `body.username`"), "{text}");

        let body = GroupUserRequest { roles: vec![], username: "a@example.com".into() };
        let text = rejected(
            async { client.add_group_users().group_id(GROUP).body(body).send().await.map(drop) },
            &server,
        )
        .await;
        assert_eq!(text, "invalid `body.roles`: has 0 items but must have at least 1");

        let body = OrgUserRequest {
            roles: OrgUserRolesRequest { group_role_assignments: None, org_roles: vec![] },
            team_ids: None,
            username: "a@example.com".into(),
        };
        let text = rejected(
            async { client.create_org_user().org_id(ORG).body(body).send().await.map(drop) },
            &server,
        )
        .await;
        assert_eq!(text, "invalid `body.roles.orgRoles`: has 0 items but must have at least 1");

        let five = vec![
            OrgMembershipStatus::Active,
            OrgMembershipStatus::Pending,
            OrgMembershipStatus::InvitationExpired,
            OrgMembershipStatus::InvitationRejected,
            OrgMembershipStatus::Active,
        ];
        let text = rejected(
            async {
                client
                    .list_org_users()
                    .org_id(ORG)
                    .org_membership_statuses(five)
                    .send()
                    .await
                    .map(drop)
            },
            &server,
        )
        .await;
        assert_eq!(text, "invalid `orgMembershipStatuses`: has 5 items but must have at most 4");

        let text = rejected(
            async {
                client.list_group_users().group_id(GROUP).items_per_page(501).send().await.map(drop)
            },
            &server,
        )
        .await;
        assert!(text.starts_with("invalid `itemsPerPage`"), "{text}");

        let text = rejected(
            async { client.add_org_role().org_id(ORG).user_id(USER).send().await.map(drop) },
            &server,
        )
        .await;
        assert_eq!(text, "invalid `body`: is required but was not set");
    }
}
