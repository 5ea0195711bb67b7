//! No secret ever appears in `Debug` or `Display` output, in errors, or in `tracing` logs.
#![allow(deprecated)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use atlas_invites::{Client, Credentials, Error};
use serde_json::json;
use support::ids::ORG;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PUBLIC_KEY: &str = "pubkey-SECRET-1";
const PRIVATE_KEY: &str = "privkey-SECRET-2";
const CLIENT_ID: &str = "clientid-SECRET-3";
const CLIENT_SECRET: &str = "clientsecret-SECRET-4";
const TOKEN: &str = "token-SECRET-5";
const BEARER: &str = "bearer-SECRET-6";

fn assert_clean(text: &str) {
    for secret in [PUBLIC_KEY, PRIVATE_KEY, CLIENT_ID, CLIENT_SECRET, TOKEN, BEARER] {
        assert!(!text.contains(secret), "{secret} leaked into: {text}");
    }
    assert!(!text.contains("SECRET"), "a secret leaked into: {text}");
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn credentials_clients_and_builders_print_no_secrets() {
    let all = [
        Credentials::digest(PUBLIC_KEY, PRIVATE_KEY),
        Credentials::service_account(CLIENT_ID, CLIENT_SECRET),
        Credentials::bearer(BEARER),
    ];
    for credentials in all {
        let builder = Client::builder().credentials(credentials.clone());
        let rendered = format!("{credentials:?} {} {builder:?}", credentials.kind());
        let client = builder.build().unwrap();
        assert_clean(&format!("{rendered} {client:?}"));
    }
}

#[tokio::test]
async fn errors_and_logs_carry_no_secrets() {
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": 401, "errorCode": "UNAUTHORIZED"})),
        )
        .mount(&server)
        .await;

    let mut rendered = String::new();
    let service_account = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/api/oauth/token", server.uri()))
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .unwrap();
    let error = service_account.list_org_invites().org_id(ORG).send().await.unwrap_err();
    assert!(matches!(error, Error::Api(_)));
    rendered.push_str(&format!("{error} {error:?} {service_account:?}"));

    let digest = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(PUBLIC_KEY, PRIVATE_KEY))
        .build()
        .unwrap();
    let error = digest.list_org_invites().org_id(ORG).send().await.unwrap_err();
    rendered.push_str(&format!("{error} {error:?}"));

    let refused = Client::builder()
        .base_url(server.uri())
        .token_url("http://127.0.0.1:9/unreachable")
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .unwrap();
    let error = refused.list_org_invites().org_id(ORG).send().await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    rendered.push_str(&format!("{error} {error:?}"));

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("operation=\"listOrgInvites\"")
            || logged.contains("operation=listOrgInvites"),
        "requests are logged: {logged}"
    );
    assert!(logged.contains("status=401"), "{logged}");
    assert_clean(&rendered);
    assert_clean(&logged);
}
