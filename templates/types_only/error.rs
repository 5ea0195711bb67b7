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

/// A value that breaks a rule of the API description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput {
    /// The field, such as `body.groupRoleAssignments[0].groupId`.
    pub name: String,
    /// The offending value, or `None` when a required value is missing.
    pub value: Option<String>,
    /// The rule it breaks, such as ``must match the pattern `^([a-f0-9]{24})$` ``.
    pub rule: String,
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => write!(f, "invalid `{}`: {value:?} {}", self.name, self.rule),
            None => write!(f, "invalid `{}`: {}", self.name, self.rule),
        }
    }
}

impl std::error::Error for InvalidInput {}
