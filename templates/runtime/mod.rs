//! The runtime shared by every operation: HTTP, errors and validation. Hand-written once,
//! in the generator's templates, and copied into each generated crate.

mod auth;
mod client;
mod error;
mod paginate;
mod retry;
mod validate;

pub use auth::Credentials;
pub use retry::RetryPolicy;
pub use client::{Client, ClientBuilder, Headers, Pending, Response, DEFAULT_BASE_URL, DEFAULT_USER_AGENT{% if has_client_credentials %}, DEFAULT_TOKEN_URL{% endif %}};
pub(crate) use client::{body, send_methods, Request};
#[allow(unused_imports)] // only APIs with paged operations use it
pub(crate) use paginate::paginate;
pub use error::{Error, ErrorBody, ErrorResponse, InvalidInput};
#[allow(unused_imports)] // which checks are used depends on the API
pub(crate) use validate::{check_email, check_length, check_pattern, check_range, json_param, required, string_enum_traits};
pub use validate::{Pattern, ToParam, Validate};

/// Decodes a field of type `Option<Option<T>>` so that `null` becomes `Some(None)` and an
/// absent field (with `#[serde(default)]`) stays `None`: in a PATCH body the two differ.
#[allow(dead_code)] // only APIs with nullable fields in PATCH bodies use it
pub(crate) fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
