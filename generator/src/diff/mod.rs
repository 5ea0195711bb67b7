//! Spec diff: what changed between two versions of an API description, on the resolved
//! model (so moving a schema into `components` is not a change), classified for API
//! clients (breaking or not, after oasdiff's rules where they apply) and for the generated
//! crate (which public Rust item changes, and the Cargo semver level of that change).

mod compare;
mod render;

pub use compare::diff;
pub use render::{json, markdown};

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

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// A stable identifier of the kind of change, such as `request-property-added`.
    pub kind: &'static str,
    /// `METHOD /path` of the operation it belongs to, if any.
    pub operation: Option<String>,
    /// Where in the description: the operation and the parameter or property path.
    pub location: String,
    pub message: String,
    /// Whether existing API clients can break.
    pub breaking: bool,
    pub semver: Semver,
    /// The public Rust item of the generated crate that changes.
    pub rust_item: Option<String>,
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
}
