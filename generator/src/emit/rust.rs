//! Shared pieces of Rust emission: identifiers, value types, and the checks on a value.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};

use crate::model::{Api, Checks, Kind, TypeBody, TypeId, ValueType};

/// An identifier from a name the model already made valid (possibly `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value. `boxed` lists the named types that must be boxed at this
/// position because they contain the type being emitted.
pub fn type_tokens(api: &Api, ty: &ValueType, in_module: Module) -> TokenStream {
    match &ty.kind {
        Kind::String => quote!(String),
        Kind::Bool => quote!(bool),
        Kind::Int32 => quote!(i32),
        Kind::Int64 => quote!(i64),
        Kind::Float => quote!(f32),
        Kind::Double => quote!(f64),
        Kind::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Kind::Date => quote!(chrono::NaiveDate),
        Kind::Uuid => quote!(uuid::Uuid),
        Kind::Bytes => quote!(Vec<u8>),
        Kind::Any => quote!(serde_json::Value),
        Kind::Array(item) => {
            let item = type_tokens(api, item, in_module);
            quote!(Vec<#item>)
        }
        Kind::Map(value) => {
            let value = type_tokens(api, value, in_module);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Kind::Named(id) => {
            let name = ident(&api.types[*id].name);
            match in_module {
                Module::Types => quote!(#name),
                Module::Other => quote!(types::#name),
            }
        }
    }
}

/// Which module the tokens are emitted into (types are referred to by path from outside).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Types,
    Other,
}

/// The distinct patterns of the crate, each compiled once in `patterns.rs`, and the
/// runtime check functions the module being emitted calls (to import just those).
///
/// The sources are collected up front ([`collect_patterns`]) so that modules can be emitted
/// in parallel chunks that agree on every pattern's name.
#[derive(Clone, Default)]
pub struct Patterns {
    /// Each distinct pattern, in the order the document first uses them.
    pub sources: Vec<PatternSource>,
    pub helpers: std::collections::BTreeSet<&'static str>,
}

/// One distinct pattern of the document and the name of its static in `patterns.rs`.
#[derive(Clone)]
pub struct PatternSource {
    pub source: String,
    /// It needs the backtracking engine (look-around, back-references).
    pub backtracking: bool,
    /// Named after its first user (`ORG_ID` for the `orgId` parameter, `COUNTRY` for a
    /// `country` field), so a name says what the pattern is for and does not move when
    /// patterns are added elsewhere.
    pub name: String,
}

/// `use` lines for the runtime check helpers a module calls.
/// `use crate::patterns;` when a pattern is checked, then one `use crate::runtime::{..}`
/// for the check helpers a module calls and the runtime `items` it names itself, ordered as
/// rustfmt orders them (edition 2021: snake case before CamelCase), so the module reads like
/// formatted hand-written code.
pub fn runtime_imports(
    helpers: &std::collections::BTreeSet<&'static str>,
    items: &[&'static str],
) -> TokenStream {
    let mut all: Vec<&str> = helpers.iter().copied().chain(items.iter().copied()).collect();
    all.sort_by_key(|name| (name.starts_with(|c: char| c.is_ascii_uppercase()), *name));
    all.dedup();
    let patterns = helpers.contains("check_pattern").then(|| {
        quote!(
            use crate::patterns;
        )
    });
    let names = all.iter().map(|h| format_ident!("{}", h));
    match all.len() {
        0 => quote!(#patterns),
        1 => quote! {
            #patterns
            use crate::runtime::#(#names)*;
        },
        _ => quote! {
            #patterns
            use crate::runtime::{#(#names),*};
        },
    }
}

/// Every pattern the crate checks, in the order emission meets them: the fields of types
/// that requests carry, then operation parameters and bodies.
pub fn collect_patterns(api: &Api, needs: &[bool]) -> Patterns {
    /// Each pattern with whether it backtracks and its users: (name, name qualified by
    /// its owner), in document order.
    type Found = Vec<(String, bool, Vec<(String, String)>)>;
    fn walk(ty: &ValueType, user: &(String, String), found: &mut Found) {
        if let Some(pattern) = &ty.checks.pattern {
            match found.iter_mut().find(|(source, ..)| source == pattern) {
                Some((.., users)) => users.push(user.clone()),
                None => found.push((pattern.clone(), ty.checks.backtracking, vec![user.clone()])),
            }
        }
        match &ty.kind {
            // An item of `teamIds` is a team id.
            Kind::Array(inner) => walk(inner, &(singular(&user.0), singular(&user.1)), found),
            Kind::Map(inner) => walk(inner, user, found),
            _ => {}
        }
    }
    let mut found = Found::new();
    for (id, def) in api.types.iter().enumerate() {
        if !(def.usage.request && needs[id]) {
            continue;
        }
        match &def.body {
            TypeBody::Struct(fields) => {
                for field in fields.iter().filter(|f| is_kept(def, f) && has_checks(&f.ty, needs)) {
                    walk(
                        &field.ty,
                        &(field.wire_name.clone(), format!("{}_{}", def.name, field.wire_name)),
                        &mut found,
                    );
                }
            }
            TypeBody::Union { variants, .. } => {
                for variant in variants {
                    walk(
                        &variant.ty,
                        &(def.name.clone(), format!("{}_{}", def.name, variant.rust_name)),
                        &mut found,
                    );
                }
            }
            _ => {}
        }
    }
    for op in &api.operations {
        for param in &op.params {
            walk(
                &param.ty,
                &(param.wire_name.clone(), format!("{}_{}", op.builder_name, param.wire_name)),
                &mut found,
            );
        }
        if let Some(body) = &op.body {
            let name = format!("{}_body", op.builder_name);
            walk(&body.ty, &(name.clone(), name), &mut found);
        }
    }
    // Names: what the users' names share at the end (`orgId`, `groupId` and `id` give `ID`),
    // or the first user's name; qualified by its owner, then numbered, if another pattern
    // has it already.
    let mut out = Patterns::default();
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
        let taken = |name: &str, out: &Patterns| out.sources.iter().any(|known| known.name == name);
        let mut name = if shared.is_empty() { pattern_name(&users[0].0) } else { shared.join("_") };
        if taken(&name, &out) {
            name = pattern_name(&users[0].1);
        }
        if taken(&name, &out) {
            let base = name.clone();
            name = (2..)
                .map(|i| format!("{base}_{i}"))
                .find(|n| !taken(n, &out))
                .expect("an unused name exists");
        }
        out.sources.push(PatternSource { source, backtracking, name });
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

impl Patterns {
    /// Records a runtime item the module uses, to be imported once at its top.
    pub fn helper(&mut self, name: &'static str) -> Ident {
        self.helpers.insert(name);
        format_ident!("{}", name)
    }

    /// The name of a pattern's static in `patterns.rs`. Every checked pattern was collected
    /// up front ([`collect_patterns`]), so a miss is a generator bug.
    pub fn ident_for(&self, pattern: &str) -> Ident {
        let known = self
            .sources
            .iter()
            .find(|known| known.source == pattern)
            .expect("every checked pattern is collected up front");
        format_ident!("{}", known.name)
    }
}

/// Which named types have something to check, directly or through their fields.
pub fn needs_validation(api: &Api) -> Vec<bool> {
    let mut needs = vec![false; api.types.len()];
    loop {
        let mut changed = false;
        for (id, def) in api.types.iter().enumerate() {
            if needs[id] {
                continue;
            }
            let value = match &def.body {
                TypeBody::Struct(fields) => {
                    fields.iter().filter(|f| is_kept(def, f)).any(|f| has_checks(&f.ty, &needs))
                }
                TypeBody::Union { variants, .. } => {
                    variants.iter().any(|v| has_checks(&v.ty, &needs))
                }
                TypeBody::Enum { .. } => false,
                TypeBody::Alias(ty) => has_checks(ty, &needs),
            };
            if value {
                needs[id] = true;
                changed = true;
            }
        }
        if !changed {
            return needs;
        }
    }
}

/// Whether a struct field is emitted: `readOnly` fields are left out of types that are only
/// sent, `writeOnly` ones out of types that are only received.
pub fn is_kept(def: &crate::model::TypeDef, field: &crate::model::Field) -> bool {
    let sent_only = def.usage.request && !def.usage.response;
    let received_only = def.usage.response && !def.usage.request;
    !(field.read_only && sent_only || field.write_only && received_only)
}

/// A named type that is not a string enum (an object, union or alias): as a parameter it
/// travels as JSON text, not through `ToParam`.
pub fn takes_json(api: &Api, kind: &Kind) -> bool {
    matches!(kind, Kind::Named(id) if !matches!(api.types[*id].body, TypeBody::Enum { .. }))
}

pub fn has_checks(ty: &ValueType, needs: &[bool]) -> bool {
    if !ty.checks.is_empty() {
        return true;
    }
    match &ty.kind {
        Kind::Array(inner) | Kind::Map(inner) => has_checks(inner, needs),
        Kind::Named(id) => needs[*id],
        _ => false,
    }
}

/// How a checked value is named in error messages: a format string and its arguments,
/// extended as checks descend into arrays, maps and fields.
#[derive(Clone)]
pub struct NameExpr {
    format: String,
    args: Vec<TokenStream>,
}

impl NameExpr {
    /// A fixed name, such as a parameter's `orgId`.
    pub fn literal(name: &str) -> Self {
        NameExpr { format: name.replace('{', "{{").replace('}', "}}"), args: Vec::new() }
    }

    /// A name that starts with the runtime value of `at` (a `&str`).
    pub fn dynamic(at: TokenStream) -> Self {
        NameExpr { format: "{}".to_string(), args: vec![at] }
    }

    /// This name followed by literal text and optionally one more argument.
    pub fn extend(&self, text: &str, arg: Option<TokenStream>) -> Self {
        let mut next = self.clone();
        next.format.push_str(&text.replace('{', "{{").replace('}', "}}"));
        if let Some(arg) = arg {
            next.format.push_str("{}");
            next.args.push(arg);
        }
        next
    }

    /// An expression of type `&str`.
    fn tokens(&self) -> TokenStream {
        if self.args.is_empty() {
            let text = self.format.replace("{{", "{").replace("}}", "}");
            quote!(#text)
        } else if self.format == "{}" {
            // `at` itself, already a `&str`.
            let arg = &self.args[0];
            quote!(#arg)
        } else {
            let format = &self.format;
            let args = &self.args;
            quote!(&format!(#format, #(#args),*))
        }
    }
}

/// Statements that check `value` (an identifier bound to a `&T`, or for scalar checks
/// any `&T` expression), naming it by `name` in errors.
pub fn check_tokens(
    ty: &ValueType,
    value: TokenStream,
    name: &NameExpr,
    needs: &[bool],
    patterns: &mut Patterns,
) -> TokenStream {
    let mut out = scalar_checks(&ty.checks, &ty.kind, &value, &name.tokens(), patterns);
    match &ty.kind {
        Kind::Array(inner) if has_checks(inner, needs) => {
            let inner_checks = check_tokens(
                inner,
                quote!(item),
                &name.extend("[", Some(quote!(index))).extend("]", None),
                needs,
                patterns,
            );
            out.extend(quote! {
                for (index, item) in #value.iter().enumerate() {
                    #inner_checks
                }
            });
        }
        Kind::Map(inner) if has_checks(inner, needs) => {
            let inner_checks = check_tokens(
                inner,
                quote!(item),
                &name.extend(".", Some(quote!(key))),
                needs,
                patterns,
            );
            out.extend(quote! {
                for (key, item) in #value {
                    #inner_checks
                }
            });
        }
        Kind::Named(id) if needs[*id] => {
            let name = name.tokens();
            patterns.helper("Validate");
            out.extend(quote!(#value.validate(#name)?;));
        }
        _ => {}
    }
    out
}

fn scalar_checks(
    checks: &Checks,
    kind: &Kind,
    value: &TokenStream,
    name: &TokenStream,
    patterns: &mut Patterns,
) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(pattern) = &checks.pattern {
        let pattern = patterns.ident_for(pattern);
        let check = patterns.helper("check_pattern");
        out.extend(quote!(#check(#name, #value, &patterns::#pattern)?;));
    }
    if checks.email {
        let check = patterns.helper("check_email");
        out.extend(quote!(#check(#name, #value)?;));
    }
    if checks.min_length.is_some() || checks.max_length.is_some() {
        let min = option_tokens(
            checks.min_length.map(|v| Literal::u64_unsuffixed(v).into_token_stream()),
        );
        let max = option_tokens(
            checks.max_length.map(|v| Literal::u64_unsuffixed(v).into_token_stream()),
        );
        let check = patterns.helper("check_length");
        out.extend(quote!(#check(#name, #value, #min, #max)?;));
    }
    if checks.min_items.is_some() || checks.max_items.is_some() {
        let min =
            option_tokens(checks.min_items.map(|v| Literal::u64_unsuffixed(v).into_token_stream()));
        let max =
            option_tokens(checks.max_items.map(|v| Literal::u64_unsuffixed(v).into_token_stream()));
        let check = patterns.helper("check_items");
        out.extend(quote!(#check(#name, #value, #min, #max)?;));
    }
    if checks.minimum.is_some() || checks.maximum.is_some() {
        let min =
            option_tokens(checks.minimum.map(|v| Literal::f64_unsuffixed(v).into_token_stream()));
        let max =
            option_tokens(checks.maximum.map(|v| Literal::f64_unsuffixed(v).into_token_stream()));
        let check = patterns.helper("check_range");
        out.extend(quote!(#check(#name, #value, #min, #max)?;));
    }
    if !checks.one_of.is_empty() {
        // Integer literals for integer types, so that the values' type is the field's.
        let integer = matches!(kind, Kind::Int32 | Kind::Int64);
        let allowed = checks.one_of.iter().map(|v| {
            if integer {
                Literal::i64_unsuffixed(*v as i64)
            } else {
                Literal::f64_unsuffixed(*v)
            }
        });
        let check = patterns.helper("check_one_of");
        out.extend(quote!(#check(#name, #value, &[#(#allowed),*])?;));
    }
    out
}

fn option_tokens(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// Whether `target` can reach `start` through fields stored inline (not behind a `Vec` or
/// map), which means a field of type `target` inside `start` must be boxed.
pub fn reaches_inline(api: &Api, target: TypeId, start: TypeId) -> bool {
    let mut stack = vec![target];
    let mut seen = vec![false; api.types.len()];
    while let Some(id) = stack.pop() {
        if id == start {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        let mut push_inline = |ty: &ValueType| {
            if let Kind::Named(next) = ty.kind {
                stack.push(next);
            }
        };
        match &api.types[id].body {
            TypeBody::Struct(fields) => fields.iter().for_each(|f| push_inline(&f.ty)),
            TypeBody::Union { variants, .. } => variants.iter().for_each(|v| push_inline(&v.ty)),
            TypeBody::Alias(ty) => push_inline(ty),
            TypeBody::Enum { .. } => {}
        }
    }
    false
}
