//! A typed async client for **Atlas Invitations** (API version 2.0).
//!
//! Generated from the OpenAPI description by `openapi-rust-gen`; do not edit by hand.
//!
//! # Setting up the client
//!
//! A [`Client`] is built once and shared; cloning it is cheap. The base URL defaults to
//! `https://cloud.mongodb.com`.
//!
//! ```no_run
//! # fn example() -> Result<(), atlas_invites::Error> {
//! use atlas_invites::{Client, Credentials};
//!
//! // A service account: its client id and secret are exchanged for a bearer token, which
//! // the client caches and refreshes.
//! let client = Client::builder()
//!     .credentials(Credentials::service_account("client-id", "client-secret"))
//!     .build()?;
//!
//! // An API key pair, sent with HTTP Digest: the public key is the user name, the private
//! // key the password.
//! let client = Client::builder()
//!     .credentials(Credentials::digest("public-key", "private-key"))
//!     .build()?;
//!
//! // A bearer token obtained elsewhere.
//! let client = Client::builder().credentials(Credentials::bearer("token")).build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```
//!
//! # Calling an operation
//!
//! Every operation is a method on [`Client`] that returns a request builder. Set the
//! parameters, then call `send()`. Each value is checked against the API description
//! (required values, patterns, formats) before anything is sent. Each method's
//! documentation has an example of its whole call.
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
//! # Deprecated operations and what replaces them
//!
//! These operations still work until their sunset date, but the API replaces them; each
//! method's documentation and `#[deprecated]` note say the same.
//!
//! | deprecated | sunset | use instead |
//! |---|---|---|
//! | [`Client::list_org_invites`] | 2027-07-01 | [`Client::list_org_users`] |
//! | [`Client::create_org_invite`] | 2027-07-01 | [`Client::create_org_user`] |
//! | [`Client::update_org_invites`] | 2027-07-01 | [`Client::update_org_user`] |
//! | [`Client::get_org_invite`] | 2027-07-01 | [`Client::get_org_user`] |
//! | [`Client::delete_org_invite`] | 2027-07-01 | [`Client::remove_org_user`] |
//! | [`Client::update_org_invite_by_id`] | 2027-07-01 | [`Client::update_org_user`] |
//! | [`Client::list_group_invites`] | 2027-07-01 | [`Client::list_group_users`] |
//! | [`Client::create_group_invite`] | 2027-07-01 | [`Client::add_group_users`] |
//! | [`Client::update_group_invites`] | 2027-07-01 | [`Client::add_group_user_role`], [`Client::remove_group_user_role`] |
//! | [`Client::get_group_invite`] | 2027-07-01 | [`Client::get_group_user`] |
//! | [`Client::delete_group_invite`] | 2027-07-01 | [`Client::remove_group_user`] |
//! | [`Client::update_group_invite_by_id`] | 2027-07-01 | [`Client::add_group_user_role`], [`Client::remove_group_user_role`] |
//!
//! Errors are an [`Error`]: invalid input found before sending, a transport failure, or
//! an error reply from the server with its status and decoded body.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// A document's maps of maps and arrays of maps are nested generic types here, written as the
// document nests them; clippy's `type_complexity` would ask for aliases the document never names.
#![allow(clippy::type_complexity)]
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "mock")]
pub mod mock;
pub mod operations;
mod patterns;
mod runtime;
pub mod types;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use runtime::fuzzing;
pub use runtime::{
    ByteStream, Client, ClientBuilder, Credentials, Error, ErrorBody, ErrorResponse, Headers, Hook, HookFailure, HookReply, HookRequest, InvalidInput, Pattern, Pending, Response, RetryPolicy, ToParam, Validate,
    DEFAULT_BASE_URL, DEFAULT_MAX_REPLY_SIZE, DEFAULT_USER_AGENT, DEFAULT_TOKEN_URL,
};
