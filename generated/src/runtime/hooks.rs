//! Hooks: a small interception point around each HTTP attempt, for request ids, metrics,
//! logging and tracing fields. See [`Hook`].

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;
use url::Url;

/// Code that runs around each HTTP attempt of an API call, added with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook).
///
/// **When it runs.** `before_attempt` runs for every request the client sends for an
/// operation, just before it is sent, and `after_attempt` once its reply has been read (or
/// its status and headers, for a streamed reply) or the attempt failed. A retry is a new
/// attempt ([`HookRequest::attempt`] counts them from 1) and an authentication round inside
/// one attempt (answering a Digest challenge or a renewed nonce, a service-account token
/// refreshed after a 401) is a new round ([`HookRequest::round`], from 1), so a hook sees
/// every request on the wire. Token requests to the OAuth token endpoint are not API calls
/// and do not run hooks. Several hooks run in the order they were added, for both calls.
///
/// **What it sees.** The operation, method, URL, the headers the client will send, and the
/// attempt and round; then the status, the reply's headers, the time taken and the kind of
/// failure. Never the credentials: the `Authorization` header (or the API key headers) is
/// added after `before_attempt` returns, and replaces one a hook set. Headers a hook adds are
/// sent with that attempt only.
///
/// Hooks are synchronous and run on the task that makes the call: keep them short (count,
/// record, add a header), and hand anything slow to a channel.
///
/// A request id on every attempt, and a counter of replies by status:
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
/// use atlas_invites::{Hook, HookReply, HookRequest};
///
/// struct RequestId;
///
/// impl Hook for RequestId {
///     fn before_attempt(&self, request: &mut HookRequest<'_>) {
///         let id = format!("{}-{}-{}", request.operation_id(), request.attempt(), request.round());
///         if let Ok(value) = id.parse() {
///             request.headers_mut().insert("x-request-id", value);
///         }
///     }
/// }
///
/// #[derive(Default)]
/// struct Metrics {
///     ok: AtomicU64,
///     failed: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn after_attempt(&self, reply: &HookReply<'_>) {
///         match reply.status() {
///             Some(status) if status < 400 => self.ok.fetch_add(1, Ordering::Relaxed),
///             _ => self.failed.fetch_add(1, Ordering::Relaxed),
///         };
///     }
/// }
///
/// let metrics = Arc::new(Metrics::default());
/// let client = atlas_invites::Client::builder().hook(RequestId).hook(metrics.clone()).build()?;
/// # let _ = client;
/// # Ok::<(), atlas_invites::Error>(())
/// ```
///
/// Fields on `tracing` events (the client already opens a `request` span per call, with
/// the operation, method and path):
///
/// ```
/// use atlas_invites::{Hook, HookReply};
///
/// struct Trace;
///
/// impl Hook for Trace {
///     fn after_attempt(&self, reply: &HookReply<'_>) {
///         tracing::info!(
///             operation = reply.operation_id(),
///             attempt = reply.attempt(),
///             status = reply.status(),
///             elapsed_ms = reply.elapsed().as_millis() as u64,
///             failure = ?reply.failure(),
///             "api call"
///         );
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Runs just before an attempt is sent; may add headers to it.
    fn before_attempt(&self, request: &mut HookRequest<'_>) {
        let _ = request;
    }

    /// Runs when an attempt has its reply, or has failed.
    fn after_attempt(&self, reply: &HookReply<'_>) {
        let _ = reply;
    }
}

/// A shared hook (an `Arc` the caller keeps a clone of, to read what it counted).
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn before_attempt(&self, request: &mut HookRequest<'_>) {
        (**self).before_attempt(request);
    }

    fn after_attempt(&self, reply: &HookReply<'_>) {
        (**self).after_attempt(reply);
    }
}

/// One attempt about to be sent, as a [`Hook`] sees it.
pub struct HookRequest<'a> {
    pub(crate) operation_id: &'static str,
    pub(crate) attempt: u32,
    pub(crate) round: u32,
    pub(crate) request: &'a mut reqwest::Request,
}

impl HookRequest<'_> {
    /// The `operationId` of the call.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The URL, with its query.
    pub fn url(&self) -> &Url {
        self.request.url()
    }

    /// The attempt, from 1: each retry is a new attempt.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The authentication round within the attempt, from 1: answering a Digest challenge or
    /// sending again with a fresh token is round 2.
    pub fn round(&self) -> u32 {
        self.round
    }

    /// The headers to be sent, credentials aside.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers to be sent, to add to (the credentials are added afterwards and replace an
    /// `Authorization` header set here).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }
}

impl std::fmt::Debug for HookRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HookRequest").field("operation_id", &self.operation_id).field("method", self.method()).field("url", &self.url().as_str()).field("attempt", &self.attempt).field("round", &self.round).finish_non_exhaustive()
    }
}

/// How an attempt ended, as a [`Hook`] sees it.
#[derive(Debug)]
pub struct HookReply<'a> {
    pub(crate) operation_id: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) attempt: u32,
    pub(crate) round: u32,
    pub(crate) elapsed: Duration,
    pub(crate) status: Option<u16>,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) failure: Option<HookFailure>,
}

impl HookReply<'_> {
    /// The `operationId` of the call.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL, with its query.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The attempt, from 1 (see [`HookRequest::attempt`]).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The authentication round, from 1 (see [`HookRequest::round`]).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// From just before sending to the reply read (its head, for a streamed reply) or the
    /// failure.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The reply's status, if there was a reply.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The reply's headers, if there was a reply.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers
    }

    /// Why the attempt failed without a usable reply, if it did.
    pub fn failure(&self) -> Option<HookFailure> {
        self.failure
    }
}

/// Why an attempt ended without a usable reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HookFailure {
    /// No connection could be opened (refused, unreachable, TLS handshake).
    Connect,
    /// The attempt ran out of time.
    Timeout,
    /// The reply's body was larger than the client reads.
    ReplyTooLarge,
    /// The connection failed while sending or reading (reset, cut off, not HTTP).
    Transport,
}

impl HookFailure {
    pub(crate) fn of(error: &super::error::Error) -> HookFailure {
        match error {
            super::error::Error::Transport(e) if e.is_timeout() => HookFailure::Timeout,
            super::error::Error::Transport(e) if e.is_connect() => HookFailure::Connect,
            super::error::Error::ReplyTooLarge { .. } => HookFailure::ReplyTooLarge,
            _ => HookFailure::Transport,
        }
    }
}
