/// A value that breaks a rule of the API description, found before sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput {
    /// The parameter or body field, such as `orgId` or `body.groupRoleAssignments[0].groupId`.
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
