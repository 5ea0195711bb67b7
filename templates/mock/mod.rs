//! Test doubles for code that uses this client (the `mock` feature): a local HTTP server that
//! plays the API, with one typed `expect_*` method per operation. Each expectation pins the
//! parameters it cares about and the reply to give; a call that matches no expectation gets
//! a 501 reply naming it, and fails the test when the server is verified or dropped, as does
//! an expectation that was not met.
//!
//! ```no_run
//! # async fn example() {
//! use {{ crate_ident }}::mock::Server;
//!
//! let server = Server::start().await;
//! {{ example }}
//! let client = server.client();
//! // ... run the code under test with `client` ...
//! server.verify().await;
//! # }
//! ```

mod expectations;

pub use expectations::*;

use serde::Serialize;
use wiremock::matchers::{any, body_bytes, body_json, header, method, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::{Client, RetryPolicy};

/// A local server that answers as the API would, from expectations set per operation.
pub struct Server {
    inner: MockServer,
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Server {
        let inner = MockServer::start().await;
        Mock::given(any())
            .respond_with(Unexpected)
            .with_priority(u8::MAX)
            .named("requests that no `expect_*` call matches (each got a 501 reply)")
            .expect(0)
            .mount(&inner)
            .await;
        Server { inner }
    }

    /// The server's base URL, such as `http://127.0.0.1:40123`.
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// A client for this server, without credentials and without retries.
    pub fn client(&self) -> Client {
        Client::builder().base_url(self.uri()).retry(RetryPolicy::disabled()).build().expect("a local URL is a valid base URL")
    }

    /// Panics, naming them, if an expectation was not met or a request matched none.
    /// Dropping the server checks the same.
    pub async fn verify(&self) {
        self.inner.verify().await;
    }

    /// How many requests the server has received so far.
    pub async fn request_count(&self) -> usize {
        self.inner.received_requests().await.map_or(0, |requests| requests.len())
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("uri", &self.uri()).finish()
    }
}

/// The reply to a request no expectation matches: 501, with a body saying which request.
struct Unexpected;

impl Respond for Unexpected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let detail = format!("mock: no expectation matches {} {}", request.method, request.url);
        ResponseTemplate::new(501).set_body_json(serde_json::json!({ "error": 501, "errorCode": "UNEXPECTED_MOCK_REQUEST", "detail": detail }))
    }
}

/// What the typed expectations of every operation share: the request to match and how
/// often, built up by their setters and mounted by `respond`.
#[derive(Debug)]
pub(crate) struct Expectation<'s> {
    server: &'s Server,
    operation_id: &'static str,
    method: &'static str,
    accept: Option<&'static str>,
    /// The path, segment by segment: literal text and parameters, each parameter pinned
    /// by a setter or matching any value.
    segments: Vec<Vec<PathPart>>,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Body>,
    times: u64,
}

/// What a request body must be.
#[derive(Debug)]
enum Body {
    /// Compared as JSON.
    Json(serde_json::Value),
    /// Compared byte for byte (a form, as the client writes it).
    Exact(Vec<u8>),
{%- if has_multipart %}
    /// Compared part by part (the boundary is the client's random choice).
    Multipart(crate::runtime::Multipart),
{%- endif %}
}
{%- if has_multipart %}

/// Matches a multipart body by its parts: names, file names, media types and bytes.
struct MultipartParts(crate::runtime::Multipart);

impl wiremock::Match for MultipartParts {
    fn matches(&self, request: &Request) -> bool {
        let content_type = request.headers.get("content-type").and_then(|value| value.to_str().ok());
        self.0.matches(content_type, &request.body)
    }
}
{%- endif %}

impl<'s> Expectation<'s> {
    /// An expectation of one call of `operation_id` on `path`, the template as written in
    /// the API description (`/orgs/{orgId}/users/{userId}:addRole`): each `{..}` matches any
    /// value until a setter pins it, the text around it (`:addRole`) always.
    pub(crate) fn new(server: &'s Server, operation_id: &'static str, method: &'static str, accept: Option<&'static str>, path: &str) -> Self {
        let segments = path.split('/').skip(1).map(PathPart::parse_segment).collect();
        Expectation { server, operation_id, method, accept, segments, query: Vec::new(), headers: Vec::new(), body: None, times: 1 }
    }

    /// Pins the path parameter `name` to `value`, wherever the template uses it.
    #[allow(dead_code)] // not every API has path parameters
    pub(crate) fn path(&mut self, name: &str, value: String) {
        self.path_encoded(name, crate::runtime::encode_value(&value));
    }

    /// Pins the path parameter `name` to text already percent-encoded (a styled parameter).
    #[allow(dead_code)] // not every API has path parameters
    pub(crate) fn path_encoded(&mut self, name: &str, encoded: String) {
        for part in self.segments.iter_mut().flatten() {
            if let PathPart::Param { name: param, value: pinned } = part {
                if param == name {
                    *pinned = Some(encoded.clone());
                }
            }
        }
    }

    /// Requires the query parameter `name` to have `value` (once per call for lists).
    #[allow(dead_code)] // not every API has query parameters
    pub(crate) fn query(&mut self, name: &str, value: String) {
        self.query.push((name.to_string(), value));
    }

    /// Requires each pair of an encoded query text (`a=1&a=2`, a styled parameter).
    #[allow(dead_code)] // not every API has styled query parameters
    pub(crate) fn query_encoded(&mut self, text: &str) {
        self.query.extend(url::form_urlencoded::parse(text.as_bytes()).into_owned());
    }

    /// Requires the header `name` to have `value`.
    #[allow(dead_code)] // not every API has header parameters
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Requires the request body to be this value as JSON.
    #[allow(dead_code)] // not every API has request bodies
    pub(crate) fn body(&mut self, value: &impl Serialize) {
        self.body = Some(Body::Json(serde_json::to_value(value).expect("request bodies encode as JSON")));
    }

    /// Requires the request body to be exactly these bytes (a form body, written as the
    /// client writes it).
    #[allow(dead_code)] // not every API has form bodies
    pub(crate) fn body_exact(&mut self, bytes: Vec<u8>) {
        self.body = Some(Body::Exact(bytes));
    }
{% if has_multipart %}
    /// Requires the request body to be a multipart body with exactly these parts.
    pub(crate) fn body_multipart(&mut self, parts: crate::runtime::Multipart) {
        self.body = Some(Body::Multipart(parts));
    }
{% endif %}
    /// Expects `times` matching calls instead of one; further calls are unexpected.
    pub(crate) fn times(&mut self, times: u64) {
        self.times = times;
    }

    /// Mounts the expectation with a JSON reply.
    pub(crate) async fn respond_json(self, status: u16, content_type: &str, reply: &impl Serialize) {
        let body = serde_json::to_vec(reply).expect("replies encode as JSON");
        self.respond_raw(status, Some((content_type.to_string(), body))).await;
    }

    /// Mounts the expectation with a reply of `status` and optionally a body.
    pub(crate) async fn respond_raw(self, status: u16, body: Option<(String, Vec<u8>)>) {
        let mut reply = ResponseTemplate::new(status);
        if let Some((content_type, body)) = body {
            reply = reply.set_body_raw(body, &content_type);
        }
        let mut mock = Mock::given(method(self.method)).and(path_regex(self.path_regex()));
        if let Some(accept) = self.accept {
            mock = mock.and(header("accept", accept));
        }
        for (name, value) in &self.query {
            mock = mock.and(query_param(name.as_str(), value.as_str()));
        }
        for (name, value) in &self.headers {
            mock = mock.and(header(*name, value.as_str()));
        }
        match &self.body {
            Some(Body::Json(body)) => mock = mock.and(body_json(body)),
            Some(Body::Exact(bytes)) => mock = mock.and(body_bytes(bytes.clone())),
{%- if has_multipart %}
            Some(Body::Multipart(parts)) => mock = mock.and(MultipartParts(parts.clone())),
{%- endif %}
            None => {}
        }
        mock.respond_with(reply)
            .named(format!("`{}` ({} {})", self.operation_id, self.method, self.describe_path()))
            .up_to_n_times(self.times)
            .expect(self.times)
            .mount(&self.server.inner)
            .await;
    }

    /// `^/a/b/[^/]+:addRole$`: literal text and pinned parameters as the client encodes
    /// them, unpinned parameters any non-empty text within their segment.
    fn path_regex(&self) -> String {
        let mut regex = String::from("^");
        for segment in &self.segments {
            regex.push('/');
            for part in segment {
                match part {
                    PathPart::Literal(text) => regex.push_str(&regex::escape(&crate::runtime::encode_segment(text))),
                    PathPart::Param { value: Some(encoded), .. } => regex.push_str(&regex::escape(encoded)),
                    PathPart::Param { value: None, .. } => regex.push_str("[^/]+"),
                }
            }
        }
        regex.push('$');
        regex
    }

    /// `/orgs/4888442a3354817a7320eb61/users/*:addRole`: what the failure messages show.
    fn describe_path(&self) -> String {
        let mut text = String::new();
        for segment in &self.segments {
            text.push('/');
            for part in segment {
                text.push_str(match part {
                    PathPart::Literal(text) | PathPart::Param { value: Some(text), .. } => text,
                    PathPart::Param { value: None, .. } => "*",
                });
            }
        }
        text
    }
}

/// One piece of a path segment of the template.
#[derive(Debug)]
enum PathPart {
    Literal(String),
    /// A `{name}`, pinned to a value by a setter or not.
    Param { name: String, value: Option<String> },
}

impl PathPart {
    /// Splits a template segment such as `{userId}:addRole` into its pieces.
    fn parse_segment(segment: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| c + open) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            parts.push(PathPart::Param { name: rest[open + 1..close].to_string(), value: None });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        parts
    }
}

/// The methods every typed expectation has: `times` and `respond_error`.
macro_rules! expectation_methods {
    ($name:ident) => {
        impl $name<'_> {
            /// Expects this many matching calls instead of one; further calls are unexpected.
            pub fn times(mut self, times: u64) -> Self {
                self.0.times(times);
                self
            }

            /// Mounts the expectation: matching calls get an error reply with `status` and `error`
            /// as its JSON body.
            pub async fn respond_error(self, status: u16, error: crate::ErrorBody) {
                self.0.respond_json(status, "application/json", &error).await;
            }
        }
    };
}

pub(crate) use expectation_methods;
