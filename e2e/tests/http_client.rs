//! The caller's own HTTP client and hooks, through the public API, against real parts started
//! here: an HTTPS server whose certificate a private CA made at test time signed, Debian's
//! `tinyproxy` as a forward proxy, and Apache httpd's `mod_auth_digest` for the hooks' view
//! of authentication rounds.
#![allow(deprecated)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_invites::{
    Client, Credentials, Error, Hook, HookFailure, HookReply, HookRequest, RetryPolicy,
};
use support::apache::{Apache, PASSWORD, USER};
use support::ids::{INVITE, ORG};
use support::tinyproxy::Tinyproxy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INVITATION: &str = r#"{"id":"5f43a2b6c7d1e8f9a0b1c2d3","orgId":"4888442a3354817a7320eb61","orgName":"Acme","roles":["ORG_MEMBER"],"username":"get@example.com"}"#;
const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

fn invitation_reply() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(INVITATION, MEDIA_TYPE)
}

/// A CA and a certificate it signed for 127.0.0.1 and localhost, made now: the CA's PEM,
/// and the server's certificate chain and key.
fn private_ca() -> (
    String,
    Vec<rustls::pki_types::CertificateDer<'static>>,
    rustls::pki_types::PrivateKeyDer<'static>,
) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "e2e private CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &ca)
            .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    (ca.pem(), vec![leaf.der().clone(), ca.der().clone()], key)
}

/// An HTTPS server on 127.0.0.1 that answers every request with an invitation; returns its
/// URL and the count of requests it answered (a failed handshake is not one).
async fn tls_server() -> (String, String, Arc<AtomicUsize>) {
    let (ca_pem, chain, key) = private_ca();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let answered = Arc::new(AtomicUsize::new(0));
    let count = answered.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let (acceptor, count) = (acceptor.clone(), count.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                count.fetch_add(1, Ordering::SeqCst);
                let reply = format!("HTTP/1.1 200 OK\r\ncontent-type: {MEDIA_TYPE}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{INVITATION}", INVITATION.len());
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, ca_pem, answered)
}

#[tokio::test]
async fn the_callers_client_reaches_a_server_of_a_private_ca_that_the_default_client_refuses() {
    let (url, ca_pem, answered) = tls_server().await;
    // Built here: the private CA is no root it trusts, so the handshake fails and nothing is
    // answered.
    let default = Client::builder().base_url(&url).retry(RetryPolicy::disabled()).build().unwrap();
    match default.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await {
        Err(Error::Transport(e)) => {
            assert!(e.is_connect(), "a TLS failure while connecting: {e:?}")
        }
        other => panic!("the default client must refuse the private CA: {other:?}"),
    }
    assert_eq!(answered.load(Ordering::SeqCst), 0);
    // The caller's client trusts the CA: the same call succeeds through it.
    let http = reqwest::Client::builder()
        .tls_certs_merge([reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap()])
        .build()
        .unwrap();
    let client = Client::builder().base_url(&url).http_client(http).build().unwrap();
    let invite = client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    assert_eq!(invite.username.as_deref(), Some("get@example.com"));
    assert_eq!(answered.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_forward_proxy_sees_every_api_and_token_request_of_the_callers_client() {
    let proxy = Tinyproxy::start("every");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(invitation_reply()).expect(2).mount(&server).await;
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(proxy.url()).unwrap())
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/api/oauth/token", server.uri()))
        .credentials(Credentials::service_account("mdb_sa_id_1", "mdb_sa_sk_1"))
        .http_client(http)
        .build()
        .unwrap();
    for _ in 0..2 {
        client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    }
    // The proxy forwarded the token request and both calls, and the server got each through
    // it (tinyproxy adds its `Via`).
    let seen = proxy.requests();
    let invite_url = format!("{}/api/atlas/v2/orgs/{ORG}/invites/{INVITE}", server.uri());
    assert_eq!(
        seen,
        vec![
            format!("POST {}/api/oauth/token", server.uri()),
            format!("GET {invite_url}"),
            format!("GET {invite_url}")
        ],
        "log:\n{}",
        proxy.log()
    );
    for request in server.received_requests().await.unwrap() {
        let via =
            request.headers.get("via").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(
            via.contains("tinyproxy"),
            "{} {} came through the proxy: via {via:?}",
            request.method,
            request.url
        );
    }
    // The client built here does not use that proxy (none is configured in this process).
    let direct = Client::builder().base_url(server.uri()).build().unwrap();
    Mock::given(method("GET"))
        .respond_with(invitation_reply())
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    direct.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    let last = server.received_requests().await.unwrap().pop().unwrap();
    assert!(last.headers.get("via").is_none());
    assert_eq!(proxy.requests().len(), 3);
}

#[test]
fn connect_timeout_belongs_to_the_callers_client() {
    let error = Client::builder()
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config(message) if message.contains("connect_timeout")),
        "{error}"
    );
}

/// What a hook saw, in order: one line per call of either method.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

impl Hook for Recorder {
    fn before_attempt(&self, request: &mut HookRequest<'_>) {
        let credentials = request.headers().contains_key("authorization");
        self.seen.lock().unwrap().push(format!(
            "before {} {} attempt {} round {} credentials {credentials}",
            request.operation_id(),
            request.method(),
            request.attempt(),
            request.round()
        ));
        let id = format!("req-{}-{}", request.attempt(), request.round());
        request.headers_mut().insert("x-request-id", id.parse().unwrap());
        // A hook cannot replace the credentials: they are set after it.
        request.headers_mut().insert("authorization", "Bearer from-a-hook".parse().unwrap());
    }

    fn after_attempt(&self, reply: &HookReply<'_>) {
        let credentials = reply.headers().is_some_and(|h| h.contains_key("authorization"));
        self.seen.lock().unwrap().push(format!(
            "after {} attempt {} round {} status {:?} failure {:?} credentials {credentials}",
            reply.operation_id(),
            reply.attempt(),
            reply.round(),
            reply.status(),
            reply.failure()
        ));
    }
}

#[tokio::test]
async fn hooks_see_each_retry_add_headers_and_never_see_or_replace_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "tok-secret", "token_type": "Bearer", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(invitation_reply()).mount(&server).await;
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/api/oauth/token", server.uri()))
        .credentials(Credentials::service_account("mdb_sa_id_1", "mdb_sa_sk_1"))
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .hook(recorder.clone())
        .build()
        .unwrap();
    client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    assert_eq!(
        *recorder.seen.lock().unwrap(),
        vec![
            "before getOrgInvite GET attempt 1 round 1 credentials false",
            "after getOrgInvite attempt 1 round 1 status Some(503) failure None credentials false",
            "before getOrgInvite GET attempt 2 round 1 credentials false",
            "after getOrgInvite attempt 2 round 1 status Some(200) failure None credentials false",
        ]
    );
    // The token request ran no hook; each API attempt carried the hook's header and the
    // real token, not the hook's.
    let api: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == "GET")
        .collect();
    assert_eq!(api.len(), 2);
    for (request, id) in api.iter().zip(["req-1-1", "req-2-1"]) {
        assert_eq!(request.headers.get("x-request-id").unwrap(), id);
        assert_eq!(request.headers.get("authorization").unwrap(), "Bearer tok-secret");
    }
}

#[tokio::test]
async fn hooks_see_each_digest_round_against_apache() {
    let apache = Apache::start("hooks");
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder()
        .base_url(apache.url())
        .credentials(Credentials::digest(USER, PASSWORD))
        .hook(recorder.clone())
        .build()
        .unwrap();
    for _ in 0..2 {
        client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
    }
    // The first call meets the challenge (round 1, 401) and answers it (round 2); the second
    // reuses the nonce in one round. No round shows the credentials.
    assert_eq!(
        *recorder.seen.lock().unwrap(),
        vec![
            "before getOrgInvite GET attempt 1 round 1 credentials false",
            "after getOrgInvite attempt 1 round 1 status Some(401) failure None credentials false",
            "before getOrgInvite GET attempt 1 round 2 credentials false",
            "after getOrgInvite attempt 1 round 2 status Some(200) failure None credentials false",
            "before getOrgInvite GET attempt 1 round 1 credentials false",
            "after getOrgInvite attempt 1 round 1 status Some(200) failure None credentials false",
        ]
    );
    let statuses: Vec<String> = apache
        .access_log()
        .iter()
        .map(|line| line.rsplit(' ').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(statuses, ["401", "200", "200"]);
}

#[tokio::test]
async fn a_failed_attempt_reaches_the_hook_with_its_kind() {
    // A port nothing listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::disabled())
        .hook(recorder.clone())
        .build()
        .unwrap();
    assert!(client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.is_err());
    let seen = recorder.seen.lock().unwrap();
    assert_eq!(
        seen[1],
        format!(
            "after getOrgInvite attempt 1 round 1 status None failure {:?} credentials false",
            Some(HookFailure::Connect)
        )
    );
}
