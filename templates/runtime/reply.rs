//! The reply: read within its size limit, unwrapped from an envelope when asked, checked for
//! an error status, and decoded into what the operation documents.

use std::future::Future;

use super::error::{Error, ErrorResponse};

/// The headers of a reply.
pub type Headers = reqwest::header::HeaderMap;

/// One HTTP exchange: the reply with its body read.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) headers: Headers,
    pub(super) body: Vec<u8>,
    /// A success reply of a streamed request, its body not read yet.
    pub(super) unread: Option<reqwest::Response>,
}

/// The body of a reply as it arrives, chunk by chunk, for downloads that should not sit in
/// memory whole (see the `send_stream` of operations that reply with bytes). Not bounded by
/// [`ClientBuilder::max_reply_size`](crate::ClientBuilder::max_reply_size): the caller decides what to keep.
pub type ByteStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<Vec<u8>, Error>> + Send>>;

pub(super) fn byte_stream(reply: reqwest::Response) -> ByteStream {
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

impl Reply {
    /// A success reply, or the error reply as an [`Error::Api`]. With an envelope, the
    /// status and payload come from the body's `status` and `content`.
    pub(super) fn into_result(self, enveloped: bool) -> Result<RawResponse, Error> {
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

/// A success reply before its body is decoded.
pub(crate) struct RawResponse {
    pub(super) status: u16,
    pub(super) headers: Headers,
    pub(super) body: Vec<u8>,
    pub(super) unread: Option<reqwest::Response>,
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
        // A 204 or 205 reply has no content by definition (RFC 9110), even where the API
        // describes one: an empty body stands for `null`, or an empty object.
        if self.body.is_empty() && matches!(self.status, 204 | 205) {
            if let Some(body) = serde_json::from_slice(b"null").ok().or_else(|| serde_json::from_slice(b"{}").ok()) {
                return Ok(Response { status: self.status, headers: self.headers, body });
            }
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

    /// A text reply (`text/plain`), which must be UTF-8.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn text(self) -> Result<Response<String>, Error> {
        match String::from_utf8(self.body) {
            Ok(body) => Ok(Response { status: self.status, headers: self.headers, body }),
            Err(e) => Err(Error::Decode { status: self.status, message: format!("the text reply is not UTF-8: {e}"), body: String::from_utf8_lossy(e.as_bytes()).into_owned() }),
        }
    }

    /// A reply whose body is not JSON (CSV, gzip, ...), returned as bytes.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn bytes(self) -> Response<Vec<u8>> {
        Response { status: self.status, headers: self.headers, body: self.body }
    }
}

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
    pub(super) fn new(status: u16, headers: Headers, body: T) -> Self {
        Response { status, headers, body }
    }

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
