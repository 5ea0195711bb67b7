//! The fault matrix: each misbehaving server ends in the documented result (success after
//! a retry or a typed error) within its deadline, with no panic; attempts are counted.
#![allow(deprecated)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_invites::types::OrganizationInvitationRequest;
use atlas_invites::{Client, Error, RetryPolicy};
use serde_json::json;
use support::ids::{INVITE, ORG};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_secs(2))
        .deadline(Duration::from_secs(10))
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .retry(fast_retries())
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap()
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

async fn get(client: &Client) -> Result<atlas_invites::types::OrganizationInvitation, Error> {
    client.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await
}

fn invitation() -> serde_json::Value {
    json!({"orgName": "Acme", "id": INVITE})
}

#[tokio::test]
async fn status_500_with_api_error_body_is_typed_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": 500, "errorCode": "UNEXPECTED_ERROR", "reason": "Internal Server Error"})))
        .mount(&server)
        .await;
    let Error::Api(response) = get(&client(&server.uri())).await.unwrap_err() else {
        panic!("expected an API error")
    };
    assert_eq!((response.status, response.error_code()), (500, Some("UNEXPECTED_ERROR")));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn status_500_with_html_body_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500).set_body_raw("<h1>Bad Gateway-ish</h1>", "text/html"),
        )
        .mount(&server)
        .await;
    let Error::Api(response) = get(&client(&server.uri())).await.unwrap_err() else {
        panic!("expected an API error")
    };
    assert!(response.body.is_none());
    assert_eq!(response.raw, "<h1>Bad Gateway-ish</h1>");
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn status_429_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation()))
        .with_priority(2)
        .mount(&server)
        .await;
    let started = Instant::now();
    let invite = get(&client(&server.uri())).await.expect("succeeds after the retry");
    assert_eq!(invite.org_name, "Acme");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited for Retry-After: {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn status_503_then_200_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation()))
        .with_priority(2)
        .mount(&server)
        .await;
    get(&client(&server.uri())).await.expect("succeeds after the retry");
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn persistent_429_gives_up_after_the_attempt_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(429)).mount(&server).await;
    let error = get(&client(&server.uri())).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(attempts(&server).await, 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "30"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(fast_retries().max_backoff(Duration::from_secs(60)).deadline(Duration::from_secs(2)))
        .build()
        .unwrap();
    let started = Instant::now();
    assert_eq!(get(&client).await.unwrap_err().status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_only_when_the_caller_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let body = || OrganizationInvitationRequest {
        username: Some("a@example.com".into()),
        ..Default::default()
    };
    let plain = client(&server.uri());
    assert_eq!(
        plain.create_org_invite().org_id(ORG).body(body()).send().await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(attempts(&server).await, 1);
    let opted_in = Client::builder()
        .base_url(server.uri())
        .retry(fast_retries().retry_non_idempotent(true))
        .build()
        .unwrap();
    assert_eq!(
        opted_in.create_org_invite().org_id(ORG).body(body()).send().await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(attempts(&server).await, 1 + 3);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client =
        Client::builder().base_url(server.uri()).retry(RetryPolicy::disabled()).build().unwrap();
    assert_eq!(get(&client).await.unwrap_err().status(), Some(503));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"orgName": "Acme", "#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = get(&client(&server.uri())).await.unwrap_err();
    let Error::Decode { status, body, .. } = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!((*status, body.as_str()), (200, r#"{"orgName": "Acme", "#));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn a_success_with_a_wrong_content_type_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>login page</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let error = get(&client(&server.uri())).await.unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert!(message.contains("text/html"), "{message}");
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn an_enveloped_reply_is_unwrapped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("envelope", "true"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": 200, "content": invitation()})),
        )
        .mount(&server)
        .await;
    let invite = client(&server.uri())
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .envelope(true)
        .send()
        .await
        .expect("unwrapped");
    assert_eq!(invite.org_name, "Acme");
}

#[tokio::test]
async fn an_enveloped_error_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": 404, "content": {"error": 404, "errorCode": "RESOURCE_NOT_FOUND"}}),
        ))
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(INVITE)
        .envelope(true)
        .send()
        .await
        .unwrap_err();
    let Error::Api(response) = error else { panic!("expected an API error") };
    assert_eq!((response.status, response.error_code()), (404, Some("RESOURCE_NOT_FOUND")));
}

/// A raw TCP server that treats every connection with `behaviour` and counts them.
async fn raw_server<F, Fut>(behaviour: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let behaviour = Arc::new(behaviour);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let behaviour = behaviour.clone();
            tokio::spawn(async move { behaviour(stream).await });
        }
    });
    (address, count)
}

async fn read_request(stream: &mut tokio::net::TcpStream) {
    let mut buffer = [0u8; 4096];
    let _ = stream.read(&mut buffer).await;
}

#[tokio::test]
async fn a_body_cut_off_midway_is_a_transport_error() {
    let (address, connections) = raw_server(|mut stream| async move {
        read_request(&mut stream).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"orgName\": \"Ac";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
    let error = get(&client(&address)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "a truncated body is not retried");
}

#[tokio::test]
async fn a_reset_connection_is_retried_then_reported() {
    let (address, connections) = raw_server(|mut stream| async move {
        read_request(&mut stream).await;
        let _ = stream.set_zero_linger();
        drop(stream);
    })
    .await;
    let started = Instant::now();
    let error = get(&client(&address)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 3, "retried up to the attempt limit");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (address, connections) = raw_server(|mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let started = Instant::now();
    let error = get(&client(&address)).await.unwrap_err();
    let Error::Transport(inner) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(inner.is_timeout(), "{inner:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(connections.load(Ordering::SeqCst), 1, "a timeout is not retried");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = get(&client(&format!("http://127.0.0.1:{port}"))).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_connect()), "{error:?}");
}
