//! The runtime shared by every operation: HTTP, errors and validation. Hand-written once,
//! in the generator's templates, and copied into each generated crate.

mod auth;
mod client;
mod error;
{%- if features.events %}
mod events;
{%- endif %}
{%- if features.multipart %}
mod multipart;
{%- endif %}
mod hooks;
mod object;
mod paginate;
mod pending;
mod reply;
mod request;
mod retry;
mod style;
mod validate;

pub use auth::Credentials;
{%- if features.multipart %}
pub use multipart::FilePart;
pub(crate) use multipart::Multipart;
{%- endif %}
pub use hooks::{Hook, HookFailure, HookReply, HookRequest};
pub use retry::RetryPolicy;
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_REPLY_SIZE, DEFAULT_USER_AGENT{% if has_client_credentials %}, DEFAULT_TOKEN_URL{% endif %}};
pub use pending::Pending;
pub(crate) use pending::send_methods;
{%- if features.events %}
pub(crate) use pending::event_methods;
pub use events::{Event, EventData, EventStream};
pub(crate) use events::Format as EventFormat;
{%- endif %}
pub use reply::{ByteStream, Headers, Response};
pub(crate) use reply::body;
pub(crate) use request::Request;
#[allow(unused_imports)] // only APIs with styled parameters use them
pub(crate) use style::{encode_segment, encode_value, form_text, header_text, json_text, path_text, query_text, Encoding, Style};
#[allow(unused_imports)] // only APIs with paged operations use it
pub(crate) use paginate::paginate;
pub use error::{Error, ErrorBody, ErrorResponse, InvalidInput};
#[allow(unused_imports)] // an API without object types does not use them
pub(crate) use object::{json_object, Key};
#[allow(unused_imports)] // which checks are used depends on the API
pub(crate) use validate::{ {%- if features.email %}check_email, {% endif %}check_bounds, {% if features.entry_counts %}check_entries, {% endif %}check_items, check_length, check_one_of, check_pattern, check_range, {% if features.unique_items %}check_unique, {% endif %}required, string_enum_traits};
pub use validate::{Pattern, ToParam, Validate};

/// Entry points for the fuzz targets (`fuzz/` of the generator's repository): the parsers of
/// what a server sends, reachable without a server. Not part of the API; only with the
/// `fuzzing` feature.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    use std::time::Duration;

    use reqwest::header::{HeaderMap, HeaderValue};

    fn headers(name: reqwest::header::HeaderName, value: &[u8]) -> Option<HeaderMap> {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_bytes(value).ok()?);
        Some(headers)
    }

    /// A `Retry-After` value as the client reads it.
    pub fn retry_after(value: &[u8]) -> Option<Duration> {
        super::retry::retry_after(&headers(reqwest::header::RETRY_AFTER, value)?)
    }

    /// A reply body unwrapped from its `{"status", "content"}` envelope.
    pub fn unwrap_envelope(status: u16, body: Vec<u8>) -> (u16, Vec<u8>) {
        super::reply::unwrap_envelope(status, body)
    }
{%- if has_digest %}

    /// A `WWW-Authenticate` value parsed as a Digest challenge and, if it is one, answered.
    pub fn digest(value: &[u8]) -> Option<String> {
        let challenge = super::auth::digest_challenge(&headers(reqwest::header::WWW_AUTHENTICATE, value)?)?;
        let (user, password) = (super::auth::Secret("public".into()), super::auth::Secret("private".into()));
        super::auth::digest_authorization(&user, &password, &std::sync::Mutex::new(Some(challenge)), "GET", "/api/atlas/v2?x=1", None).ok().flatten()
    }
{%- endif %}
}
