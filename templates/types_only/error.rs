//! The error of a value that breaks a rule of the API description.

use std::fmt;

/// What validating a value can find (`--types-only`: there is no client to fail).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value breaks a rule of the API description.
    #[error(transparent)]
    InvalidInput(#[from] InvalidInput),
}

{% include "runtime/invalid_input.rs" %}