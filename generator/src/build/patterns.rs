//! The names of the document's patterns, each the name of a static in `patterns.rs`.
//!
//! Every distinct pattern gets a name, so emission can never meet one without. The patterns
//! requests are checked against are named first, in the order emission meets them (the
//! fields of types that requests carry, then operation parameters and bodies), so a name
//! depends only on those users; the others (the patterns of what only replies carry, which
//! the client never checks) follow.

use crate::model::{Api, PatternSource, TypeBody, ValueType};

/// Each pattern with whether it backtracks and its users: (name, name qualified by its
/// owner), in document order.
type Found = Vec<(String, bool, Vec<(String, String)>)>;

pub fn name_patterns(api: &Api) -> Vec<PatternSource> {
    let mut found = Found::new();
    for def in api.types.iter().filter(|def| def.usage.request && def.validated) {
        walk_type(api, def, false, &mut found);
    }
    for op in &api.operations {
        for param in &op.params {
            let user =
                (param.wire_name.clone(), format!("{}_{}", op.names.builder, param.wire_name));
            walk(&param.ty, &user, &mut found);
        }
        if let Some(body) = &op.body {
            let name = format!("{}_body", op.names.builder);
            walk(&body.ty, &(name.clone(), name), &mut found);
        }
    }
    // Then everything else, so that no pattern is without a name; these users never rename
    // the patterns above.
    let mut rest = Found::new();
    for def in &api.types {
        walk_type(api, def, true, &mut rest);
    }
    rest.retain(|(source, ..)| !found.iter().any(|(known, ..)| known == source));
    found.append(&mut rest);
    names(found)
}

/// The fields and variants of `def` that its `Validate` impl checks, or with `all` every one
/// (and an alias's value).
fn walk_type(api: &Api, def: &crate::model::TypeDef, all: bool, found: &mut Found) {
    match &def.body {
        TypeBody::Struct(fields) => {
            let checked = |f: &&crate::model::Field| all || (def.keeps(f) && api.has_checks(&f.ty));
            for field in fields.iter().filter(checked) {
                let user = (field.wire_name.clone(), format!("{}_{}", def.name, field.wire_name));
                walk(&field.ty, &user, found);
            }
        }
        TypeBody::Union { variants, .. } => {
            for variant in variants {
                let user = (def.name.clone(), format!("{}_{}", def.name, variant.rust_name));
                walk(&variant.ty, &user, found);
            }
        }
        TypeBody::Alias(ty) if all => walk(ty, &(def.name.clone(), def.name.clone()), found),
        _ => {}
    }
}

fn walk(ty: &ValueType, user: &(String, String), found: &mut Found) {
    if let Some(pattern) = &ty.checks.pattern {
        match found.iter_mut().find(|(source, ..)| source == pattern) {
            Some((.., users)) => users.push(user.clone()),
            None => found.push((pattern.clone(), ty.checks.backtracking, vec![user.clone()])),
        }
    }
    match &ty.kind {
        // An item of `teamIds` is a team id.
        crate::model::Kind::Array(inner) => {
            walk(inner, &(singular(&user.0), singular(&user.1)), found)
        }
        crate::model::Kind::Map(inner) => walk(inner, user, found),
        _ => {}
    }
}

/// Names: what the users' names share at the end (`orgId`, `groupId` and `id` give `ID`), or
/// the first user's name; qualified by its owner, then numbered, if another pattern has it
/// already.
fn names(found: Found) -> Vec<PatternSource> {
    let mut out: Vec<PatternSource> = Vec::new();
    for (source, backtracking, users) in found {
        let words =
            |name: &str| pattern_name(name).split('_').map(str::to_string).collect::<Vec<_>>();
        let mut shared = words(&users[0].0);
        for (name, _) in &users[1..] {
            let other = words(name);
            let common =
                shared.iter().rev().zip(other.iter().rev()).take_while(|(a, b)| a == b).count();
            shared.drain(..shared.len() - common);
        }
        let taken = |name: &str, out: &[PatternSource]| out.iter().any(|known| known.name == name);
        let mut name = if shared.is_empty() { pattern_name(&users[0].0) } else { shared.join("_") };
        if taken(&name, &out) {
            name = pattern_name(&users[0].1);
        }
        if taken(&name, &out) {
            let base = name.clone();
            name = (2..).map(|i| format!("{base}_{i}")).find(|n| !taken(n, &out)).unwrap_or(base);
        }
        out.push(PatternSource { source, backtracking, name });
    }
    out
}

/// `teamIds` → `teamId`, `policies` → `policy`: good enough to name an item's pattern.
fn singular(name: &str) -> String {
    match name.strip_suffix("ies") {
        Some(stem) if !stem.is_empty() => format!("{stem}y"),
        _ => match name.strip_suffix('s') {
            Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem.to_string(),
            _ => name.to_string(),
        },
    }
}

/// `orgId` → `ORG_ID`: a `SCREAMING_SNAKE_CASE` identifier (a leading digit gets a `P_`).
fn pattern_name(user: &str) -> String {
    use heck::ToShoutySnakeCase;
    let name: String = user
        .to_shouty_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    match name.chars().next() {
        None => "PATTERN".to_string(),
        Some(first) if first.is_ascii_digit() => format!("P_{name}"),
        Some(_) => name,
    }
}
