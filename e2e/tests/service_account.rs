//! Service accounts (OAuth 2.0 client credentials) against a local token endpoint.
#![allow(deprecated)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use atlas_invites::{Client, Credentials, Error};
use serde_json::json;
use support::ids::ORG;
use wiremock::matchers::{body_string, header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "mdb_sa_id_0123456789";
const CLIENT_SECRET: &str = "mdb_sa_sk_TOP-SECRET-abcdef";
// base64("mdb_sa_id_0123456789:mdb_sa_sk_TOP-SECRET-abcdef")
const BASIC: &str = "Basic bWRiX3NhX2lkXzAxMjM0NTY3ODk6bWRiX3NhX3NrX1RPUC1TRUNSRVQtYWJjZGVm";

/// Hands out `token-1`, `token-2`, ... with the given lifetime.
struct Tokens {
    issued: Arc<AtomicUsize>,
    expires_in: u64,
}

impl Respond for Tokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(json!({"access_token": format!("token-{n}"), "expires_in": self.expires_in, "token_type": "Bearer"}))
    }
}

async fn token_endpoint(server: &MockServer, expires_in: u64) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(Tokens { issued: issued.clone(), expires_in })
        .mount(server)
        .await;
    issued
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/api/oauth/token", server.uri()))
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .unwrap()
}

fn list_ok(token: &str) -> Mock {
    Mock::given(method("GET"))
        .and(path_regex("^/api/atlas/v2/orgs/[a-f0-9]{24}/invites$"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
}

#[tokio::test]
async fn the_token_is_fetched_once_and_cached() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600).await;
    list_ok("token-1").expect(3).mount(&server).await;
    let client = client(&server);
    for _ in 0..3 {
        client.list_org_invites().org_id(ORG).send().await.expect("authorized");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
}

/// Access tokens are often JWTs of several kilobytes (claims, a signature): the token reply's
/// size limit is generous, and a reply past it is an authentication error, not a hang.
#[tokio::test]
async fn a_jwt_of_several_kilobytes_is_taken_and_a_megabyte_reply_is_not() {
    let server = MockServer::start().await;
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}.{}", "a".repeat(6000), "s".repeat(342));
    let reply = |token: &str| {
        ResponseTemplate::new(200).set_body_json(json!({"access_token": token, "expires_in": 3600}))
    };
    let token = Mock::given(method("POST")).and(path("/api/oauth/token"));
    token.respond_with(reply(&jwt)).up_to_n_times(1).mount(&server).await;
    list_ok(&jwt).expect(1).mount(&server).await;
    client(&server).list_org_invites().org_id(ORG).send().await.expect("a 6 kB token works");

    let server = MockServer::start().await;
    let token = Mock::given(method("POST")).and(path("/api/oauth/token"));
    token.respond_with(reply(&"a".repeat(1024 * 1024))).mount(&server).await;
    let error = client(&server).list_org_invites().org_id(ORG).send().await.unwrap_err();
    assert!(matches!(error, Error::Auth(ref m) if m.contains("could not be read")), "{error:?}");
}

#[tokio::test]
async fn a_hundred_concurrent_first_requests_fetch_one_token() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600).await;
    list_ok("token-1").expect(100).mount(&server).await;
    let client = client(&server);
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_org_invites().org_id(ORG).send().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().expect("authorized");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "single flight");
}

#[tokio::test]
async fn the_token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    // 2 s of life minus a quarter (the margin of short-lived tokens): due after 1.5 s.
    let issued = token_endpoint(&server, 2).await;
    list_ok("token-1").expect(1).mount(&server).await;
    list_ok("token-2").expect(1).mount(&server).await;
    let client = client(&server);
    client.list_org_invites().org_id(ORG).send().await.expect("first token works");
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    client.list_org_invites().org_id(ORG).send().await.expect("second token works");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_revoked_token_is_refreshed_once_then_the_error_is_returned() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": 401, "errorCode": "NOT_ORG_GROUP_CREATOR", "reason": "Unauthorized"}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client.list_org_invites().org_id(ORG).send().await.unwrap_err();
    let Error::Api(response) = &error else { panic!("expected a typed 401, got {error:?}") };
    assert_eq!(response.status, 401);
    assert_eq!(issued.load(Ordering::SeqCst), 2, "one refresh, never a loop");
    let rendered = format!("{error} {error:?}");
    assert!(!rendered.contains("token-") && !rendered.contains(CLIENT_SECRET), "{rendered}");
}

#[tokio::test]
async fn a_refused_service_account_is_an_auth_error_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client.list_org_invites().org_id(ORG).send().await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    let rendered = format!("{error} {error:?}");
    assert!(rendered.contains("401"), "{rendered}");
    assert!(!rendered.contains(CLIENT_SECRET) && !rendered.contains(CLIENT_ID), "{rendered}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .all(|r| r.url.path() == "/api/oauth/token"),
        "no API call without a token"
    );
}

#[tokio::test]
async fn a_bearer_token_is_sent_as_is() {
    let server = MockServer::start().await;
    list_ok("given-token").expect(1).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer("given-token"))
        .build()
        .unwrap();
    client.list_org_invites().org_id(ORG).send().await.expect("authorized");
}
