//! Service accounts against a real OAuth 2.0 authorization server (oidc-provider, started by
//! each test on 127.0.0.1): tokens obtained, cached and refreshed after a short lifetime; a
//! burst of first calls makes one token request, whether the secret is right or wrong;
//! secrets with every character HTTP Basic needs encoded; a token the API rejects is
//! replaced once. The API itself is a local wiremock server that records the bearer tokens.

mod support;

use std::time::Duration;

use atlas_invites::{Client, Credentials, Error};
use support::ids::{ORG, USER};
use support::oauth::AuthorizationServer;
use wiremock::matchers::{header_regex, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "mdb_sa_id_0123456789";
const SECRET: &str = "mdb_sa_sk_right-secret";

fn user() -> serde_json::Value {
    serde_json::json!({"id": USER, "orgMembershipStatus": "ACTIVE", "roles": {"orgRoles": ["ORG_MEMBER"]}, "username": "a@example.com"})
}

/// The API: answers any call that carries a bearer token.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/api/atlas/v2/orgs/.*/users/.*"))
        .and(header_regex("authorization", "^Bearer .+"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .mount(&server)
        .await;
    server
}

fn client(api: &MockServer, authorization: &AuthorizationServer, secret: &str) -> Client {
    Client::builder()
        .base_url(api.uri())
        .token_url(authorization.token_url())
        .credentials(Credentials::service_account(ID, secret))
        .build()
        .unwrap()
}

/// The bearer tokens the API received, in order.
async fn tokens_seen(api: &MockServer) -> Vec<String> {
    api.received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| r.headers.get("authorization")?.to_str().ok().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_token_is_obtained_cached_and_refreshed_after_its_short_life() {
    let authorization = AuthorizationServer::start(&[(ID, SECRET)], 2);
    let api = api().await;
    let client = client(&api, &authorization, SECRET);
    for _ in 0..3 {
        client
            .get_org_user()
            .org_id(ORG)
            .user_id(USER)
            .send()
            .await
            .expect("the call succeeds with the server's token");
    }
    assert_eq!(authorization.token_requests().await, 1, "cached");
    let seen = tokens_seen(&api).await;
    assert!(seen.iter().all(|t| *t == seen[0]), "one token for all three: {seen:?}");
    // A 2 s token is replaced a quarter of its life before it expires.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    client
        .get_org_user()
        .org_id(ORG)
        .user_id(USER)
        .send()
        .await
        .expect("the call succeeds with a new token");
    assert_eq!(authorization.token_requests().await, 2, "refreshed");
    let seen = tokens_seen(&api).await;
    assert_ne!(seen[3], seen[0], "the new token is used");
}

async fn burst(client: &Client) -> Vec<Result<(), Error>> {
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client.get_org_user().org_id(ORG).user_id(USER).send().await.map(drop)
        })
    });
    let mut results = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        results.push(call.await.unwrap());
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_first_calls_make_one_token_request() {
    let authorization = AuthorizationServer::start(&[(ID, SECRET)], 600);
    let api = api().await;
    let results = burst(&client(&api, &authorization, SECRET)).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(authorization.token_requests().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_wrong_secret_costs_one_token_request_per_burst_and_says_why() {
    let authorization = AuthorizationServer::start(&[(ID, SECRET)], 600);
    let api = api().await;
    let results = burst(&client(&api, &authorization, "not-the-secret")).await;
    assert_eq!(authorization.token_requests().await, 1, "the waiters share the failure");
    for result in &results {
        let Err(error @ Error::Auth(message)) = result else {
            panic!("expected an Auth error, got {result:?}")
        };
        assert!(message.contains("replied 401") && message.contains("invalid_client"), "{message}");
        let rendered = format!("{error} {error:?}");
        assert!(!rendered.contains("not-the-secret") && !rendered.contains(SECRET), "{rendered}");
    }
    assert!(api.received_requests().await.unwrap().is_empty(), "no API call without a token");
}

#[tokio::test]
async fn secrets_with_reserved_characters_are_encoded_as_rfc_6749_asks() {
    let secrets = ["a:b", "a+b", "100%", "a/b", "a=b=", "sp ace", ":+%/= all"];
    let clients: Vec<(String, String)> =
        secrets.iter().enumerate().map(|(i, s)| (format!("svc:{i}+"), s.to_string())).collect();
    let registered: Vec<(&str, &str)> =
        clients.iter().map(|(id, s)| (id.as_str(), s.as_str())).collect();
    let authorization = AuthorizationServer::start(&registered, 600);
    let api = api().await;
    for (id, secret) in &clients {
        let client = Client::builder()
            .base_url(api.uri())
            .token_url(authorization.token_url())
            .credentials(Credentials::service_account(id.as_str(), secret.as_str()))
            .build()
            .unwrap();
        client
            .get_org_user()
            .org_id(ORG)
            .user_id(USER)
            .send()
            .await
            .unwrap_or_else(|e| panic!("client {id:?} with secret {secret:?}: {e}"));
    }
    assert_eq!(authorization.token_requests().await, clients.len() as u64);
}

#[tokio::test]
async fn a_token_the_api_rejects_is_replaced_once() {
    let authorization = AuthorizationServer::start(&[(ID, SECRET)], 600);
    let api = MockServer::start().await;
    // The first call is refused (a revoked token), every later one accepted.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": 401, "errorCode": "UNAUTHORIZED"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .with_priority(2)
        .mount(&api)
        .await;
    let client = client(&api, &authorization, SECRET);
    client
        .get_org_user()
        .org_id(ORG)
        .user_id(USER)
        .send()
        .await
        .expect("the second token is accepted");
    assert_eq!(authorization.token_requests().await, 2, "one new token");
    let seen = tokens_seen(&api).await;
    assert_eq!(seen.len(), 2);
    assert_ne!(seen[0], seen[1], "the rejected token is not sent again");
}
