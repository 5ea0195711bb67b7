//! Errors: invalid input caught before sending, transport failures, and error replies.

use std::fmt;

use crate::runtime::Headers;

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value given to a request builder breaks a rule of the API description; nothing
    /// was sent.
    #[error(transparent)]
    InvalidInput(#[from] InvalidInput),
    /// The client could not be built from its configuration.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request did not get an HTTP reply: connection refused or reset, TLS failure,
    /// timeout.
    #[error("the request failed before a reply arrived: {0}")]
    Transport(#[source] reqwest::Error),
    /// Authentication failed before the request could be sent: the token endpoint refused
    /// the service account, or a challenge could not be answered. Never contains secrets.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The server replied with an error status (4xx or 5xx).
    #[error(transparent)]
    Api(Box<ErrorResponse>),
    /// The reply was larger than the client's limit
    /// ([`ClientBuilder::max_reply_size`](crate::ClientBuilder::max_reply_size)): reading
    /// stopped there and the connection was dropped. Not retried.
    #[error("the reply was larger than the limit of {limit} bytes{}; nothing more was read", declared.map(|n| format!(" (it declared {n} bytes)")).unwrap_or_default())]
    ReplyTooLarge {
        /// The limit in bytes.
        limit: u64,
        /// The size the reply declared in `Content-Length`, if it did.
        declared: Option<u64>,
    },
    /// The server replied with a success status but a body this client cannot decode.
    #[error("the {status} reply could not be decoded as the documented type: {message}")]
    Decode {
        /// The HTTP status of the reply.
        status: u16,
        /// What the decoder found wrong.
        message: String,
        /// The body as received (lossily converted to UTF-8).
        body: String,
    },
}

impl From<ErrorResponse> for Error {
    fn from(response: ErrorResponse) -> Self {
        Error::Api(Box::new(response))
    }
}

impl Error {
    /// The HTTP status, when the server replied.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

{% include "runtime/invalid_input.rs" %}

/// The body type the API documents for its error replies.
pub type ErrorBody = {{ error_body_type }};

/// An error reply: the status, the headers, and the body, decoded when it has the
/// documented shape and kept raw in every case.
#[derive(Clone, Debug)]
pub struct ErrorResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The reply's headers.
    pub headers: Headers,
    /// The decoded body, if it was JSON of the documented error shape.
    pub body: Option<ErrorBody>,
    /// The body as received (lossily converted to UTF-8).
    pub raw: String,
}

impl ErrorResponse {
    pub(crate) fn new(status: u16, headers: Headers, raw_body: &[u8]) -> Self {
        let body = serde_json::from_slice(raw_body).ok();
        ErrorResponse { status, headers, body, raw: String::from_utf8_lossy(raw_body).into_owned() }
    }
{%- if let Some(access) = error_code_access %}

    /// The machine-readable error code from the body, if there is one.
    pub fn error_code(&self) -> Option<&str> {
        {{ access }}
    }
{%- endif %}
}

impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server replied {}", self.status)?;
        let detail: String = self.raw.chars().take(300).collect();
        if !detail.trim().is_empty() {
            write!(f, ": {}", detail.trim())?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorResponse {}
