//! The HTTP client: its configuration, and sending a prepared request with authentication
//! and retries. The request is `request.rs`, the reply `reply.rs`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use url::Url;

use tracing::Instrument;

use super::auth::{Auth, Credentials};
use super::reply::{byte_stream, read_limited, ByteStream, RawResponse, Reply, Response};
use super::request::Request;
{%- if has_events %}
use super::events::{events, events_of, EventStream, Format as EventFormat};
{%- endif %}
{%- if has_digest %}
use super::auth::{digest_authorization, digest_challenge};
{%- endif %}
use super::error::Error;
use super::hooks::{Hook, HookFailure, HookReply, HookRequest};
use super::retry::RetryPolicy;

/// The default server, from the API description.
pub const DEFAULT_BASE_URL: &str = "{{ default_base_url }}";

{%- if has_client_credentials %}
/// The OAuth 2.0 token URL of the API description, used for service accounts unless
/// [`ClientBuilder::token_url`] sets another.
pub const DEFAULT_TOKEN_URL: &str = "{{ token_url }}";
{% endif %}
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
    http: Http,
    base_url: Url,
    auth: Option<Auth>,
{%- if has_scheme_credentials %}
    /// Credentials for named security schemes, for the operations that ask for one.
    scheme_auths: Vec<(String, Auth)>,
{%- endif %}
    retry: RetryPolicy,
    /// The most bytes of one reply body read into memory.
    max_reply_size: u64,
    hooks: Vec<Arc<dyn Hook>>,
}

/// The HTTP client and what the client adds to each request it sends with it, the same
/// whether the client was built here or given with [`ClientBuilder::http_client`].
pub(crate) struct Http {
    client: reqwest::Client,
    timeout: Duration,
    user_agent: reqwest::header::HeaderValue,
}

impl Http {
    /// A request with the whole-request timeout and the `User-Agent`.
    pub(crate) fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        self.client.request(method, url).timeout(self.timeout).header(reqwest::header::USER_AGENT, self.user_agent.clone())
    }
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
            .field("hooks", &self.inner.hooks.len())
            .finish_non_exhaustive()
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

    /// Sends a prepared request whose reply is text.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) async fn send_text(&self, request: Result<Request, Error>) -> Result<Response<String>, Error> {
        self.execute(request?).await?.text()
    }
{%- if has_events %}

    /// Sends a prepared request asking for the streaming reply `media_type`, and returns its
    /// events as they arrive, each decoded as `T` when its data is JSON.
    pub(crate) async fn send_events<T: serde::de::DeserializeOwned + Send + 'static>(&self, request: Result<Request, Error>, media_type: &'static str, format: EventFormat) -> Result<Response<EventStream<T>>, Error> {
        let mut request = request?;
        request.accept = Some(media_type);
        request.streamed = true;
        let raw = self.execute(request).await?;
        let (status, limit) = (raw.status, self.inner.max_reply_size);
        let stream = match raw.unread {
            Some(reply) => events(reply, status, format, limit),
            // Read already (an enveloped reply): its events at once.
            None => events_of(&raw.body, status, format, limit),
        };
        Ok(Response::new(status, raw.headers, stream))
    }
{%- endif %}

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
        Ok(Response::new(raw.status, raw.headers, stream))
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
        let mut attempt: u32 = 1;
        loop {
            let started = Instant::now();
            let outcome = self.send_authenticated(request, url, attempt).await;
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
    async fn send_authenticated(&self, request: &Request, url: &Url, attempt: u32) -> Result<Reply, Error> {
        let this_attempt = Attempt { request, url, attempt };
{%- if has_scheme_credentials %}
        match self.auth_for(request) {
{%- else %}
        match &self.inner.auth {
{%- endif %}
            None => self.send_once(this_attempt, &[], 1).await,
            Some(Auth::Headers(headers)) => {
                let headers: Vec<(&str, &str)> = headers.iter().map(|(name, value)| (name.as_ref(), value.expose())).collect();
                self.send_once(this_attempt, &headers, 1).await
            }
{%- if has_client_credentials %}
            Some(Auth::ServiceAccount(tokens)) => {
                let token = tokens.token(&self.inner.http).await?;
                let reply = self.send_once(this_attempt, &[("authorization", token.header.expose())], 1).await?;
                if reply.status != 401 {
                    return Ok(reply);
                }
                // The token may have been revoked or expired early: one fresh token, one retry.
                tracing::debug!("token rejected; fetching a new one");
                tokens.invalidate(&token).await;
                let token = tokens.token(&self.inner.http).await?;
                self.send_once(this_attempt, &[("authorization", token.header.expose())], 2).await
            }
{%- endif %}
{%- if has_digest %}
            Some(Auth::Digest { username, password, challenge }) => {
                let uri = match url.query() {
                    Some(query) => format!("{}?{query}", url.path()),
                    None => url.path().to_string(),
                };
                let body = request.body.as_ref().map(|(_, body)| body.as_slice());
                let method = request.method.as_str();
                let header = digest_authorization(username, password, challenge, method, &uri, body)?;
                let had_challenge = header.is_some();
                let reply = self.send_once(this_attempt, header.as_deref().map(|h| ("authorization", h)).as_slice(), 1).await?;
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
                self.send_once(this_attempt, header.as_deref().map(|h| ("authorization", h)).as_slice(), 2).await
            }
{%- endif %}
        }
    }

{% if has_scheme_credentials %}    /// The credentials for a request: those given for the first scheme the operation
    /// accepts that [`ClientBuilder::credentials_for`] named, else the client's own.
    fn auth_for(&self, request: &Request) -> Option<&Auth> {
        request
            .security
            .iter()
            .find_map(|scheme| self.inner.scheme_auths.iter().find(|(name, _)| name == scheme).map(|(_, auth)| auth))
            .or(self.inner.auth.as_ref())
    }

{% endif %}    /// One request on the wire: the hooks' `before_attempt`, the credentials, the reply
    /// read (or kept unread for a streamed success), the hooks' `after_attempt`.
    async fn send_once(&self, this_attempt: Attempt<'_>, authorization: &[(&str, &str)], round: u32) -> Result<Reply, Error> {
        let Attempt { request, url, attempt } = this_attempt;
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
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(body.clone());
        }
{%- if has_multipart %}
        if let Some(parts) = &request.multipart {
            builder = builder.multipart(parts.form()?);
        }
{%- endif %}
        let mut sent = builder.build().map_err(Error::Transport)?;
        for hook in &self.inner.hooks {
            hook.before_attempt(&mut HookRequest { operation_id: request.operation_id, attempt, round, request: &mut sent });
        }
        // After the hooks: they never see the credentials, and cannot replace them.
        for (name, authorization) in authorization {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Auth(format!("{name:?} is not a header name")))?;
            let mut value = reqwest::header::HeaderValue::from_str(authorization)
                .map_err(|_| Error::Auth("the credentials contain characters not allowed in a header".to_string()))?;
            value.set_sensitive(true);
            sent.headers_mut().insert(name, value);
        }
        let started = Instant::now();
        let outcome = self.reply(request, self.inner.http.client.execute(sent).await).await;
        if !self.inner.hooks.is_empty() {
            let (status, headers, failure) = match &outcome {
                Ok(reply) => (Some(reply.status), Some(&reply.headers), None),
                Err(error) => (None, None, Some(HookFailure::of(error))),
            };
            let seen = HookReply { operation_id: request.operation_id, method: &request.method, url, attempt, round, elapsed: started.elapsed(), status, headers, failure };
            for hook in &self.inner.hooks {
                hook.after_attempt(&seen);
            }
        }
        outcome
    }

    /// The reply of one request: its status and headers, and its body read within the limit
    /// (or left unread for a streamed success).
    async fn reply(&self, request: &Request, sent: Result<reqwest::Response, reqwest::Error>) -> Result<Reply, Error> {
        let mut reply = sent.map_err(Error::Transport)?;
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

/// Which call an attempt belongs to, and which attempt it is.
#[derive(Clone, Copy)]
struct Attempt<'a> {
    request: &'a Request,
    url: &'a Url,
    attempt: u32,
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
{%- if has_scheme_credentials %}
    scheme_credentials: Vec<(String, Credentials)>,
{%- endif %}
{%- if has_client_credentials %}
    token_url: Option<String>,
{%- endif %}
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    max_reply_size: Option<u64>,
    http_client: Option<reqwest::Client>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
{%- if has_scheme_credentials %}
            .field("scheme_credentials", &self.scheme_credentials)
{%- endif %}
{%- if has_client_credentials %}
            .field("token_url", &self.token_url)
{%- endif %}
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("hooks", &self.hooks.len())
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
{%- if has_scheme_credentials %}

    /// Credentials for one security scheme of the API description, by its name there
    /// (`components/securitySchemes`): the operations whose own `security` names that
    /// scheme send these instead of [`credentials`](Self::credentials), which the others
    /// keep using. For APIs whose operations ask for different schemes (a bearer token for
    /// some, Basic for others).
    ///
    /// ```
    /// # fn example() -> Result<(), {{ crate_ident }}::Error> {
    /// use {{ crate_ident }}::{Client, Credentials};
    /// let client = Client::builder()
    ///     .credentials(Credentials::bearer("default-token"))
    ///     .credentials_for("{{ example_scheme }}", Credentials::bearer("registration-token"))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn credentials_for(mut self, scheme: impl Into<String>, credentials: Credentials) -> Self {
        self.scheme_credentials.push((scheme.into(), credentials));
        self
    }
{%- endif %}

{%- if has_client_credentials %}
    /// Where service-account credentials are exchanged for tokens; defaults to
    /// [`DEFAULT_TOKEN_URL`].
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }
{% endif %}
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

    /// The limit for opening a connection. Defaults to 10 seconds. A setting of the HTTP
    /// client: not allowed together with [`http_client`](Self::http_client) (set it on that
    /// client instead).
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

    /// Sends every request, API calls and token requests alike, with this `reqwest` client
    /// instead of one built here: for a proxy or a private root certificate, a shared
    /// connection pool, HTTP/2 or local-address settings, or a client instrumented elsewhere.
    ///
    /// **Whose settings apply.** The connection is the given client's: proxies (including
    /// `HTTPS_PROXY`/`NO_PROXY`, which reqwest reads unless the client was built with
    /// `no_proxy()`), TLS roots and identities, pooling, HTTP versions, redirects, the
    /// connect timeout, default headers. The call is this crate's: the whole-request
    /// [`timeout`](Self::timeout) and the [`user_agent`](Self::user_agent) (set on each
    /// request, replacing the client's), [`max_reply_size`](Self::max_reply_size),
    /// [`retry`](Self::retry), [`credentials`](Self::credentials) and [`hook`](Self::hook)s.
    /// [`connect_timeout`](Self::connect_timeout) belongs to the given client, so setting
    /// both is an [`Error::Config`] from [`build`](Self::build).
    ///
    /// ```
    /// // A corporate proxy and root certificate (PEM), with the crate's retries and limits.
    /// # fn example(ca_pem: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     .tls_certs_merge([reqwest::Certificate::from_pem(ca_pem)?])
    ///     .build()?;
    /// let client = {{ crate_ident }}::Client::builder().http_client(http).build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Adds a [`Hook`] that runs around every HTTP attempt of every call (each retry and each
    /// authentication round); hooks run in the order they are added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let raw = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let base_url = Url::parse(raw).map_err(|e| Error::Config(format!("the base URL {raw:?} is not a valid URL: {e}")))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("the base URL {raw:?} must be an http or https URL")));
        }
        let user_agent = self.user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.to_string());
        let user_agent = reqwest::header::HeaderValue::from_str(&user_agent).map_err(|_| Error::Config(format!("the user agent {user_agent:?} is not a valid header value")))?;
        let client = match self.http_client {
            Some(_) if self.connect_timeout.is_some() => {
                return Err(Error::Config("connect_timeout is a setting of the HTTP client: with http_client, set it on that client".to_string()));
            }
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                .build()
                .map_err(|e| Error::Config(format!("the HTTP client could not be created: {e}")))?,
        };
        let http = Http { client, timeout: self.timeout.unwrap_or(Duration::from_secs(60)), user_agent };
{%- if has_client_credentials %}
        let token_url_text = self.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_URL);
        let token_url = Url::parse(token_url_text).map_err(|e| Error::Config(format!("the token URL {token_url_text:?} is not a valid URL: {e}")))?;
{%- if has_scheme_credentials %}
        let scheme_auths = self.scheme_credentials.into_iter().map(|(scheme, credentials)| (scheme, Auth::new(credentials, token_url.clone()))).collect();
{%- endif %}
        let auth = self.credentials.map(|credentials| Auth::new(credentials, token_url));
{%- else %}
{%- if has_scheme_credentials %}
        let scheme_auths = self.scheme_credentials.into_iter().map(|(scheme, credentials)| (scheme, Auth::new(credentials))).collect();
{%- endif %}
        let auth = self.credentials.map(Auth::new);
{%- endif %}
        let max_reply_size = self.max_reply_size.unwrap_or(DEFAULT_MAX_REPLY_SIZE);
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth, {% if has_scheme_credentials %}scheme_auths, {% endif %}retry: self.retry.unwrap_or_default(), max_reply_size, hooks: self.hooks }) })
    }
}

