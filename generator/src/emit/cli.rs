//! `src/cli/operations.rs` of the generated crate (with `--cli`): the table the command line
//! is built from (groups, subcommands, flags with their help) and one function per operation
//! that turns the parsed flags into a call of its request builder.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{ident, type_tokens, EmitCx, Imports, Module};
use crate::deprecation::{self, Naming};
use crate::model::{
    Api, Field, FieldFlag, FlagInput, Kind, Operation, Param, SuccessBody, TypeBody, ValueType,
};
use crate::names::cli_group;

/// The function that calls operation `index` from the command line; formatted on its own
/// like the builders, so large APIs spread it over the emitter's threads.
pub fn emit_cli_function(cx: &EmitCx, index: usize, _imports: &mut Imports) -> TokenStream {
    function(cx.api, &cx.api.operations[index])
}

/// Everything of `cli/operations.rs` but the per-operation functions: imports, the tables and
/// the dispatch.
pub fn emit_cli_head(cx: &EmitCx) -> TokenStream {
    let api = cx.api;
    let groups = groups(api).into_iter().map(|(name, about)| quote!((#name, #about),));
    let table = api.operations.iter().enumerate().map(|(index, op)| {
        let cfg = cx.operation_cfg(index);
        let entry = table_entry(api, op);
        quote!(#cfg #entry)
    });
    let arms = api.operations.iter().enumerate().map(|(index, op)| {
        let id = &op.id;
        let function = ident(&op.names.cli_function);
        let cfg = cx.operation_cfg(index);
        quote!(#cfg #id => #function(client, args).await,)
    });
    // Import only the table's pieces that some operation uses.
    let mut table_items = vec![quote!(Args), quote!(Failure), quote!(Operation), quote!(Output)];
    if api.operations.iter().any(|op| op.body.is_some()) {
        table_items.push(quote!(Body));
    }
    if api.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| !b.flags.is_empty())) {
        table_items.extend([quote!(Field), quote!(FieldKind)]);
    }
    if api.operations.iter().any(|op| !op.params.is_empty()) {
        table_items.push(quote!(Flag));
    }
    table_items.sort_by_key(|t| t.to_string());
    quote! {
        use super::{#(#table_items),*};
        #[allow(unused_imports)] // an API whose operations use no named type does not need it
        use crate::types;
        use crate::Client;

        /// The group subcommands, one per tag, with their help.
        pub(super) const GROUPS: &[(&str, &str)] = &[#(#groups)*];

        /// Every operation's subcommand and flags.
        pub(super) const OPERATIONS: &[Operation] = &[#(#table)*];

        /// Calls the operation `id` with the flags given.
        pub(super) async fn call(client: &Client, id: &str, args: &Args<'_>) -> Result<Output, Failure> {
            match id {
                #(#arms)*
                _ => Err(Failure::Usage(format!("unknown operation `{id}`"))),
            }
        }
    }
}

/// The tags operations use, in the spec's order of `tags` and then of first use.
fn groups(api: &Api) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |tag: &str, about: Option<&str>| {
        let name = cli_group(Some(tag));
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((
                name,
                about.map(plain).unwrap_or_else(|| format!("Operations tagged {tag}")),
            ));
        }
    };
    let used: BTreeSet<&str> = api.operations.iter().map(|op| op.names.group.as_str()).collect();
    for (tag, about) in &api.tags {
        if used.contains(cli_group(Some(tag)).as_str()) {
            add(tag, about.as_deref());
        }
    }
    for op in &api.operations {
        match op.tags.first() {
            Some(tag) => add(tag, None),
            None => add("other", Some("Operations without a tag")),
        }
    }
    out
}

/// Markdown from the spec as plain help text: links become their text, whitespace one space.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        let Some(mid) = rest[start..].find("](").map(|i| start + i) else { break };
        let Some(end) = rest[mid..].find(')').map(|i| mid + i) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&rest[start + 1..mid]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An operation's entry in the table: its subcommand, help, flags and body fields.
fn table_entry(api: &Api, op: &Operation) -> TokenStream {
    let (group, name, id) = (&op.names.group, &op.names.command, &op.id);
    let summary = op
        .summary
        .as_deref()
        .map(plain)
        .unwrap_or_else(|| format!("{} {}", op.http_method, op.path));
    let mut long = vec![summary.clone()];
    if let Some(description) = &op.description {
        long.push(plain(description));
    }
    let mut facts = format!("{} {}", op.http_method, op.path);
    if let Some(media_type) = &op.success.media_type {
        facts.push_str(&format!(" (Accept: {media_type})"));
    }
    facts.push_str(&format!(", operation {}.", op.id));
    for note in &op.notes {
        facts.push(' ');
        facts.push_str(&plain(note));
    }
    long.push(facts);
    let deprecated = match &op.deprecation {
        Some(_) => {
            let note = deprecation::note(api, op, Naming::Command);
            long.push(format!("Deprecated: {note}."));
            quote!(Some(#note))
        }
        None => quote!(None),
    };
    let long = long.join("\n\n");
    let flags = op.params.iter().map(|param| {
        let name = &param.flag;
        let value = placeholder(name);
        let help = param_help(api, param);
        let required = param.required;
        let list = matches!(param.ty.kind, Kind::Array(_));
        quote!(Flag { name: #name, value: #value, help: #help, required: #required, list: #list },)
    });
    let body = match &op.body {
        Some(body) => {
            let required = body.required;
            let fields = body.flags.iter().map(|flag| field_entry(api, &body.ty, flag));
            quote!(Some(Body { required: #required, fields: &[#(#fields)*] }))
        }
        None => quote!(None),
    };
    quote! {
        Operation {
            group: #group,
            name: #name,
            id: #id,
            about: #summary,
            long_about: #long,
            deprecated: #deprecated,
            flags: &[#(#flags)*],
            body: #body,
        },
    }
}

/// A body field's entry: its flag, the JSON property it sets and how its text is read.
fn field_entry(api: &Api, body: &ValueType, flag: &FieldFlag) -> TokenStream {
    let Kind::Named(id) = body.kind else { return TokenStream::new() };
    let TypeBody::Struct(fields) = &api.types[id].body else { return TokenStream::new() };
    let field = &fields[flag.field];
    let (name, value, wire) = (&flag.flag, placeholder(&flag.flag), &field.wire_name);
    let kind = format_ident!("{}", flag.kind.name());
    let list = flag.list;
    let help = field_help(api, field);
    quote!(Field { flag: #name, value: #value, wire: #wire, kind: FieldKind::#kind, list: #list, help: #help },)
}

/// The function that reads an operation's flags into its builder and sends it.
fn function(api: &Api, op: &Operation) -> TokenStream {
    let (function, method) = (ident(&op.names.cli_function), ident(&op.names.method));
    let mut sets = Vec::new();
    for param in &op.params {
        let name = &param.flag;
        let setter = ident(&param.rust_name);
        let item = |ty: &ValueType| match &ty.kind {
            Kind::Array(item) => type_tokens(api, item, Module::Other),
            _ => type_tokens(api, ty, Module::Other),
        };
        let ty = item(&param.ty);
        let read = match param.flag_input {
            FlagInput::EachJson => quote!(args.all_json::<#ty>(#name)?),
            FlagInput::Each => quote!(args.all::<#ty>(#name)?),
            FlagInput::Json => quote!(args.json::<#ty>(#name)?),
            FlagInput::One => quote!(args.one::<#ty>(#name)?),
        };
        sets.push(quote!(if let Some(value) = #read { request = request.#setter(value); }));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(api, &body.ty, Module::Other);
        sets.push(
            quote!(if let Some(value) = args.body::<#ty>()? { request = request.body(value); }),
        );
    }
    let reply = match &op.success.body {
        SuccessBody::Json(_) => quote!(super::json(request.send()).await),
        SuccessBody::Empty => quote!(super::empty(request.send()).await),
        SuccessBody::Bytes => quote!(super::bytes(request.send()).await),
        SuccessBody::Text => quote!(super::text(request.send()).await),
    };
    let (binding, args) = if sets.is_empty() {
        (quote!(let request), quote!(_args))
    } else {
        (quote!(let mut request), quote!(args))
    };
    let deprecated = op.deprecation.as_ref().map(|_| quote!(#[allow(deprecated)]));
    let doc = format!(" `{}`: `{} {}`.", op.id, op.http_method, op.path);
    quote! {
        #[doc = #doc]
        #deprecated
        async fn #function(client: &Client, #args: &Args<'_>) -> Result<Output, Failure> {
            #binding = client.#method();
            #(#sets)*
            #reply
        }
    }
}

/// A flag's placeholder in usage lines: `--org-id <ORG_ID>`.
fn placeholder(flag: &str) -> String {
    flag.to_uppercase().replace('-', "_")
}

/// "Values: A, B, C." for an enum (or a list of one), so `--help` shows what is accepted.
fn enum_values(api: &Api, ty: &ValueType) -> Option<String> {
    let ty = match &ty.kind {
        Kind::Array(item) => item,
        _ => ty,
    };
    if !ty.checks.one_of.is_empty() {
        return Some(format!("Values: {}.", ty.checks.one_of_text()));
    }
    let Kind::Named(id) = ty.kind else { return None };
    let TypeBody::Enum { values, .. } = &api.types[id].body else { return None };
    Some(format!(
        "Values: {}.",
        values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

fn param_help(api: &Api, param: &Param) -> String {
    let mut help = param.doc.as_deref().map(plain).unwrap_or_default();
    let mut add = |text: String| {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(&text);
    };
    if param.required {
        add("Required.".to_string());
    }
    if let Some(pattern) = &param.ty.checks.pattern {
        add(format!("Pattern: {pattern}"));
    }
    if param.ty.checks.email {
        add("An email address.".to_string());
    }
    if let Some(values) = enum_values(api, &param.ty) {
        add(values);
    }
    if matches!(param.ty.kind, Kind::Array(_)) {
        add("Repeat the flag for each item.".to_string());
    }
    if let Some(default) = &param.default {
        add(format!("[server default: {default}]"));
    }
    help
}

fn field_help(api: &Api, field: &Field) -> String {
    let mut help = format!("Body field `{}`.", field.wire_name);
    if let Some(doc) = field.doc.as_deref().map(plain).filter(|d| !d.is_empty()) {
        help.push(' ');
        help.push_str(&doc);
    }
    if let Some(pattern) = &field.ty.checks.pattern {
        help.push_str(&format!(" Pattern: {pattern}"));
    }
    if field.ty.checks.email {
        help.push_str(" An email address.");
    }
    if let Some(values) = enum_values(api, &field.ty) {
        help.push(' ');
        help.push_str(&values);
    }
    let item = match &field.ty.kind {
        Kind::Array(item) => item,
        _ => &field.ty,
    };
    if api.takes_json(&item.kind) || matches!(item.kind, Kind::Map(_) | Kind::Any) {
        help.push_str(" Takes JSON.");
    }
    if item.kind == Kind::File {
        help.push_str(
            " Takes @PATH, optionally with ;type=MEDIA-TYPE and ;filename=NAME (as curl's -F).",
        );
    }
    if matches!(field.ty.kind, Kind::Array(_)) {
        help.push_str(" Repeat the flag for each item.");
    }
    help
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markdown_links_become_their_text() {
        assert_eq!(
            plain("Use the [`/orgs`](#tag/x) endpoint\n  to list [them](https://a.b)."),
            "Use the `/orgs` endpoint to list them."
        );
        assert_eq!(plain("a [b] c"), "a [b] c");
    }
}
