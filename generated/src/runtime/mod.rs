//! The runtime shared by every operation: HTTP, errors and validation. Hand-written once,
//! in the generator's templates, and copied into each generated crate.

mod auth;
mod client;
mod error;
mod object;
mod paginate;
mod retry;
mod validate;

pub use auth::Credentials;
pub use retry::RetryPolicy;
pub use client::{Client, ClientBuilder, Headers, Pending, Response, DEFAULT_BASE_URL, DEFAULT_MAX_REPLY_SIZE, DEFAULT_USER_AGENT, DEFAULT_TOKEN_URL};
pub(crate) use client::{body, send_methods, Request};
#[allow(unused_imports)] // only APIs with paged operations use it
pub(crate) use paginate::paginate;
pub use error::{Error, ErrorBody, ErrorResponse, InvalidInput};
#[allow(unused_imports)] // an API without object types does not use them
pub(crate) use object::{json_object, Key};
#[allow(unused_imports)] // which checks are used depends on the API
pub(crate) use validate::{check_email, check_items, check_length, check_one_of, check_pattern, check_range, json_param, required, string_enum_traits};
pub use validate::{Pattern, ToParam, Validate};
