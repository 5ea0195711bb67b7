//! A typed async client for **Atlas Invitations** (API version 2.0).
//!
//! Generated from the OpenAPI description by `openapi-rust-gen`; do not edit by hand.
//!
//! Every operation is a method on [`Client`] that returns a request builder. Set the
//! parameters, then call `send()`. Each value is checked against the API description
//! (required values, patterns, formats) before anything is sent.
//!
//! ```no_run
//! # async fn example() -> Result<(), atlas_invites::Error> {
//! let client = atlas_invites::Client::builder().base_url("https://cloud.mongodb.com").build()?;
//! #[allow(deprecated)]
//! let reply = client.list_org_invites().org_id("4888442a3354817a7320eb61").send().await?;
//! # let _ = reply;
//! # Ok(())
//! # }
//! ```
//!
//! Errors are an [`Error`]: invalid input found before sending, a transport failure, or
//! an error reply from the server with its status and decoded body.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "mock")]
pub mod mock;
pub mod operations;
mod patterns;
mod runtime;
pub mod types;

pub use runtime::{
    Client, ClientBuilder, Credentials, Error, ErrorBody, ErrorResponse, Headers, InvalidInput, Pattern, Pending, Response, RetryPolicy, ToParam, Validate,
    DEFAULT_BASE_URL, DEFAULT_USER_AGENT, DEFAULT_TOKEN_URL,
};
