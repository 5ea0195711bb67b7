//! The HTTP client: configuration, sending a prepared request, and the reply.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use url::Url;

use super::error::{Error, ErrorResponse};

/// The headers of a reply.
pub type Headers = reqwest::header::HeaderMap;

/// The default server, from the API description.
pub const DEFAULT_BASE_URL: &str = "{{ default_base_url }}";

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Create one with [`Client::builder`], then call an operation method such as
/// the ones listed in [`crate::operations`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.inner.base_url.as_str()).finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL that operation paths are appended to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends a prepared request and returns the reply if its status is a success.
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let url = request.url(&self.inner.base_url);
        let mut builder = self.inner.http.request(request.method.clone(), url);
        if let Some(accept) = request.accept {
            builder = builder.header(reqwest::header::ACCEPT, accept);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(body.clone());
        }
        let started = std::time::Instant::now();
        let reply = builder.send().await.map_err(Error::Transport)?;
        let status = reply.status().as_u16();
        tracing::debug!(operation = request.operation_id, method = %request.method, status, elapsed_ms = started.elapsed().as_millis() as u64, "reply received");
        let headers = reply.headers().clone();
        let body = reply.bytes().await.map_err(Error::Transport)?.to_vec();
        if (200..300).contains(&status) {
            Ok(RawResponse { status, headers, body })
        } else {
            Err(ErrorResponse::new(status, headers, &body).into())
        }
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The server to talk to; defaults to [`DEFAULT_BASE_URL`]. A path prefix is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The limit for a whole request, from connecting to the last byte of the reply.
    /// Defaults to 60 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit for opening a connection. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header; defaults to [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let raw = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let base_url = Url::parse(raw).map_err(|e| Error::Config(format!("the base URL {raw:?} is not a valid URL: {e}")))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("the base URL {raw:?} must be an http or https URL")));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
            .user_agent(self.user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.to_string()))
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be created: {e}")))?;
        Ok(Client { inner: Arc::new(Inner { http, base_url }) })
    }
}

/// A request prepared by an operation builder, after validation.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    /// Path segments, not yet percent-encoded.
    segments: Vec<String>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    accept: Option<&'static str>,
    body: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    pub(crate) fn new(operation_id: &'static str, method: Method, segments: &[&str]) -> Self {
        let segments = segments.iter().map(|s| s.to_string()).collect();
        Request { operation_id, method, segments, query: Vec::new(), headers: Vec::new(), accept: None, body: None }
    }

    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn json_body<T: serde::Serialize>(&mut self, media_type: &'static str, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidInput(super::error::InvalidInput { name: "body".to_string(), value: None, rule: format!("must serialize to JSON: {e}") })
        })?;
        self.body = Some((media_type, bytes));
        Ok(())
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn bytes_body(&mut self, media_type: &'static str, body: Vec<u8>) {
        self.body = Some((media_type, body));
    }

    /// The full URL: base URL, then each segment percent-encoded, then the query.
    fn url(&self, base: &Url) -> Url {
        let mut url = base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(&self.segments);
        }
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        url
    }
}

/// A success reply before its body is decoded.
pub(crate) struct RawResponse {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
}

impl RawResponse {
    /// Decodes a JSON body into the operation's documented type.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(Response { status: self.status, headers: self.headers, body }),
            Err(e) => Err(Error::Decode { status: self.status, message: e.to_string(), body: String::from_utf8_lossy(&self.body).into_owned() }),
        }
    }

    /// A reply documented to have no body; whatever arrives is ignored.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn empty(self) -> Response<()> {
        Response { status: self.status, headers: self.headers, body: () }
    }

    /// A reply whose body is not JSON (CSV, gzip, ...), returned as bytes.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn bytes(self) -> Response<Vec<u8>> {
        Response { status: self.status, headers: self.headers, body: self.body }
    }
}

/// A decoded success reply with its status and headers.
#[derive(Clone, Debug)]
pub struct Response<T> {
    status: u16,
    headers: Headers,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reply's headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// A header's value as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
