//! The generated command line, run as a real process: every operation against the crate's own
//! mock server (which checks the exact request), Digest credentials from the environment
//! against Apache httpd, a service account's token from a local token endpoint, and the exit
//! codes that tell usage errors, invalid input and API errors apart.

mod support;

use atlas_invites::mock::Server;
use atlas_invites::types::{
    AddOrRemoveGroupRole, AddOrRemoveOrgRole, AddOrRemoveUserFromTeam, ApiError, GroupInvitation,
    GroupInvitationRequest, GroupInvitationUpdateRequest, GroupUserRequest, GroupUserResponse,
    OrgMembershipStatus, OrgRole, OrgUserRequest, OrgUserResponse, OrgUserRolesRequest,
    OrgUserUpdateRequest, OrganizationInvitation, OrganizationInvitationRequest,
    OrganizationInvitationUpdateRequest, PaginatedGroupUser, PaginatedOrgUser, ProjectRole,
};
use serde_json::{json, Value};
use support::apache::{Apache, PASSWORD, USER};
use support::cli::command;
use support::ids::{GROUP, INVITE, ORG, TEAM, USER as USER_ID};

fn org_invite(username: &str) -> OrganizationInvitation {
    let json = json!({"orgName": "Acme", "orgId": ORG, "id": INVITE, "username": username, "roles": ["ORG_MEMBER"], "createdAt": "2026-11-02T09:30:00Z"});
    serde_json::from_value(json).unwrap()
}

fn group_invite(username: &str) -> GroupInvitation {
    GroupInvitation {
        group_id: Some(GROUP.into()),
        id: Some(INVITE.into()),
        username: Some(username.into()),
        roles: Some(vec![ProjectRole::GroupReadOnly]),
        ..Default::default()
    }
}

/// Runs the command line against `server` and returns its standard output as JSON (`null`
/// when it printed nothing), failing the test on a non-zero exit.
fn call(server: &Server, args: &[&str], stdin: Option<&str>) -> Value {
    let mut command = command();
    command.arg("--base-url").arg(server.uri()).args(args);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    if stdout.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
    }
}

fn as_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_organization_operation_sends_its_request() {
    let server = Server::start().await;
    let body_file =
        std::env::temp_dir().join(format!("atlas-invites-cli-body-{}.json", std::process::id()));
    std::fs::write(&body_file, r#"{"username": "file@example.com", "roles": ["ORG_OWNER"]}"#)
        .unwrap();

    server
        .expect_list_org_invites()
        .org_id(ORG)
        .username("a@example.com")
        .respond(vec![org_invite("a@example.com")])
        .await;
    let created = OrganizationInvitationRequest {
        username: Some("new@example.com".into()),
        roles: Some(vec![OrgRole::OrgMember, OrgRole::OrgReadOnly]),
        team_ids: Some(vec![TEAM.into()]),
        ..Default::default()
    };
    server
        .expect_create_org_invite()
        .org_id(ORG)
        .body(&created)
        .respond(org_invite("new@example.com"))
        .await;
    let by_username = OrganizationInvitationRequest {
        username: Some("file@example.com".into()),
        roles: Some(vec![OrgRole::OrgOwner]),
        ..Default::default()
    };
    server
        .expect_update_org_invites()
        .org_id(ORG)
        .body(&by_username)
        .respond(org_invite("file@example.com"))
        .await;
    server
        .expect_get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .envelope(false)
        .respond(org_invite("get@example.com"))
        .await;
    server.expect_delete_org_invite().org_id(ORG).invitation_id(INVITE).respond().await;
    let by_id = OrganizationInvitationUpdateRequest {
        roles: Some(vec![OrgRole::OrgBillingAdmin]),
        ..Default::default()
    };
    server
        .expect_update_org_invite_by_id()
        .org_id(ORG)
        .invitation_id(INVITE)
        .body(&by_id)
        .respond(org_invite("byid@example.com"))
        .await;

    let listed = call(
        &server,
        &["organizations", "list-org-invites", "--org-id", ORG, "--username", "a@example.com"],
        None,
    );
    assert_eq!(listed, as_json(vec![org_invite("a@example.com")]));
    // The body from one flag per field, a list field repeated.
    let args = [
        "organizations",
        "create-org-invite",
        "--org-id",
        ORG,
        "--username",
        "new@example.com",
        "--roles",
        "ORG_MEMBER",
        "--roles",
        "ORG_READ_ONLY",
        "--team-ids",
        TEAM,
    ];
    assert_eq!(call(&server, &args, None), as_json(org_invite("new@example.com")));
    // The body from a file.
    let args = [
        "organizations",
        "update-org-invites",
        "--org-id",
        ORG,
        "--file",
        body_file.to_str().unwrap(),
    ];
    assert_eq!(call(&server, &args, None), as_json(org_invite("file@example.com")));
    // The operationId spelling of the subcommand.
    let args = [
        "organizations",
        "getOrgInvite",
        "--org-id",
        ORG,
        "--invitation-id",
        INVITE,
        "--envelope",
        "false",
    ];
    assert_eq!(call(&server, &args, None), as_json(org_invite("get@example.com")));
    // No reply body: nothing printed.
    assert_eq!(
        call(
            &server,
            &["organizations", "delete-org-invite", "--org-id", ORG, "--invitation-id", INVITE],
            None
        ),
        Value::Null
    );
    // The body from standard input.
    let args = [
        "organizations",
        "update-org-invite-by-id",
        "--org-id",
        ORG,
        "--invitation-id",
        INVITE,
        "--file",
        "-",
    ];
    assert_eq!(
        call(&server, &args, Some(r#"{"roles": ["ORG_BILLING_ADMIN"]}"#)),
        as_json(org_invite("byid@example.com"))
    );

    std::fs::remove_file(&body_file).unwrap();
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_project_operation_sends_its_request() {
    let server = Server::start().await;
    server
        .expect_list_group_invites()
        .group_id(GROUP)
        .respond(vec![group_invite("a@example.com")])
        .await;
    let created = GroupInvitationRequest {
        username: Some("new@example.com".into()),
        roles: Some(vec![ProjectRole::GroupOwner]),
    };
    server
        .expect_create_group_invite()
        .group_id(GROUP)
        .body(&created)
        .respond(group_invite("new@example.com"))
        .await;
    let by_username = GroupInvitationRequest {
        username: Some("old@example.com".into()),
        roles: Some(vec![ProjectRole::GroupReadOnly]),
    };
    server
        .expect_update_group_invites()
        .group_id(GROUP)
        .body(&by_username)
        .respond(group_invite("old@example.com"))
        .await;
    server
        .expect_get_group_invite()
        .group_id(GROUP)
        .invitation_id(INVITE)
        .pretty(true)
        .respond(group_invite("get@example.com"))
        .await;
    server.expect_delete_group_invite().group_id(GROUP).invitation_id(INVITE).respond().await;
    let by_id =
        GroupInvitationUpdateRequest { roles: Some(vec![ProjectRole::GroupDataAccessAdmin]) };
    server
        .expect_update_group_invite_by_id()
        .group_id(GROUP)
        .invitation_id(INVITE)
        .body(&by_id)
        .respond(group_invite("byid@example.com"))
        .await;

    assert_eq!(
        call(&server, &["projects", "list-group-invites", "--group-id", GROUP], None),
        as_json(vec![group_invite("a@example.com")])
    );
    let args = [
        "projects",
        "createGroupInvite",
        "--group-id",
        GROUP,
        "--username",
        "new@example.com",
        "--roles",
        "GROUP_OWNER",
    ];
    assert_eq!(call(&server, &args, None), as_json(group_invite("new@example.com")));
    // A file body with a field flag overriding one of its fields.
    let args = [
        "projects",
        "update-group-invites",
        "--group-id",
        GROUP,
        "--file",
        "-",
        "--roles",
        "GROUP_READ_ONLY",
    ];
    assert_eq!(
        call(&server, &args, Some(r#"{"username": "old@example.com", "roles": ["GROUP_OWNER"]}"#)),
        as_json(group_invite("old@example.com"))
    );
    // The API's own `pretty` parameter has a flag of its own, apart from the output's `--pretty`.
    let args = [
        "projects",
        "get-group-invite",
        "--group-id",
        GROUP,
        "--invitation-id",
        INVITE,
        "--param-pretty",
        "true",
    ];
    assert_eq!(call(&server, &args, None), as_json(group_invite("get@example.com")));
    assert_eq!(
        call(
            &server,
            &["projects", "delete-group-invite", "--group-id", GROUP, "--invitation-id", INVITE],
            None
        ),
        Value::Null
    );
    let args = [
        "projects",
        "update-group-invite-by-id",
        "--group-id",
        GROUP,
        "--invitation-id",
        INVITE,
        "--roles",
        "GROUP_DATA_ACCESS_ADMIN",
    ];
    assert_eq!(call(&server, &args, None), as_json(group_invite("byid@example.com")));
    server.verify().await;
}

fn org_user(role: &str) -> OrgUserResponse {
    serde_json::from_value(json!({"id": USER_ID, "orgMembershipStatus": "PENDING", "roles": {"orgRoles": [role]}, "username": "new@example.com"})).unwrap()
}

fn group_user(role: ProjectRole) -> GroupUserResponse {
    GroupUserResponse { id: USER_ID.into(), org_membership_status: OrgMembershipStatus::Pending, roles: vec![role], username: "new@example.com".into(), ..serde_json::from_value(json!({"id": USER_ID, "orgMembershipStatus": "PENDING", "roles": [], "username": "x@example.com"})).unwrap() }
}

/// The MongoDB Cloud Users operations, which replace the invitations: each through the
/// command line, against the mock server pinning every parameter, `{userId}:addRole` included.
#[tokio::test(flavor = "multi_thread")]
async fn every_users_operation_sends_its_request() {
    let server = Server::start().await;
    let statuses = vec![OrgMembershipStatus::Pending, OrgMembershipStatus::InvitationExpired];
    let page = PaginatedOrgUser {
        results: vec![org_user("ORG_MEMBER")],
        total_count: Some(1),
        links: None,
    };
    server
        .expect_list_org_users()
        .org_id(ORG)
        .items_per_page(2)
        .org_membership_statuses(statuses.clone())
        .respond(page.clone())
        .await;
    let create = OrgUserRequest {
        roles: OrgUserRolesRequest {
            org_roles: vec![OrgRole::OrgMember],
            group_role_assignments: None,
        },
        team_ids: None,
        username: "new@example.com".into(),
    };
    server.expect_create_org_user().org_id(ORG).body(&create).respond(org_user("ORG_MEMBER")).await;
    server.expect_get_org_user().org_id(ORG).user_id(USER_ID).respond(org_user("ORG_MEMBER")).await;
    let update = OrgUserUpdateRequest { team_ids: Some(vec![TEAM.into()]), roles: None };
    server
        .expect_update_org_user()
        .org_id(ORG)
        .user_id(USER_ID)
        .body(&update)
        .respond(org_user("ORG_MEMBER"))
        .await;
    server.expect_remove_org_user().org_id(ORG).user_id(USER_ID).respond().await;
    server
        .expect_add_org_role()
        .org_id(ORG)
        .user_id(USER_ID)
        .body(&AddOrRemoveOrgRole { org_role: OrgRole::OrgOwner })
        .respond(org_user("ORG_OWNER"))
        .await;
    server
        .expect_remove_org_role()
        .org_id(ORG)
        .user_id(USER_ID)
        .body(&AddOrRemoveOrgRole { org_role: OrgRole::OrgOwner })
        .respond(org_user("ORG_MEMBER"))
        .await;
    let group_page = PaginatedGroupUser {
        results: vec![group_user(ProjectRole::GroupReadOnly)],
        total_count: None,
        links: None,
    };
    server
        .expect_list_group_users()
        .group_id(GROUP)
        .flatten_teams(true)
        .respond(group_page.clone())
        .await;
    let add = GroupUserRequest {
        roles: vec![ProjectRole::GroupOwner],
        username: "new@example.com".into(),
    };
    server
        .expect_add_group_users()
        .group_id(GROUP)
        .body(&add)
        .respond(group_user(ProjectRole::GroupOwner))
        .await;
    server
        .expect_get_group_user()
        .group_id(GROUP)
        .user_id(USER_ID)
        .respond(group_user(ProjectRole::GroupOwner))
        .await;
    server.expect_remove_group_user().group_id(GROUP).user_id(USER_ID).respond().await;
    let role = AddOrRemoveGroupRole { group_role: ProjectRole::GroupClusterManager };
    server
        .expect_add_group_user_role()
        .group_id(GROUP)
        .user_id(USER_ID)
        .body(&role)
        .respond(group_user(ProjectRole::GroupClusterManager))
        .await;
    server
        .expect_remove_group_user_role()
        .group_id(GROUP)
        .user_id(USER_ID)
        .body(&role)
        .respond(group_user(ProjectRole::GroupOwner))
        .await;
    server.expect_list_team_users().org_id(ORG).team_id(TEAM).respond(page.clone()).await;
    let member = AddOrRemoveUserFromTeam { id: USER_ID.into() };
    server
        .expect_add_org_team_user()
        .org_id(ORG)
        .team_id(TEAM)
        .body(&member)
        .respond(org_user("ORG_MEMBER"))
        .await;
    server
        .expect_remove_org_team_user()
        .org_id(ORG)
        .team_id(TEAM)
        .body(&member)
        .respond(org_user("ORG_MEMBER"))
        .await;

    let args = [
        "organizations",
        "list-org-users",
        "--org-id",
        ORG,
        "--items-per-page",
        "2",
        "--org-membership-statuses",
        "PENDING",
        "--org-membership-statuses",
        "INVITATION_EXPIRED",
    ];
    assert_eq!(call(&server, &args, None), as_json(&page));
    // An object field of the body takes JSON.
    let args = [
        "organizations",
        "create-org-user",
        "--org-id",
        ORG,
        "--username",
        "new@example.com",
        "--roles",
        r#"{"orgRoles": ["ORG_MEMBER"]}"#,
    ];
    assert_eq!(call(&server, &args, None), as_json(org_user("ORG_MEMBER")));
    assert_eq!(
        call(
            &server,
            &["organizations", "get-org-user", "--org-id", ORG, "--user-id", USER_ID],
            None
        ),
        as_json(org_user("ORG_MEMBER"))
    );
    assert_eq!(
        call(
            &server,
            &[
                "organizations",
                "update-org-user",
                "--org-id",
                ORG,
                "--user-id",
                USER_ID,
                "--team-ids",
                TEAM
            ],
            None
        ),
        as_json(org_user("ORG_MEMBER"))
    );
    assert_eq!(
        call(
            &server,
            &["organizations", "remove-org-user", "--org-id", ORG, "--user-id", USER_ID],
            None
        ),
        Value::Null
    );
    assert_eq!(
        call(
            &server,
            &[
                "organizations",
                "add-org-role",
                "--org-id",
                ORG,
                "--user-id",
                USER_ID,
                "--org-role",
                "ORG_OWNER"
            ],
            None
        ),
        as_json(org_user("ORG_OWNER"))
    );
    assert_eq!(
        call(
            &server,
            &[
                "organizations",
                "removeOrgRole",
                "--org-id",
                ORG,
                "--user-id",
                USER_ID,
                "--org-role",
                "ORG_OWNER"
            ],
            None
        ),
        as_json(org_user("ORG_MEMBER"))
    );
    assert_eq!(
        call(
            &server,
            &["projects", "list-group-users", "--group-id", GROUP, "--flatten-teams", "true"],
            None
        ),
        as_json(&group_page)
    );
    let args = ["projects", "add-group-users", "--group-id", GROUP, "--file", "-"];
    assert_eq!(
        call(&server, &args, Some(r#"{"roles": ["GROUP_OWNER"], "username": "new@example.com"}"#)),
        as_json(group_user(ProjectRole::GroupOwner))
    );
    assert_eq!(
        call(
            &server,
            &["projects", "get-group-user", "--group-id", GROUP, "--user-id", USER_ID],
            None
        ),
        as_json(group_user(ProjectRole::GroupOwner))
    );
    assert_eq!(
        call(
            &server,
            &["projects", "remove-group-user", "--group-id", GROUP, "--user-id", USER_ID],
            None
        ),
        Value::Null
    );
    let args = [
        "projects",
        "add-group-user-role",
        "--group-id",
        GROUP,
        "--user-id",
        USER_ID,
        "--group-role",
        "GROUP_CLUSTER_MANAGER",
    ];
    assert_eq!(call(&server, &args, None), as_json(group_user(ProjectRole::GroupClusterManager)));
    let args = [
        "projects",
        "remove-group-user-role",
        "--group-id",
        GROUP,
        "--user-id",
        USER_ID,
        "--group-role",
        "GROUP_CLUSTER_MANAGER",
    ];
    assert_eq!(call(&server, &args, None), as_json(group_user(ProjectRole::GroupOwner)));
    assert_eq!(
        call(&server, &["teams", "list-team-users", "--org-id", ORG, "--team-id", TEAM], None),
        as_json(&page)
    );
    assert_eq!(
        call(
            &server,
            &["teams", "add-org-team-user", "--org-id", ORG, "--team-id", TEAM, "--id", USER_ID],
            None
        ),
        as_json(org_user("ORG_MEMBER"))
    );
    assert_eq!(
        call(
            &server,
            &["teams", "remove-org-team-user", "--org-id", ORG, "--team-id", TEAM, "--id", USER_ID],
            None
        ),
        as_json(org_user("ORG_MEMBER"))
    );
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pretty_output_is_indented_and_deprecation_is_announced() {
    let server = Server::start().await;
    server
        .expect_get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .respond(org_invite("get@example.com"))
        .await;
    let output = command()
        .args([
            "--pretty",
            "--base-url",
            &server.uri(),
            "organizations",
            "get-org-invite",
            "--org-id",
            ORG,
            "--invitation-id",
            INVITE,
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        format!("{}\n", serde_json::to_string_pretty(&org_invite("get@example.com")).unwrap())
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "warning: `getOrgInvite` is deprecated: the server stops serving this operation on 2027-07-01 (sunset); use `organizations get-org-user` instead\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_id_exits_3_and_sends_nothing() {
    let server = Server::start().await;
    let output = command()
        .args([
            "--base-url",
            &server.uri(),
            "organizations",
            "get-org-invite",
            "--org-id",
            "not-an-id",
            "--invitation-id",
            INVITE,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: invalid `orgId`: \"not-an-id\" must match the pattern `^([a-f0-9]{24})$` (nothing was sent)"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(server.request_count().await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn values_that_cannot_be_parsed_exit_3_and_send_nothing() {
    let server = Server::start().await;
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "organizations",
                "get-org-invite",
                "--org-id",
                ORG,
                "--invitation-id",
                INVITE,
                "--envelope",
                "maybe",
            ],
            "invalid value \"maybe\" for `--envelope`",
        ),
        (
            &[
                "organizations",
                "create-org-invite",
                "--org-id",
                ORG,
                "--file",
                "/nonexistent/body.json",
            ],
            "cannot read the body file `/nonexistent/body.json`",
        ),
        (
            &["organizations", "list-org-invites", "--org-id", ORG, "--username", "not-an-email"],
            "invalid `username`",
        ),
    ];
    for (args, message) in cases {
        let output = command().arg("--base-url").arg(server.uri()).args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let output = command()
        .arg("--base-url")
        .arg(server.uri())
        .args(["organizations", "create-org-invite", "--org-id", ORG, "--file", "-"])
        .write_stdin("{not json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("the body from standard input is not JSON"));
    assert_eq!(server.request_count().await, 0);
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 4] = [
        &["organizations", "get-org-invite", "--invitation-id", INVITE],
        &[
            "organizations",
            "get-org-invite",
            "--org-id",
            ORG,
            "--invitation-id",
            INVITE,
            "--no-such-flag",
        ],
        &["organizations", "no-such-operation"],
        &[],
    ];
    for args in cases {
        let output = command().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = command()
        .env("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_only")
        .args(["organizations", "get-org-invite", "--org-id", ORG, "--invitation-id", INVITE])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("set both MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_error_exits_4_with_the_error_on_stderr() {
    let server = Server::start().await;
    let error = ApiError {
        error: 404,
        error_code: "RESOURCE_NOT_FOUND".into(),
        detail: Some("No invitation with that id exists.".into()),
        reason: Some("Not Found".into()),
        bad_request_detail: None,
        parameters: None,
    };
    server
        .expect_get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .respond_error(404, error)
        .await;
    let output = command()
        .args([
            "--base-url",
            &server.uri(),
            "organizations",
            "get-org-invite",
            "--org-id",
            ORG,
            "--invitation-id",
            INVITE,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: the server replied 404\n"), "{stderr}");
    assert!(stderr.contains("\"errorCode\": \"RESOURCE_NOT_FOUND\""), "{stderr}");
    server.verify().await;
}

#[test]
fn digest_credentials_from_the_environment_against_apache() {
    let apache = Apache::start("cli");
    let output = command()
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", USER)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PASSWORD)
        .env("MONGODB_ATLAS_BASE_URL", apache.url())
        .args([
            "organizations",
            "create-org-invite",
            "--org-id",
            ORG,
            "--username",
            "cli@example.com",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let reply: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(reply["username"], "cli@example.com", "the server saw the body");
    let log = apache.access_log();
    assert_eq!(log.len(), 2, "one challenge, one authenticated request: {log:#?}");
    assert!(
        log[0].ends_with(" 401")
            && log[1].starts_with(&format!("POST /api/atlas/v2/orgs/{ORG}/invites"))
            && log[1].ends_with(" 200"),
        "{log:#?}"
    );

    let output = command()
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", USER)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "not-the-private-key")
        .args([
            "--base-url",
            &apache.url(),
            "organizations",
            "get-org-invite",
            "--org-id",
            ORG,
            "--invitation-id",
            INVITE,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("the server replied 401") && !stderr.contains("not-the-private-key"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn service_account_credentials_from_the_environment() {
    use wiremock::matchers::{body_string, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    // The token endpoint follows the base URL: `{base}/api/oauth/token`.
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(header("authorization", "Basic bWRiX3NhX2lkX2NsaTpzZWNyZXQtY2xp"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "token-from-cli", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")))
        .and(header("authorization", "Bearer token-from-cli"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/vnd.atlas.2023-01-01+json")
                .set_body_json(org_invite("sa@example.com")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = command()
        .env("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_cli")
        .env("MONGODB_ATLAS_CLIENT_SECRET", "secret-cli")
        .env("MONGODB_ATLAS_BASE_URL", server.uri())
        .args(["organizations", "get-org-invite", "--org-id", ORG, "--invitation-id", INVITE])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        serde_json::from_slice::<Value>(&output.stdout).unwrap(),
        as_json(org_invite("sa@example.com"))
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("secret-cli"));
    server.verify().await;
}

/// `--help` of the root, of each group and of every operation, as one reviewed snapshot.
#[test]
fn help_texts() {
    let groups = ["organizations", "projects", "teams"];
    let mut pages: Vec<Vec<String>> =
        std::iter::once(vec![]).chain(groups.iter().map(|g| vec![g.to_string()])).collect();
    for group in groups {
        let output = command().args([group, "--help"]).env("COLUMNS", "100").output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let commands = text
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap().to_string());
        pages.extend(commands.filter(|c| c != "help").map(|c| vec![group.to_string(), c]));
    }
    assert_eq!(
        pages.len(),
        4 + 12 + 16,
        "twelve invitation and sixteen users operations in three groups"
    );
    let mut all = String::new();
    for page in pages {
        let output = command().args(&page).arg("--help").env("COLUMNS", "100").output().unwrap();
        assert!(output.status.success());
        let shown: String = page.iter().map(|word| format!(" {word}")).collect();
        all.push_str(&format!(
            "$ atlas-invites{shown} --help\n{}\n",
            String::from_utf8(output.stdout).unwrap()
        ));
    }
    insta::assert_snapshot!("help", all);
}

/// Prints a session against Apache (real Digest) for the README: `cargo test -p e2e --test cli
/// -- --ignored --nocapture readme_transcript`.
#[test]
#[ignore = "prints the README's transcript"]
fn readme_transcript() {
    let apache = Apache::start("transcript");
    let sessions: [&[&str]; 4] = [
        &[
            "organizations",
            "get-org-invite",
            "--org-id",
            ORG,
            "--invitation-id",
            INVITE,
            "--pretty",
        ],
        &[
            "organizations",
            "createOrgInvite",
            "--org-id",
            ORG,
            "--username",
            "jane@example.com",
            "--roles",
            "ORG_MEMBER",
        ],
        &["organizations", "get-org-invite", "--org-id", "4888442a", "--invitation-id", INVITE],
        &["organizations", "get-org-invite", "--invitation-id", INVITE],
    ];
    println!("$ export MONGODB_ATLAS_PUBLIC_API_KEY={USER} MONGODB_ATLAS_PRIVATE_API_KEY=******** MONGODB_ATLAS_BASE_URL=http://127.0.0.1:PORT");
    for args in sessions {
        let output = command()
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", USER)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", PASSWORD)
            .env("MONGODB_ATLAS_BASE_URL", apache.url())
            .env("COLUMNS", "100")
            .args(args)
            .output()
            .unwrap();
        println!("$ atlas-invites {}", args.join(" "));
        print!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        println!("$ echo $?\n{}", output.status.code().unwrap_or(-1));
    }
    println!("$ MONGODB_ATLAS_PRIVATE_API_KEY=wrong atlas-invites organizations delete-org-invite --org-id {ORG} --invitation-id {INVITE}");
    let output = command()
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", USER)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
        .env("MONGODB_ATLAS_BASE_URL", apache.url())
        .args(["organizations", "delete-org-invite", "--org-id", ORG, "--invitation-id", INVITE])
        .output()
        .unwrap();
    print!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    println!("$ echo $?\n{}", output.status.code().unwrap_or(-1));
}
