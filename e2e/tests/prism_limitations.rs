//! The Prism limitations BENCHMARKS.md names as causes of the contract run's remaining
//! operations, each proven on its minimal case (`tools/contract/limitations/`) against the
//! pinned Prism: if a Prism upgrade fixes one, this test says so.

mod support;

use support::prism::{repo, Prism};

fn limitation(name: &str) -> Prism {
    Prism::start(
        &format!("limitation-{name}"),
        &repo().join(format!("tools/contract/limitations/{name}.yaml")),
    )
}

#[tokio::test]
async fn prism_validates_a_content_type_header_parameter_the_specification_says_to_ignore() {
    let prism = limitation("content-type-header-parameter");
    let http = reqwest::Client::new();
    let without = http.get(format!("{}/thing", prism.url)).send().await.unwrap();
    assert_eq!(without.status(), 422);
    assert!(without
        .text()
        .await
        .unwrap()
        .contains("Request header must have required property 'content-type'"));
    let with = http
        .get(format!("{}/thing", prism.url))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 204);
}

#[tokio::test]
async fn prism_cannot_serve_a_json_lines_reply() {
    let prism = limitation("ndjson-reply");
    let reply = reqwest::Client::new()
        .get(format!("{}/events", prism.url))
        .header("accept", "application/x-ndjson")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 500);
    assert!(reply
        .text()
        .await
        .unwrap()
        .contains("Cannot find serializer for application/x-ndjson"));
}

#[tokio::test]
async fn prisms_static_reply_ignores_the_schemas_pattern() {
    let prism = limitation("static-mock-ignores-pattern");
    let reply = reqwest::Client::new().get(format!("{}/thing", prism.url)).send().await.unwrap();
    // With --errors (how the e2e Prism runs) its own reply's violation is a 500.
    assert_eq!(reply.status(), 500);
    assert!(reply.text().await.unwrap().contains("must match pattern"));
}
