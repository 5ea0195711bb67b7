//! The `# Example` of each `Client` method: the whole call with its required values, chosen
//! to pass the client's own checks (the spec's example where it passes them, else a value
//! made for the rule), `.send().await?`, and the reply used. Built as tokens and printed by
//! `prettyplease` like the rest, then placed in the docs as a `no_run` doctest, so our
//! crate's `cargo test` compiles every one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::ident;
use crate::model::{Api, Checks, Kind, Operation, SuccessBody, TypeBody, ValueType};

/// How deep a body's required fields are followed; deeper (self-referencing) bodies get no
/// example rather than an endless one.
const MAX_DEPTH: usize = 6;

/// The example's Markdown (a fenced `no_run` block), or `None` when a required value cannot
/// be made.
pub fn example(api: &Api, op: &Operation, crate_ident: &str) -> Option<String> {
    let krate = format_ident!("{crate_ident}");
    let mut chain = call_chain(api, op, crate_ident)?;
    chain.push(quote!(send()));
    // Tokens carry no comments: the attribute says it all.
    let deprecated = op.deprecation.as_ref().map(|_| quote!(#[allow(deprecated)]));
    let call = quote!(#(#chain).*.await?);
    let statements = match &op.success.body {
        SuccessBody::Empty => quote!(#deprecated #call;),
        SuccessBody::Text => quote! {
            #deprecated let text = #call;
            println!("{text}");
        },
        SuccessBody::Bytes => quote! {
            #deprecated let bytes = #call;
            println!("{} bytes", bytes.len());
        },
        SuccessBody::Json(_) => quote! {
            #deprecated let reply = #call;
            println!("{reply:?}");
        },
    };
    let function = quote! {
        async fn example(client: &#krate::Client) -> Result<(), #krate::Error> {
            #statements
            Ok(())
        }
    };
    let printed = prettyplease::unparse(&syn::parse2::<syn::File>(function).ok()?);
    // The function around the call is hidden (`# `): the reader sees the call.
    let mut lines = vec!["```no_run".to_string()];
    let body: Vec<&str> = printed.lines().collect();
    for (i, line) in body.iter().enumerate() {
        let hidden = i == 0 || i + 2 >= body.len();
        let text = line.strip_prefix("    ").unwrap_or(line);
        lines.push(if hidden { format!("# {text}") } else { text.to_string() });
    }
    lines.push("```".into());
    Some(lines.join("\n"))
}

/// The call of `op` with every required value, up to but not including its `send`:
/// `client.get_org_user()`, `org_id("4888442a3354817a7320eb61")`, ... (to be joined with
/// dots). `None` when a required value that passes the client's checks cannot be made.
pub fn call_chain(api: &Api, op: &Operation, crate_ident: &str) -> Option<Vec<TokenStream>> {
    let krate = format_ident!("{crate_ident}");
    let maker = Maker { api, krate: quote!(#krate), types: quote!(#krate::types) };
    let method = ident(&op.names.method);
    let mut chain = vec![quote!(client.#method())];
    for param in op.params.iter().filter(|p| p.required) {
        let setter = ident(&param.rust_name);
        let value = maker.setter_value(&param.ty, param.example.as_deref())?;
        chain.push(quote!(#setter(#value)));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let value = match &body.scalar {
            // A scalar sent as text (a `text/plain` boolean): the bytes of a value of it.
            Some(scalar) if body.ty.kind == Kind::Bytes => {
                let text = scalar_text(scalar, body.example.as_deref())?;
                let bytes = proc_macro2::Literal::byte_string(text.as_bytes());
                quote!(#bytes.to_vec())
            }
            _ => maker.value(&body.ty, None, 0)?,
        };
        chain.push(quote!(body(#value)));
    }
    Some(chain)
}

/// Makes values of the API's types, named by their full path (`atlas_invites::types::X`),
/// since the examples are read outside the crate.
struct Maker<'a> {
    api: &'a Api,
    krate: TokenStream,
    types: TokenStream,
}

impl Maker<'_> {
    /// A setter's argument: text as a literal (setters take `impl Into<String>`), else a value.
    fn setter_value(&self, ty: &ValueType, example: Option<&str>) -> Option<TokenStream> {
        match ty.kind {
            Kind::String => {
                let text = text_value(&ty.checks, example, ty.format.as_deref())?;
                Some(quote!(#text))
            }
            _ => self.value(ty, example, 0),
        }
    }

    /// An expression of the value's Rust type that passes its checks.
    fn value(&self, ty: &ValueType, example: Option<&str>, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        let types = &self.types;
        Some(match &ty.kind {
            Kind::String => {
                let text = text_value(&ty.checks, example, ty.format.as_deref())?;
                quote!(#text.to_string())
            }
            Kind::Bool => quote!(true),
            Kind::Int32 | Kind::Int64 => {
                let number = proc_macro2::Literal::i64_unsuffixed(number_value(&ty.checks) as i64);
                quote!(#number)
            }
            Kind::Float | Kind::Double => {
                let number = proc_macro2::Literal::f64_unsuffixed(number_value(&ty.checks));
                quote!(#number)
            }
            // Fixed values: the crate's `chrono` has no clock.
            Kind::DateTime => {
                quote!(chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("a valid time"))
            }
            Kind::Date => {
                quote!(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date"))
            }
            Kind::Uuid => quote!(uuid::Uuid::nil()),
            // `format: byte` is base64 text (of "example").
            Kind::Bytes if ty.format.as_deref() == Some("byte") => quote!(b"ZXhhbXBsZQ==".to_vec()),
            Kind::Bytes => quote!(b"example".to_vec()),
            Kind::File => {
                let krate = &self.krate;
                quote!(#krate::FilePart::new(b"example".to_vec()).file_name("example.txt"))
            }
            Kind::Any => quote!(serde_json::json!({})),
            Kind::Map(_) => quote!(Default::default()),
            Kind::Array(item) => {
                // One item shows the shape; `minItems` may ask for more, `maxItems` for none.
                let count = ty.checks.min_items.unwrap_or(1).max(1);
                if ty.checks.max_items == Some(0) {
                    quote!(Vec::new())
                } else if count == 1 {
                    let item = self.value(item, None, depth + 1)?;
                    quote!(vec![#item])
                } else {
                    let item = self.value(item, None, depth + 1)?;
                    let count = proc_macro2::Literal::u64_unsuffixed(count);
                    quote!(vec![#item; #count])
                }
            }
            Kind::Named(id) => {
                let def = &self.api.types[*id];
                let name = ident(&def.name);
                match &def.body {
                    TypeBody::Enum { values, .. } => {
                        let first = ident(&values.first()?.rust_name);
                        quote!(#types::#name::#first)
                    }
                    TypeBody::Alias(inner) => self.value(inner, example, depth + 1)?,
                    TypeBody::Union { variants, .. } => {
                        let variant = variants.first()?;
                        let variant_name = ident(&variant.rust_name);
                        let mut inner = self.value(&variant.ty, None, depth + 1)?;
                        if variant.boxed {
                            inner = quote!(Box::new(#inner));
                        }
                        quote!(#types::#name::#variant_name(#inner))
                    }
                    TypeBody::Struct(fields) => {
                        let kept: Vec<_> = fields.iter().filter(|f| def.keeps(f)).collect();
                        if kept.iter().all(|f| !f.required || f.nullable) {
                            // Every field optional: the type derives `Default`.
                            return Some(quote!(#types::#name::default()));
                        }
                        let mut members = Vec::new();
                        for field in kept {
                            let rust = ident(&field.rust_name);
                            if field.required && !field.nullable {
                                let mut inner = self.value(&field.ty, None, depth + 1)?;
                                if field.boxed {
                                    inner = quote!(Box::new(#inner));
                                }
                                members.push(quote!(#rust: #inner));
                            } else {
                                members.push(quote!(#rust: None));
                            }
                        }
                        quote!(#types::#name { #(#members),* })
                    }
                }
            }
        })
    }
}

/// A scalar value of `ty` as text, made as the typed values are.
fn scalar_text(ty: &ValueType, example: Option<&str>) -> Option<String> {
    Some(match ty.kind {
        Kind::Bool => "true".to_string(),
        Kind::Int32 | Kind::Int64 => (number_value(&ty.checks) as i64).to_string(),
        Kind::Float | Kind::Double => number_value(&ty.checks).to_string(),
        Kind::String => text_value(&ty.checks, example, ty.format.as_deref())?,
        _ => return None,
    })
}

/// A number the checks accept: the first allowed value, else the minimum, else 1 (or the
/// maximum, if that is below 1); past an exclusive bound by one, or halfway to the other
/// bound when they are closer than that.
fn number_value(checks: &Checks) -> f64 {
    if let Some(first) = checks.one_of.first() {
        return *first;
    }
    let mut value = checks.minimum.unwrap_or(1.0);
    if checks.exclusive_minimum {
        value += 1.0;
    }
    match checks.maximum {
        Some(max) if value > max || (checks.exclusive_maximum && value >= max) => {
            match checks.minimum {
                Some(min) if checks.exclusive_minimum || checks.exclusive_maximum => {
                    (min + max) / 2.0
                }
                _ if checks.exclusive_maximum => max - 1.0,
                _ => max,
            }
        }
        _ => value,
    }
}

/// Text that passes `checks`: the spec's example when it does, else one shaped like the
/// schema's `format`, else one made for the rule.
fn text_value(checks: &Checks, example: Option<&str>, format: Option<&str>) -> Option<String> {
    let formatted = format.and_then(formatted);
    let candidates =
        example.map(str::to_string).into_iter().chain(formatted).chain(made_up(checks));
    candidates.into_iter().find(|candidate| passes(checks, candidate))
}

/// A value of a string `format` the Rust type does not carry, as validators read them.
fn formatted(format: &str) -> Option<String> {
    Some(
        match format {
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com/",
            "hostname" | "idn-hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "byte" => "ZXhhbXBsZQ==",
            // `date`, `date-time` and `uuid` strings are typed (chrono, uuid) instead.
            "time" => "12:00:00Z",
            _ => return None,
        }
        .to_string(),
    )
}

/// Values tried when the spec gives no example that passes: common shapes (which read like
/// real values), then text made from the pattern itself.
fn made_up(checks: &Checks) -> Vec<String> {
    if checks.email {
        return vec!["user@example.com".into()];
    }
    let mut out = vec![
        "example".to_string(),
        "4888442a3354817a7320eb61".into(),
        "32b6e34b3d91647abb20e7b8".into(),
        "US".into(),
        "1".into(),
        "a".into(),
        "example-1".into(),
        "Example".into(),
        "2026-01-01".into(),
        "192.168.0.1".into(),
        "10.0.0.0/8".into(),
    ];
    if let Some(min) = checks.min_length {
        out.push("a".repeat(min as usize));
    }
    out.extend(checks.pattern.as_deref().map(matching).unwrap_or_default());
    out
}

/// Text that matches `pattern`, made from its syntax: the first branch of each alternation,
/// a fitting character of each class, each repetition at its least (and, as a second
/// candidate, at least once). Empty when the pattern does not parse (look-around and
/// back-references): the common shapes are tried then.
fn matching(pattern: &str) -> Vec<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn make(hir: &Hir, at_least_once: bool, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
            HirKind::Class(Class::Unicode(class)) => {
                let ranges = class.ranges();
                // A letter or digit when the class has one, for text that reads as an example.
                let nice = ['a', 'A', '0', '1', '-', '_', '.'];
                let pick = nice
                    .into_iter()
                    .find(|c| ranges.iter().any(|r| r.start() <= *c && *c <= r.end()));
                if let Some(c) = pick.or_else(|| ranges.first().map(|r| r.start())) {
                    out.push(c);
                }
            }
            HirKind::Class(Class::Bytes(class)) => {
                if let Some(range) = class.ranges().first() {
                    out.push(char::from(range.start()));
                }
            }
            HirKind::Repetition(repetition) => {
                let count = if at_least_once {
                    repetition.min.max(1).min(repetition.max.unwrap_or(u32::MAX))
                } else {
                    repetition.min
                };
                for _ in 0..count.min(256) {
                    make(&repetition.sub, at_least_once, out);
                }
            }
            HirKind::Capture(capture) => make(&capture.sub, at_least_once, out),
            HirKind::Concat(parts) => parts.iter().for_each(|part| make(part, at_least_once, out)),
            HirKind::Alternation(branches) => {
                if let Some(first) = branches.first() {
                    make(first, at_least_once, out);
                }
            }
        }
    }
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else { return Vec::new() };
    [false, true]
        .into_iter()
        .map(|at_least_once| {
            let mut text = String::new();
            make(&hir, at_least_once, &mut text);
            text
        })
        .collect()
}

fn passes(checks: &Checks, text: &str) -> bool {
    let length = text.chars().count() as u64;
    if checks.min_length.is_some_and(|min| length < min)
        || checks.max_length.is_some_and(|max| length > max)
    {
        return false;
    }
    if checks.email && !text.contains('@') {
        return false;
    }
    let Some(pattern) = &checks.pattern else { return true };
    // Many parameters share a pattern: each is compiled once per emitter thread.
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Option<fancy_regex::Regex>>> = Default::default();
    }
    COMPILED.with(|compiled| {
        let mut compiled = compiled.borrow_mut();
        let regex = compiled
            .entry(pattern.clone())
            .or_insert_with(|| fancy_regex::Regex::new(pattern).ok());
        regex.as_ref().is_some_and(|r| r.is_match(text).unwrap_or(false))
    })
}
