//! The HTTP client: configuration, sending a prepared request, and the reply.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use url::Url;

use tracing::Instrument;

use super::auth::{Auth, Credentials};
use super::auth::{digest_authorization, digest_challenge};
use super::error::{Error, ErrorResponse};
use super::style::encode_segment;
use super::validate::ToParam;
use super::retry::RetryPolicy;

/// The headers of a reply.
pub type Headers = reqwest::header::HeaderMap;

/// The default server, from the API description.
pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com";
/// The OAuth 2.0 token URL of the API description, used for service accounts unless
/// [`ClientBuilder::token_url`] sets another.
pub const DEFAULT_TOKEN_URL: &str = "https://cloud.mongodb.com/api/oauth/token";

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cheap to clone: clones share one connection pool, one token
/// cache and one Digest challenge.
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
    auth: Option<Auth>,
    retry: RetryPolicy,
    /// The most bytes of one reply body read into memory.
    max_reply_size: u64,
}

/// The default of [`ClientBuilder::max_reply_size`]: 32 MiB. JSON replies of this API are
/// kilobytes to a few megabytes (a full page of 500 items); a server or proxy that sends more
/// is not allowed to grow the caller's process without bound.
pub const DEFAULT_MAX_REPLY_SIZE: u64 = 32 * 1024 * 1024;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth.as_ref().map(|_| "***"))
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// One HTTP exchange: the reply with its body read.
struct Reply {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
    /// A success reply of a streamed request, its body not read yet.
    unread: Option<reqwest::Response>,
}

/// The body of a reply as it arrives, chunk by chunk, for downloads that should not sit in
/// memory whole (see the `send_stream` of operations that reply with bytes). Not bounded by
/// [`ClientBuilder::max_reply_size`]: the caller decides what to keep.
pub type ByteStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<Vec<u8>, Error>> + Send>>;

fn byte_stream(reply: reqwest::Response) -> ByteStream {
    Box::pin(futures_util::stream::unfold(Some(reply), |reply| async move {
        let mut reply = reply?;
        match reply.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk.to_vec()), Some(reply))),
            Ok(None) => None,
            // The error ends the stream.
            Err(e) => Some((Err(Error::Transport(e)), None)),
        }
    }))
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

    /// Sends a prepared request and decodes its JSON reply. Generic and shared by every
    /// operation, so builders contain no async code of their own.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(&self, request: Result<Request, Error>) -> Result<Response<T>, Error> {
        self.execute(request?).await?.json()
    }

    /// Sends a prepared request whose reply has no body.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) async fn send_empty(&self, request: Result<Request, Error>) -> Result<Response<()>, Error> {
        Ok(self.execute(request?).await?.empty())
    }

    /// Sends a prepared request whose reply is not JSON, returning its bytes.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) async fn send_bytes(&self, request: Result<Request, Error>) -> Result<Response<Vec<u8>>, Error> {
        Ok(self.execute(request?).await?.bytes())
    }

    /// Sends a prepared request and returns a success reply's body unread, as a stream.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) async fn send_stream(&self, request: Result<Request, Error>) -> Result<Response<ByteStream>, Error> {
        let mut request = request?;
        request.streamed = true;
        let raw = self.execute(request).await?;
        let stream = match raw.unread {
            Some(reply) => byte_stream(reply),
            // Not streamed after all (an enveloped reply is read to be unwrapped).
            None => Box::pin(futures_util::stream::iter((!raw.body.is_empty()).then_some(Ok(raw.body)))),
        };
        Ok(Response { status: raw.status, headers: raw.headers, body: stream })
    }

    /// Sends a prepared request, with authentication and retries, and returns the reply
    /// if its status is a success.
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let url = request.url(&self.inner.base_url)?;
        let span = tracing::debug_span!("request", operation = request.operation_id, method = %request.method, path = url.path());
        self.execute_with_retries(&request, &url).instrument(span).await
    }

    async fn execute_with_retries(&self, request: &Request, url: &Url) -> Result<RawResponse, Error> {
        let policy = &self.inner.retry;
        let idempotent = matches!(request.method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE);
        let max_attempts = if idempotent || policy.non_idempotent { policy.max_attempts } else { 1 };
        let deadline = Instant::now() + policy.deadline;
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let outcome = self.send_authenticated(request, url).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let wait = match &outcome {
                Ok(reply) => {
                    tracing::debug!(attempt, status = reply.status, elapsed_ms, "reply");
                    matches!(reply.status, 429 | 503).then(|| policy.wait(attempt, Some(&reply.headers)))
                }
                Err(Error::Transport(e)) => {
                    tracing::debug!(attempt, elapsed_ms, error = %e, "no reply");
                    // A timeout has used its whole budget already; a refused or reset
                    // connection may well succeed on the next try.
                    (!e.is_timeout() && (e.is_connect() || e.is_request())).then(|| policy.wait(attempt, None))
                }
                Err(_) => None,
            };
            match wait {
                Some(wait) if attempt < max_attempts && Instant::now() + wait <= deadline => {
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome.and_then(|reply| reply.into_result(request.enveloped)),
            }
        }
    }

    /// Sends once, answering an authentication challenge or refreshing an expired token
    /// at most once.
    async fn send_authenticated(&self, request: &Request, url: &Url) -> Result<Reply, Error> {
        match &self.inner.auth {
            None => self.send_once(request, url, None).await,
            Some(Auth::Bearer(header)) => self.send_once(request, url, Some(header.expose())).await,
            Some(Auth::ServiceAccount(tokens)) => {
                let token = tokens.token(&self.inner.http).await?;
                let reply = self.send_once(request, url, Some(token.header.expose())).await?;
                if reply.status != 401 {
                    return Ok(reply);
                }
                // The token may have been revoked or expired early: one fresh token, one retry.
                tracing::debug!("token rejected; fetching a new one");
                tokens.invalidate(&token).await;
                let token = tokens.token(&self.inner.http).await?;
                self.send_once(request, url, Some(token.header.expose())).await
            }
            Some(Auth::Digest { username, password, challenge }) => {
                let uri = match url.query() {
                    Some(query) => format!("{}?{query}", url.path()),
                    None => url.path().to_string(),
                };
                let body = request.body.as_ref().map(|(_, body)| body.as_slice());
                let method = request.method.as_str();
                let header = digest_authorization(username, password, challenge, method, &uri, body)?;
                let had_challenge = header.is_some();
                let reply = self.send_once(request, url, header.as_deref()).await?;
                if reply.status != 401 {
                    return Ok(reply);
                }
                // Answer a first challenge, or a new nonce when the old one went stale;
                // a plain 401 to a fresh answer means the credentials are wrong.
                let Some(fresh) = digest_challenge(&reply.headers) else { return Ok(reply) };
                if had_challenge && !fresh.stale {
                    return Ok(reply);
                }
                tracing::debug!(stale = fresh.stale, "answering a Digest challenge");
                *challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(fresh);
                let header = digest_authorization(username, password, challenge, method, &uri, body)?;
                self.send_once(request, url, header.as_deref()).await
            }
        }
    }

    async fn send_once(&self, request: &Request, url: &Url, authorization: Option<&str>) -> Result<Reply, Error> {
        let mut builder = self.inner.http.request(request.method.clone(), url.clone());
        if let Some(accept) = request.accept {
            // A media type from the API description: a static header value, nothing to copy
            // (checked first, since `from_static` panics on bytes a header cannot carry).
            if accept.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) {
                builder = builder.header(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static(accept));
            } else {
                builder = builder.header(reqwest::header::ACCEPT, accept);
            }
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(authorization) = authorization {
            let mut value = reqwest::header::HeaderValue::from_str(authorization)
                .map_err(|_| Error::Auth("the credentials contain characters not allowed in a header".to_string()))?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(body.clone());
        }
        let mut reply = builder.send().await.map_err(Error::Transport)?;
        let status = reply.status().as_u16();
        // Taken, not cloned: the body is read without them.
        let headers = std::mem::take(reply.headers_mut());
        // A streamed request's success reply is handed over unread; anything else (errors,
        // challenges, throttling) is read, within the limit, to be decoded or answered.
        if request.streamed && !request.enveloped && (200..300).contains(&status) {
            return Ok(Reply { status, headers, body: Vec::new(), unread: Some(reply) });
        }
        let body = read_limited(reply, self.inner.max_reply_size).await?;
        Ok(Reply { status, headers, body, unread: None })
    }
}

impl Reply {
    /// A success reply, or the error reply as an [`Error::Api`]. With an envelope, the
    /// status and payload come from the body's `status` and `content`.
    fn into_result(self, enveloped: bool) -> Result<RawResponse, Error> {
        let Reply { status, headers, body, unread } = self;
        let (status, body) = if enveloped && (200..300).contains(&status) { unwrap_envelope(status, body) } else { (status, body) };
        if (200..300).contains(&status) {
            Ok(RawResponse { status, headers, body, unread })
        } else {
            Err(ErrorResponse::new(status, headers, &body).into())
        }
    }
}

/// `{"status": 404, "content": {...}}` becomes status 404 with the content as body. A body
/// that is not such an envelope is returned unchanged.
pub(crate) fn unwrap_envelope(status: u16, body: Vec<u8>) -> (u16, Vec<u8>) {
    #[derive(serde::Deserialize)]
    struct Envelope {
        status: u16,
        #[serde(default)]
        content: Option<serde_json::Value>,
    }
    match serde_json::from_slice::<Envelope>(&body) {
        Ok(envelope) => (envelope.status, envelope.content.map(|c| c.to_string().into_bytes()).unwrap_or_default()),
        Err(_) => (status, body),
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    token_url: Option<String>,
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    max_reply_size: Option<u64>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url)
            .field("retry", &self.retry)
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

    /// How to authenticate; without credentials requests are sent anonymously.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }
    /// Where service-account credentials are exchanged for tokens; defaults to
    /// [`DEFAULT_TOKEN_URL`].
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// When to retry; defaults to [`RetryPolicy::default`]. Use
    /// [`RetryPolicy::disabled`] to send every request once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
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

    /// The most bytes of one reply body the client reads into memory, success or error
    /// reply alike (default [`DEFAULT_MAX_REPLY_SIZE`]). A reply that declares more in
    /// `Content-Length` is refused before its body is read; one that sends more than it
    /// declared, or more without declaring, is cut off at the limit. Either way the call
    /// ends in [`Error::ReplyTooLarge`], is not retried, and the connection is dropped.
    pub fn max_reply_size(mut self, bytes: u64) -> Self {
        self.max_reply_size = Some(bytes);
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
        let token_url_text = self.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_URL);
        let token_url = Url::parse(token_url_text).map_err(|e| Error::Config(format!("the token URL {token_url_text:?} is not a valid URL: {e}")))?;
        let auth = self.credentials.map(|credentials| Auth::new(credentials, token_url));
        let max_reply_size = self.max_reply_size.unwrap_or(DEFAULT_MAX_REPLY_SIZE);
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth, retry: self.retry.unwrap_or_default(), max_reply_size }) })
    }
}

/// Reads a reply's body, never more than `limit` bytes: a larger `Content-Length` is refused
/// up front, a body that runs past the limit (chunked, or longer than it declared) is cut off
/// there. The reply is dropped on error, which closes the connection.
pub(crate) async fn read_limited(mut reply: reqwest::Response, limit: u64) -> Result<Vec<u8>, Error> {
    let declared = reply.content_length();
    if declared.is_some_and(|length| length > limit) {
        return Err(Error::ReplyTooLarge { limit, declared });
    }
    // Room for what was declared (within the limit), else grown as chunks arrive.
    let mut body = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = reply.chunk().await.map_err(Error::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(Error::ReplyTooLarge { limit, declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A request prepared by an operation builder, after validation.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    /// Path segments, percent-encoded.
    segments: Vec<String>,
    query: Vec<QueryPart>,
    headers: Vec<(&'static str, String)>,
    accept: Option<&'static str>,
    body: Option<(&'static str, Vec<u8>)>,
    /// The caller asked for an enveloped reply (`envelope=true`), to be unwrapped.
    enveloped: bool,
    /// The caller wants a success reply's body as a stream, not read here.
    streamed: bool,
}

/// One parameter's part of the query string.
#[derive(Debug)]
enum QueryPart {
    /// A name and a value, form-encoded when the URL is built.
    Pair(&'static str, String),
    /// `name=value` pairs already encoded by a parameter's style.
    Encoded(String),
}

impl Request {
    /// A request for `method` on the path made of `segments` (not yet percent-encoded),
    /// accepting the reply's versioned media type (`accept`) if it has one.
    pub(crate) fn new(operation_id: &'static str, method: Method, accept: Option<&'static str>, segments: &[&str]) -> Self {
        Self::new_encoded(operation_id, method, accept, segments.iter().map(|s| encode_segment(s)))
    }

    /// [`Request::new`] with segments already percent-encoded, for paths whose parameters
    /// have a style (`label`, `matrix`, lists and objects).
    pub(crate) fn new_encoded(operation_id: &'static str, method: Method, accept: Option<&'static str>, segments: impl IntoIterator<Item = String>) -> Self {
        let segments = segments.into_iter().collect();
        Request { operation_id, method, segments, query: Vec::new(), headers: Vec::new(), accept, body: None, enveloped: false, streamed: false }
    }

    /// Marks the reply as wrapped in an envelope, which the client unwraps.
    // Not every API has an envelope parameter.
    #[allow(dead_code)]
    pub(crate) fn enveloped(&mut self, enveloped: bool) {
        self.enveloped = enveloped;
    }

    /// Adds an optional query parameter if it is set.
    // Not every API has optional query parameters.
    #[allow(dead_code)]
    pub(crate) fn query_opt(&mut self, name: &'static str, value: Option<impl ToParam>) {
        if let Some(value) = value {
            self.query(name, value.to_param());
        }
    }

    /// Adds a list-valued query parameter: the name once per item (`?a=1&a=2`).
    // Not every API has list-valued query parameters.
    #[allow(dead_code)]
    pub(crate) fn query_each<T: ToParam>(&mut self, name: &'static str, values: impl IntoIterator<Item = T>) {
        for value in values {
            self.query(name, value.to_param());
        }
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push(QueryPart::Pair(name, value));
    }

    /// Adds a query parameter's `name=value` pairs as its style wrote them (lists, objects,
    /// maps, unions); an empty list exploded has none.
    // Not every API has such parameters.
    #[allow(dead_code)]
    pub(crate) fn query_encoded(&mut self, pairs: String) {
        if !pairs.is_empty() {
            self.query.push(QueryPart::Encoded(pairs));
        }
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

    /// The full URL: base URL, then each segment, then the query. A segment `.` or `..`
    /// is refused: URLs resolve them away, so the request would reach another resource.
    fn url(&self, base: &Url) -> Result<Url, Error> {
        if let Some(dots) = self.segments.iter().find(|segment| is_dot_segment(segment)) {
            return Err(Error::InvalidInput(super::error::InvalidInput {
                name: "path".to_string(),
                value: Some(dots.clone()),
                rule: "a path parameter cannot be `.` or `..`, which URLs resolve away".to_string(),
            }));
        }
        let mut url = base.clone();
        let base_path = base.path().strip_suffix('/').unwrap_or(base.path());
        let mut path = String::with_capacity(base_path.len() + self.segments.iter().map(|s| s.len() + 1).sum::<usize>());
        path.push_str(base_path);
        for segment in &self.segments {
            path.push('/');
            path.push_str(segment);
        }
        url.set_path(&path);
        if !self.query.is_empty() {
            // A query the base URL carries is kept in front.
            let mut query = base.query().unwrap_or_default().to_string();
            for part in &self.query {
                if !query.is_empty() {
                    query.push('&');
                }
                match part {
                    QueryPart::Pair(name, value) => {
                        query.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
                        query.push('=');
                        query.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
                    }
                    QueryPart::Encoded(pairs) => query.push_str(pairs),
                }
            }
            url.set_query(Some(&query));
        }
        Ok(url)
    }
}

/// `.` and `..`, also percent-encoded, which URL parsers treat as dot segments.
fn is_dot_segment(segment: &str) -> bool {
    [".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"].iter().any(|dots| segment.eq_ignore_ascii_case(dots))
}

/// A success reply before its body is decoded.
pub(crate) struct RawResponse {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
    unread: Option<reqwest::Response>,
}

impl RawResponse {
    /// Decodes a JSON body into the operation's documented type.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let content_type = self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if !essence.is_empty() && essence != "application/json" && !essence.ends_with("+json") {
            return Err(Error::Decode {
                status: self.status,
                message: format!("expected a JSON reply, got `Content-Type: {content_type}`"),
                body: String::from_utf8_lossy(&self.body).into_owned(),
            });
        }
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

/// The reply of an operation, still to come: `.await` it. A named type, so it can be
/// stored or returned; boxed, which costs nothing next to an HTTP round trip.
#[must_use = "a request is sent only when its `Pending` is awaited"]
pub struct Pending<'c, T> {
    future: std::pin::Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>,
}

impl<'c, T> Pending<'c, T> {
    pub(crate) fn new(future: impl Future<Output = Result<T, Error>> + Send + 'c) -> Self {
        Pending { future: Box::pin(future) }
    }
}

impl<T> Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, context: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        self.future.as_mut().poll(context)
    }
}

impl<T> fmt::Debug for Pending<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending(..)")
    }
}

/// The two sending methods of a request builder, which has a `client` field and a `prepare`
/// method: `send` and `send_with_response`. Written once here, so that each of the hundreds
/// of builders of a large API names only what its reply decodes to.
#[allow(unused_macros)] // which arms are used depends on the API
macro_rules! send_methods {
    ($builder:ident, json -> [$item:ty]) => {
        $crate::runtime::send_methods!(@impl $builder, Vec<$item>, send_json, "");
    };
    ($builder:ident, json -> $output:ty) => {
        $crate::runtime::send_methods!(@impl $builder, $output, send_json, "");
    };
    ($builder:ident, empty) => {
        $crate::runtime::send_methods!(@impl $builder, (), send_empty, " (which has no body)");
    };
    ($builder:ident, bytes) => {
        $crate::runtime::send_methods!(@impl $builder, Vec<u8>, send_bytes, " as raw bytes");

        impl<'c> $builder<'c> {
            /// Like [`send`](Self::send), but the reply's body is not read into memory: it
            /// arrives as a [`ByteStream`](crate::ByteStream) of chunks, for downloads of any
            /// size. Error replies are read and returned as usual.
            pub fn send_stream(self) -> $crate::Pending<'c, $crate::Response<$crate::ByteStream>> {
                let client = self.client;
                $crate::Pending::new(client.send_stream(self.prepare()))
            }
        }
    };
    (@impl $builder:ident, $output:ty, $sender:ident, $what:literal) => {
        impl<'c> $builder<'c> {
            #[doc = concat!("Checks every value, sends the request and decodes the reply", $what, ".")]
            ///
            /// Fails with [`Error::InvalidInput`](crate::Error::InvalidInput) before sending if a
            /// value breaks a rule of the API description, and with
            /// [`Error::Api`](crate::Error::Api) if the server replies with an error status.
            pub fn send(self) -> $crate::Pending<'c, $output> {
                $crate::Pending::new($crate::runtime::body(self.send_with_response()))
            }

            /// Like [`send`](Self::send), but also returns the reply's status and headers
            /// (for example the rate-limit headers).
            pub fn send_with_response(self) -> $crate::Pending<'c, $crate::Response<$output>> {
                let client = self.client;
                $crate::Pending::new(client.$sender(self.prepare()))
            }
        }
    };
}

pub(crate) use send_methods;

/// The body of a reply, for `send()`.
pub(crate) async fn body<T>(reply: impl Future<Output = Result<Response<T>, Error>>) -> Result<T, Error> {
    reply.await.map(Response::into_body)
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
