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

/// The text of Prism's reply to `GET path`, which must be the 500 that, with `--errors` (how
/// the e2e Prism runs), names a violation in the reply Prism itself made.
async fn refused_reply(prism: &Prism, path: &str) -> String {
    let reply = reqwest::Client::new().get(format!("{}{path}", prism.url)).send().await.unwrap();
    assert_eq!(reply.status(), 500);
    reply.text().await.unwrap()
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
    assert!(refused_reply(&prism, "/thing").await.contains("must match pattern"));
}

#[tokio::test]
async fn prism_takes_an_empty_form_body_for_no_body() {
    let prism = limitation("empty-form-body");
    let http = reqwest::Client::new();
    let form = |body: &'static str| {
        http.post(format!("{}/message", prism.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let empty = form("").await.unwrap();
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("Body parameter is required"));
    assert_eq!(form("text=hi").await.unwrap().status(), 204);
}

#[tokio::test]
async fn prism_reads_a_comma_in_a_string_path_parameter_as_an_array() {
    let prism = limitation("comma-in-path-parameter");
    let http = reqwest::Client::new();
    let encoded = http.get(format!("{}/users/a,b", prism.url)).send().await.unwrap();
    assert_eq!(encoded.status(), 422);
    assert!(encoded.text().await.unwrap().contains("must be string"));
    assert_eq!(http.get(format!("{}/users/ab", prism.url)).send().await.unwrap().status(), 204);
}

#[tokio::test]
async fn prism_exits_when_a_finding_on_its_reply_quotes_text_outside_latin_1() {
    let prism = limitation("non-latin1-violation");
    let http = reqwest::Client::new();
    // Its reply breaks the enum, whose listed values hold a `’`: Node refuses that text as the
    // `sl-violations` header and Prism exits without replying.
    let first = http.get(format!("{}/country", prism.url)).send().await;
    assert!(first.is_err(), "Prism replied: {:?}", first.map(|r| r.status()));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let again = http.get(format!("{}/country", prism.url)).send().await;
    assert!(again.unwrap_err().is_connect(), "Prism is gone after the first call");
}

#[tokio::test]
async fn prism_checks_a_json_part_of_a_multipart_body_as_text() {
    let prism = limitation("multipart-parts");
    let http = reqwest::Client::new();
    let send = |part: &'static str| {
        let body = format!("--XyZ\r\n{part}\r\n--XyZ--\r\n");
        http.post(format!("{}/upload", prism.url))
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(body)
            .send()
    };
    // OpenAPI sends an object property's part as `application/json`.
    let json = "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}";
    let reply = send(json).await.unwrap();
    assert_eq!(reply.status(), 422);
    assert!(reply.text().await.unwrap().contains("must be object"));
    // A file part of the same body is taken.
    let file = "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nabc";
    assert_eq!(send(file).await.unwrap().status(), 204);
}

#[tokio::test]
async fn prisms_static_reply_leaves_the_second_map_entry_empty_after_an_all_of() {
    let prism = limitation("allof-in-map-entry");
    // Without --errors Prism sends the reply it made; with them a 500 names the finding.
    let text = refused_reply(&prism, "/nodes").await;
    assert!(text.contains("nodes.property2 must have required property 'document'"), "{text}");
    assert!(!text.contains("property1 must have"), "the first entry is whole: {text}");
}

#[tokio::test]
async fn prisms_static_reply_ends_a_schema_that_contains_itself_with_an_empty_object() {
    let prism = limitation("recursive-required");
    // Two levels of the tree, then `{}` where the third should be.
    let text = refused_reply(&prism, "/tree").await;
    assert!(text.contains("children.0.children.0 must have required property 'name'"), "{text}");
}
