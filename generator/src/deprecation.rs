//! The one place a deprecation is put into words: the builder's docs and `#[deprecated]`,
//! the command line's warning, the README, the crate docs and spec-diff all name an
//! operation's replacements through [`replacement_names`], and the first three say why
//! through [`note`].

use crate::model::{Api, Deprecation, Operation, Replacement};

/// How a replacement operation is named, which depends on where the text is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// Rustdoc: an intra-doc link, ``[`Client::get_org_user`]``.
    Link,
    /// Printed by the compiler (`#[deprecated]`): `Client::get_org_user`.
    Path,
    /// The README's table: the method, `get_org_user`.
    Method,
    /// The command line's warning: the subcommand, `organizations get-org-user`.
    Command,
    /// spec-diff: the operationId, `getOrgUser`.
    OperationId,
}

/// What becomes of replacements that are prose, not operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prose {
    /// Kept as the document gives it.
    Keep,
    /// Left out (tables that link operations).
    Skip,
    /// Kept without the code quotes an unresolved `x-replaced-by` gets (compared by name).
    Bare,
}

/// Each replacement of `deprecation`, named for where it is shown.
pub fn replacement_names(
    api: &Api,
    deprecation: &Deprecation,
    naming: Naming,
    prose: Prose,
) -> Vec<String> {
    deprecation
        .replacements
        .iter()
        .filter_map(|replacement| match replacement {
            Replacement::Operation(index) => Some(operation_name(&api.operations[*index], naming)),
            Replacement::Text(text) => match prose {
                Prose::Keep => Some(text.clone()),
                Prose::Skip => None,
                Prose::Bare => Some(text.trim_matches('`').to_string()),
            },
        })
        .collect()
}

fn operation_name(op: &Operation, naming: Naming) -> String {
    let method = op.names.method.bare();
    match naming {
        Naming::Link => format!("[`Client::{method}`]"),
        Naming::Path => format!("`Client::{method}`"),
        Naming::Method => format!("`{method}`"),
        Naming::Command => format!("`{} {}`", op.names.group, op.names.command),
        Naming::OperationId => op.id.clone(),
    }
}

/// Why the operation is deprecated and what to use instead: "the server stops serving this
/// operation on 2027-07-01 (sunset); use ``[`Client::get_org_user`]`` instead". Empty when it is
/// not deprecated.
pub fn note(api: &Api, op: &Operation, naming: Naming) -> String {
    let Some(deprecation) = &op.deprecation else { return String::new() };
    let mut note = match &deprecation.sunset {
        Some(date) => format!("the server stops serving this operation on {date} (sunset)"),
        None => "this operation is deprecated".to_string(),
    };
    let names = replacement_names(api, deprecation, naming, Prose::Keep);
    if !names.is_empty() {
        note.push_str(&format!("; use {} instead", names.join(" and ")));
    }
    note
}
