//! Shared pieces of Rust emission: identifiers, value types, and the checks on a value.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};

use crate::model::{Api, Checks, Gate, Kind, PatternSource, ValueType};

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
        Kind::File => quote!(crate::FilePart),
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

/// What every emitter reads: the model, the crate's own name, and the pattern table. One
/// context for the whole run, shared by the emitter threads; what a module uses as it is
/// built goes into its [`Imports`], not here.
pub struct EmitCx<'a> {
    pub api: &'a Api,
    /// The crate's name as a Rust path (`atlas_invites`), for examples.
    pub crate_ident: String,
    /// Each pattern's static, by source.
    patterns: HashMap<&'a str, &'a PatternSource>,
}

impl<'a> EmitCx<'a> {
    pub fn new(api: &'a Api, crate_ident: String) -> Self {
        let patterns = api.patterns.iter().map(|p| (p.source.as_str(), p)).collect();
        EmitCx { api, crate_ident, patterns }
    }

    /// The `#[cfg]` that compiles operation `index` with `--features-per-tag`: its tag's
    /// feature.
    pub fn operation_cfg(&self, index: usize) -> Option<TokenStream> {
        let features = self.api.tag_features.as_ref()?;
        Some(cfg_of(std::slice::from_ref(&features.operations[index])))
    }

    /// The `#[cfg]` of a type with `--features-per-tag`, unless it always compiles.
    pub fn type_cfg(&self, id: usize) -> Option<TokenStream> {
        match &self.api.tag_features.as_ref()?.types[id] {
            Gate::Always => None,
            Gate::Features(features) if features.is_empty() => Some(cfg_of(&["full".to_string()])),
            Gate::Features(features) => Some(cfg_of(features)),
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
fn cfg_of(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// What a module's items use, collected while they are built: the runtime items to import
/// at its top, and the patterns `patterns.rs` must compile.
#[derive(Clone, Default)]
pub struct Imports {
    runtime: BTreeSet<&'static str>,
    patterns: BTreeSet<String>,
}

impl Imports {
    /// Records a runtime item the module uses, to be imported once at its top.
    pub fn runtime(&mut self, name: &'static str) -> Ident {
        self.runtime.insert(name);
        format_ident!("{}", name)
    }

    /// The static of a pattern a check uses (every pattern of the document has one).
    fn pattern(&mut self, cx: &EmitCx, source: &str) -> Ident {
        self.patterns.insert(source.to_string());
        let name = cx.patterns.get(source).map_or("PATTERN", |known| known.name.as_str());
        format_ident!("{}", name)
    }

    /// Adds what another run of items used.
    pub fn merge(&mut self, other: Imports) {
        self.runtime.extend(other.runtime);
        self.patterns.extend(other.patterns);
    }

    /// Whether a check used this pattern.
    pub fn uses_pattern(&self, source: &str) -> bool {
        self.patterns.contains(source)
    }

    /// `use crate::patterns;` when a pattern is checked, then one `use crate::runtime::{..}`
    /// for the runtime items recorded and the `items` the module names itself, ordered as
    /// rustfmt orders them (edition 2021: snake case before CamelCase), so the module reads
    /// like formatted hand-written code.
    pub fn use_lines(&self, items: &[&'static str]) -> TokenStream {
        let mut all: Vec<&str> =
            self.runtime.iter().copied().chain(items.iter().copied()).collect();
        all.sort_by_key(|name| (name.starts_with(|c: char| c.is_ascii_uppercase()), *name));
        all.dedup();
        let patterns = (!self.patterns.is_empty()).then(|| {
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
    cx: &EmitCx,
    ty: &ValueType,
    value: TokenStream,
    name: &NameExpr,
    imports: &mut Imports,
) -> TokenStream {
    let mut out = scalar_checks(cx, &ty.checks, &ty.kind, &value, &name.tokens(), imports);
    match &ty.kind {
        Kind::Array(inner) if cx.api.has_checks(inner) => {
            let inner_checks = check_tokens(
                cx,
                inner,
                quote!(item),
                &name.extend("[", Some(quote!(index))).extend("]", None),
                imports,
            );
            out.extend(quote! {
                for (index, item) in #value.iter().enumerate() {
                    #inner_checks
                }
            });
        }
        Kind::Map(inner) if cx.api.has_checks(inner) => {
            let inner_checks = check_tokens(
                cx,
                inner,
                quote!(item),
                &name.extend(".", Some(quote!(key))),
                imports,
            );
            out.extend(quote! {
                for (key, item) in #value {
                    #inner_checks
                }
            });
        }
        Kind::Named(id) if cx.api.types[*id].validated => {
            let name = name.tokens();
            imports.runtime("Validate");
            out.extend(quote!(#value.validate(#name)?;));
        }
        _ => {}
    }
    out
}

fn scalar_checks(
    cx: &EmitCx,
    checks: &Checks,
    kind: &Kind,
    value: &TokenStream,
    name: &TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(pattern) = &checks.pattern {
        let pattern = imports.pattern(cx, pattern);
        let check = imports.runtime("check_pattern");
        out.extend(quote!(#check(#name, #value, &patterns::#pattern)?;));
    }
    if checks.email {
        let check = imports.runtime("check_email");
        out.extend(quote!(#check(#name, #value)?;));
    }
    // Counted bounds: characters of text, items of a list, entries of a map.
    let counts = [
        ("check_length", checks.min_length, checks.max_length, quote!(#value)),
        ("check_items", checks.min_items, checks.max_items, quote!(#value)),
        ("check_entries", checks.min_properties, checks.max_properties, quote!(#value.len())),
    ];
    for (function, min, max, counted) in counts {
        if min.is_none() && max.is_none() {
            continue;
        }
        let bound = |v: Option<u64>| {
            option_tokens(v.map(|v| Literal::u64_unsuffixed(v).into_token_stream()))
        };
        let (min, max) = (bound(min), bound(max));
        let check = imports.runtime(function);
        out.extend(quote!(#check(#name, #counted, #min, #max)?;));
    }
    if checks.unique_items {
        let check = imports.runtime("check_unique");
        out.extend(quote!(#check(#name, #value)?;));
    }
    if checks.minimum.is_some() || checks.maximum.is_some() {
        let min =
            option_tokens(checks.minimum.map(|v| Literal::f64_unsuffixed(v).into_token_stream()));
        let max =
            option_tokens(checks.maximum.map(|v| Literal::f64_unsuffixed(v).into_token_stream()));
        if checks.exclusive_minimum || checks.exclusive_maximum {
            let (min_exclusive, max_exclusive) =
                (checks.exclusive_minimum, checks.exclusive_maximum);
            let check = imports.runtime("check_bounds");
            out.extend(quote!(#check(#name, #value, #min, #min_exclusive, #max, #max_exclusive)?;));
        } else {
            let check = imports.runtime("check_range");
            out.extend(quote!(#check(#name, #value, #min, #max)?;));
        }
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
        let check = imports.runtime("check_one_of");
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
