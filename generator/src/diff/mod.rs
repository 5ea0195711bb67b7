//! Spec diff: what changed between two versions of an API description, on the resolved
//! model (so moving a schema into `components` is not a change), classified for API
//! clients (breaking or not, after oasdiff's rules where they apply) and for the generated
//! crate (which public Rust item changes, and the Cargo semver level of that change).

mod compare;
mod render;

pub use compare::diff;
pub use render::{json, markdown, MARKDOWN_LIMIT};

/// Cargo semver level of a change to the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    Patch,
    Minor,
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// One change, reported once per place it was made: an operation's own parameter or inline
/// schema, or a component schema however many operations use it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// A stable identifier of the kind of change, such as `request-property-added`.
    pub kind: &'static str,
    /// `METHOD /path` of the first operation it reaches, if any.
    pub operation: Option<String>,
    /// Every operation it reaches, and in which direction, in document order.
    pub operations: Vec<Reach>,
    /// Where in the description: the operation and the parameter or property path, or the
    /// component schema (`schema `OrgRole``) and the path inside it.
    pub location: String,
    pub message: String,
    /// Whether existing API clients can break.
    pub breaking: bool,
    pub semver: Semver,
    /// The public Rust item of the generated crate that changes.
    pub rust_item: Option<String>,
}

/// An operation a change reaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    /// The operationId.
    pub operation: String,
    /// `METHOD /path`.
    pub method_path: String,
    pub tags: Vec<String>,
    /// `request`, `response`, or `operation` for changes of the operation itself.
    pub direction: &'static str,
}

/// All changes, breaking ones first, then in document order.
#[derive(Debug, Default)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// The version bump the generated crate needs: the highest level of any change.
    pub fn suggested_bump(&self) -> Option<Semver> {
        self.changes.iter().map(|c| c.semver).max()
    }

    /// Keeps the reaches that `keep` accepts, and the changes left with one. Changes that
    /// reach no operation (security schemes) go when anything is filtered.
    pub fn filter(&mut self, keep: impl Fn(&Reach) -> bool) {
        for change in &mut self.changes {
            change.operations.retain(&keep);
            change.operation = change.operations.first().map(|r| r.method_path.clone());
        }
        self.changes.retain(|c| !c.operations.is_empty());
    }
}
