//! `src/cli/operations.rs` of the generated crate (with `--cli`): the table the command line
//! is built from (groups, subcommands, flags with their help) and one function per operation
//! that turns the parsed flags into a call of its request builder.

use std::collections::BTreeSet;

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, is_kept, takes_json, type_tokens, Module};
use crate::model::{Api, Field, Kind, Operation, Param, SuccessBody, TypeBody, ValueType};

/// Flags of the command line itself, which parameters must not take.
const RESERVED: &[&str] = &["help", "version", "base-url", "pretty", "file"];

/// The group (first tag, kebab case) of an operation.
pub fn group_of(op: &Operation) -> String {
    op.tags.first().map(|t| t.to_kebab_case()).unwrap_or_else(|| "other".to_string())
}

/// The subcommand of an operation within its group: the operationId in kebab case.
pub fn command_name(op: &Operation) -> String {
    op.id.to_kebab_case()
}

/// The function that calls operation `index` from the command line; formatted on its own
/// like the builders, so large APIs spread it over the emitter's threads.
pub fn emit_cli_function(
    api: &Api,
    index: usize,
    _needs: &[bool],
    _patterns: &mut super::rust::Patterns,
) -> TokenStream {
    OperationPlan::of(api, &api.operations[index]).function(api)
}

/// Everything of `cli/operations.rs` but the per-operation functions: imports, the tables and
/// the dispatch.
pub fn emit_cli_head(api: &Api) -> TokenStream {
    let groups = groups(api).into_iter().map(|(name, about)| quote!((#name, #about),));
    let plans: Vec<OperationPlan> =
        api.operations.iter().map(|op| OperationPlan::of(api, op)).collect();
    let table = plans.iter().map(|plan| plan.table_entry(api));
    let arms = plans.iter().map(|plan| {
        let id = &plan.op.id;
        let function = ident(&plan.op.method_name);
        quote!(#id => #function(client, args).await,)
    });
    // Import only the table's pieces that some operation uses.
    let mut table_items = vec![quote!(Args), quote!(Failure), quote!(Operation), quote!(Output)];
    if plans.iter().any(|p| p.op.body.is_some()) {
        table_items.push(quote!(Body));
    }
    if plans.iter().any(|p| !p.fields.is_empty()) {
        table_items.extend([quote!(Field), quote!(FieldKind)]);
    }
    if plans.iter().any(|p| !p.flags.is_empty()) {
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
        let name = tag.to_kebab_case();
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((
                name,
                about.map(plain).unwrap_or_else(|| format!("Operations tagged {tag}")),
            ));
        }
    };
    let used: BTreeSet<String> = api.operations.iter().map(group_of).collect();
    for (tag, about) in &api.tags {
        if used.contains(&tag.to_kebab_case()) {
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

/// One flag of an operation: the parameter it sets and its name on the command line.
struct FlagPlan<'a> {
    param: &'a Param,
    name: String,
}

/// One field flag of a body.
struct FieldPlan<'a> {
    field: &'a Field,
    name: String,
    kind: TokenStream,
    list: bool,
}

struct OperationPlan<'a> {
    op: &'a Operation,
    flags: Vec<FlagPlan<'a>>,
    fields: Vec<FieldPlan<'a>>,
}

impl<'a> OperationPlan<'a> {
    fn of(api: &'a Api, op: &'a Operation) -> Self {
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        let mut unique = |wanted: String, prefix: &str| {
            let mut name =
                if taken.contains(&wanted) { format!("{prefix}-{wanted}") } else { wanted };
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(name.clone());
            name
        };
        let flags = op
            .params
            .iter()
            .map(|param| FlagPlan { param, name: unique(param.wire_name.to_kebab_case(), "param") })
            .collect();
        let mut fields = Vec::new();
        if let Some(Kind::Named(id)) = op.body.as_ref().map(|b| &b.ty.kind) {
            if let TypeBody::Struct(struct_fields) = &api.types[*id].body {
                for field in struct_fields.iter().filter(|f| is_kept(&api.types[*id], f)) {
                    let (kind, list) = match &field.ty.kind {
                        Kind::Array(item) => match field_kind(api, item) {
                            Some(kind) => (kind, true),
                            None => continue,
                        },
                        _ => match field_kind(api, &field.ty) {
                            Some(kind) => (kind, false),
                            None => continue,
                        },
                    };
                    fields.push(FieldPlan {
                        field,
                        name: unique(field.wire_name.to_kebab_case(), "body"),
                        kind,
                        list,
                    });
                }
            }
        }
        OperationPlan { op, flags, fields }
    }

    fn table_entry(&self, api: &Api) -> TokenStream {
        let op = self.op;
        let group = group_of(op);
        let name = command_name(op);
        let id = &op.id;
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
                let note = super::operations::deprecation_note(
                    api,
                    op,
                    super::operations::NoteStyle::CommandLine,
                );
                long.push(format!("Deprecated: {note}."));
                quote!(Some(#note))
            }
            None => quote!(None),
        };
        let long = long.join("\n\n");
        let flags = self.flags.iter().map(|flag| {
            let name = &flag.name;
            let value = placeholder(name);
            let help = param_help(api, flag.param);
            let required = flag.param.required;
            let list = matches!(flag.param.ty.kind, Kind::Array(_));
            quote!(Flag { name: #name, value: #value, help: #help, required: #required, list: #list },)
        });
        let body = match &op.body {
            Some(body) => {
                let required = body.required;
                let fields = self.fields.iter().map(|plan| {
                    let flag = &plan.name;
                    let value = placeholder(flag);
                    let wire = &plan.field.wire_name;
                    let kind = &plan.kind;
                    let list = plan.list;
                    let help = field_help(api, plan.field);
                    quote!(Field { flag: #flag, value: #value, wire: #wire, kind: #kind, list: #list, help: #help },)
                });
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

    fn function(&self, api: &Api) -> TokenStream {
        let op = self.op;
        let function = ident(&op.method_name);
        let mut sets = Vec::new();
        for flag in &self.flags {
            let name = &flag.name;
            let setter = ident(&flag.param.rust_name);
            // Objects, unions and maps are given as JSON on the command line.
            let json = |kind: &Kind| takes_json(api, kind) || matches!(kind, Kind::Map(_));
            let read = match &flag.param.ty.kind {
                Kind::Array(item) if json(&item.kind) => {
                    let item = type_tokens(api, item, Module::Other);
                    quote!(args.all_json::<#item>(#name)?)
                }
                Kind::Array(item) => {
                    let item = type_tokens(api, item, Module::Other);
                    quote!(args.all::<#item>(#name)?)
                }
                kind if json(kind) => {
                    let ty = type_tokens(api, &flag.param.ty, Module::Other);
                    quote!(args.json::<#ty>(#name)?)
                }
                _ => {
                    let ty = type_tokens(api, &flag.param.ty, Module::Other);
                    quote!(args.one::<#ty>(#name)?)
                }
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
                #binding = client.#function();
                #(#sets)*
                #reply
            }
        }
    }
}

/// How a body field's flag text becomes JSON, for fields simple enough to have a flag.
fn field_kind(api: &Api, ty: &ValueType) -> Option<TokenStream> {
    Some(match &ty.kind {
        Kind::String | Kind::Date | Kind::DateTime | Kind::Uuid => quote!(FieldKind::Text),
        Kind::Named(id) if matches!(api.types[*id].body, TypeBody::Enum { .. }) => {
            quote!(FieldKind::Text)
        }
        Kind::Int32 | Kind::Int64 => quote!(FieldKind::Integer),
        Kind::Float | Kind::Double => quote!(FieldKind::Number),
        Kind::Bool => quote!(FieldKind::Bool),
        Kind::Named(_) | Kind::Map(_) | Kind::Any => quote!(FieldKind::Json),
        Kind::Bytes | Kind::Array(_) => return None,
    })
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
    if takes_json(api, &item.kind) || matches!(item.kind, Kind::Map(_) | Kind::Any) {
        help.push_str(" Takes JSON.");
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
