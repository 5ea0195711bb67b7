//! `operations.rs` of the generated crate: for each operation a `Client` method and a
//! fluent request builder that validates, sends and decodes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, paragraphs, prose};
use super::params::{add_styled, encoded_path_param, styled};
use super::rust::{
    check_tokens, has_checks, ident, runtime_imports, type_tokens, Module, NameExpr, Patterns,
};
use crate::model::{
    Api, Kind, Operation, Param, ParamLocation, Replacement, Segment, SegmentPart, SuccessBody,
    ValueType,
};

/// The request builder of operation `index`.
pub fn emit_builder(
    api: &Api,
    index: usize,
    needs: &[bool],
    patterns: &mut Patterns,
) -> TokenStream {
    builder(api, &api.operations[index], needs, patterns)
}

/// The `use` lines of `operations.rs` and the `Client` method of every operation.
pub fn operations_header(
    api: &Api,
    needs: &[bool],
    helpers: &std::collections::BTreeSet<&'static str>,
    crate_ident: &str,
) -> TokenStream {
    let methods = api.operations.iter().map(|op| client_method(api, op, crate_ident));
    let mut items = vec!["send_methods", "Request"];
    if api.operations.iter().any(|op| {
        op.params.iter().any(|p| p.required) || op.body.as_ref().is_some_and(|b| b.required)
    }) {
        items.push("required");
    }
    if api.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| has_checks(&b.ty, needs))) {
        items.push("Validate");
    }
    let runtime = runtime_imports(helpers, &items);
    quote! {
        #runtime
        use crate::{types, Client, Error};
        use reqwest::Method;

        impl Client {
            #(#methods)*
        }
    }
}

/// The first lines of every operation's docs: what it does, then the request line.
fn operation_doc(api: &Api, op: &Operation, crate_ident: &str) -> String {
    let mut request_line = format!("`{} {}`", op.http_method, op.path);
    if let Some(media_type) = &op.success.media_type {
        request_line.push_str(&format!(" · `Accept: {media_type}`"));
    }
    if let Some(body) = &op.body {
        request_line.push_str(&format!(" · `Content-Type: {}`", body.media_type));
    }
    // The facts about the request share one paragraph: the line, the operation id, the roles.
    request_line.push_str(&format!(", OpenAPI operation `{}`.", op.id));
    for note in &op.notes {
        request_line.push(' ');
        request_line.push_str(note);
    }
    let deprecation = op
        .deprecation
        .as_ref()
        .map(|_| format!("**Deprecated:** {}", deprecation_note(api, op, NoteStyle::Rustdoc)));
    let example =
        super::examples::example(api, op, crate_ident).map(|code| format!("# Example\n\n{code}"));
    paragraphs([
        prose(op.summary.as_deref()).as_deref(),
        prose(op.description.as_deref()).as_deref(),
        Some(request_line.as_str()),
        deprecation.as_deref(),
        example.as_deref(),
    ])
}

/// Where a deprecation note is shown, which decides how a replacement operation is named.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum NoteStyle {
    /// Rustdoc: an intra-doc link, [`Client::get_org_user`].
    Rustdoc,
    /// The `#[deprecated]` attribute, printed by the compiler: `Client::get_org_user`.
    Attribute,
    /// The command line's warning: the subcommand, `organizations get-org-user`.
    CommandLine,
}

/// Why the operation is deprecated and what to use instead, named the way `style` needs.
pub(super) fn deprecation_note(api: &Api, op: &Operation, style: NoteStyle) -> String {
    let Some(deprecation) = &op.deprecation else { return String::new() };
    let mut note = match &deprecation.sunset {
        Some(date) => format!("the server stops serving this operation on {date} (sunset)"),
        None => "this operation is deprecated".to_string(),
    };
    let names: Vec<String> = deprecation
        .replacements
        .iter()
        .map(|replacement| match replacement {
            Replacement::Text(text) => text.clone(),
            Replacement::Operation(index) => {
                let target = &api.operations[*index];
                let method = target.method_name.trim_start_matches("r#");
                match style {
                    NoteStyle::Rustdoc => format!("[`Client::{method}`]"),
                    NoteStyle::Attribute => format!("`Client::{method}`"),
                    NoteStyle::CommandLine => format!(
                        "`{} {}`",
                        super::cli::group_of(target),
                        super::cli::command_name(target)
                    ),
                }
            }
        })
        .collect();
    if !names.is_empty() {
        note.push_str(&format!("; use {} instead", names.join(" and ")));
    }
    note
}

fn client_method(api: &Api, op: &Operation, crate_ident: &str) -> TokenStream {
    let doc = doc_attrs(&operation_doc(api, op, crate_ident));
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let deprecated = op.deprecation.as_ref().map(|_| {
        let note = deprecation_note(api, op, NoteStyle::Attribute);
        quote!(#[deprecated(note = #note)])
    });
    let unset = op
        .params
        .iter()
        .map(|p| ident(&p.rust_name))
        .chain(op.body.as_ref().map(|_| format_ident!("body")));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self) -> #builder<'_> {
            #builder { client: self, #(#unset: None,)* }
        }
    }
}

/// What a setter takes: text as `impl Into<String>`, everything else as its own type.
pub(super) fn setter_input(
    api: &Api,
    param_ty: &crate::model::ValueType,
) -> (TokenStream, TokenStream) {
    match param_ty.kind {
        Kind::String => (quote!(impl Into<String>), quote!(value.into())),
        _ => (type_tokens(api, param_ty, Module::Other), quote!(value)),
    }
}

fn param_doc(param: &Param) -> String {
    let mut notes = Vec::new();
    let location = param.location.name();
    notes.push(format!(
        "The {location} parameter `{}`{}.",
        param.wire_name,
        if param.required { " (required)" } else { "" }
    ));
    if let Some(pattern) = &param.ty.checks.pattern {
        notes.push(format!("Must match `{pattern}`."));
    }
    if param.ty.checks.email {
        notes.push("Must be an email address.".to_string());
    }
    if !param.ty.checks.one_of.is_empty() {
        notes.push(format!("One of {}.", param.ty.checks.one_of_text()));
    }
    if let Some(default) = &param.default {
        notes.push(format!("The server assumes `{default}` when it is not set."));
    }
    let serialization = &param.serialization;
    if serialization.content.is_some() {
        notes.push("Sent as JSON text.".to_string());
    } else if *serialization != crate::model::Serialization::default_for(param.location) {
        let explode = if serialization.explode { "exploded" } else { "not exploded" };
        let reserved =
            if serialization.allow_reserved { ", reserved characters unencoded" } else { "" };
        notes.push(format!(
            "Written in the `{}` style, {explode}{reserved}.",
            serialization.style.name()
        ));
    }
    if param.deprecated {
        notes.push("Deprecated.".to_string());
    }
    let notes = notes.join(" ");
    match prose(param.doc.as_deref()) {
        Some(doc) if !doc.is_empty() => format!("{doc} {notes}"),
        _ => notes,
    }
}

fn builder(api: &Api, op: &Operation, needs: &[bool], patterns: &mut Patterns) -> TokenStream {
    let name = ident(&op.builder_name);
    let struct_doc = doc_attrs(&format!(
        "Request builder for [`Client::{}`]: set the parameters, then call [`send`]({}::send).",
        op.method_name.trim_start_matches("r#"),
        op.builder_name
    ));
    let must_use = format!("`{}` does nothing until `send` is called", op.builder_name);
    let op_id = &op.id;
    let locals = param_locals(op);

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let rust = ident(&param.rust_name);
        let ty = type_tokens(api, &param.ty, Module::Other);
        fields.push(quote!(#rust: Option<#ty>,));
        let (input, convert) = setter_input(api, &param.ty);
        let doc = doc_attrs(&param_doc(param));
        setters.push(quote! {
            #doc
            pub fn #rust(mut self, value: #input) -> Self {
                self.#rust = Some(#convert);
                self
            }
        });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(api, &body.ty, Module::Other);
        fields.push(quote!(body: Option<#ty>,));
        let doc = doc_attrs(&paragraphs([
            prose(body.doc.as_deref()).as_deref(),
            Some(&format!(
                "The request body, sent as `{}`{}.",
                body.media_type,
                if body.required { " (required)" } else { "" }
            )),
        ]));
        setters.push(quote! {
            #doc
            pub fn body(mut self, value: #ty) -> Self {
                self.body = Some(value);
                self
            }
        });
    }

    // Validation, in declaration order: required values are unwrapped, then every value
    // present is checked.
    let mut prepare = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let rust = ident(&param.rust_name);
        let local = &locals[index];
        let wire = &param.wire_name;
        if param.required {
            prepare.push(quote!(let #local = required(#wire, self.#rust)?;));
            prepare.push(checks_on(&param.ty, local, &NameExpr::literal(wire), needs, patterns));
        } else {
            let checks =
                check_tokens(&param.ty, quote!(value), &NameExpr::literal(wire), needs, patterns);
            if !checks.is_empty() {
                prepare.push(quote!(if let Some(value) = &self.#rust { #checks }));
            }
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            prepare.push(quote!(let body = required("body", self.body)?;));
            prepare.push(checks_on(
                &body.ty,
                &format_ident!("body"),
                &NameExpr::literal("body"),
                needs,
                patterns,
            ));
        } else {
            let checks =
                check_tokens(&body.ty, quote!(value), &NameExpr::literal("body"), needs, patterns);
            if !checks.is_empty() {
                prepare.push(quote!(if let Some(value) = &self.body { #checks }));
            }
            prepare.push(quote!(let body = self.body;));
        }
    }

    let encoded_path =
        op.params.iter().any(|p| p.location == ParamLocation::Path && styled(api, p));
    let segments = if encoded_path {
        encoded_segments(api, op, &locals, patterns)
    } else {
        raw_segments(op, &locals, patterns)
    };
    let method = format_ident!("{}", op.http_method);
    let accept = match &op.success.media_type {
        Some(media_type) => quote!(Some(#media_type)),
        None => quote!(None),
    };
    let new_request = if encoded_path {
        quote!(Request::new_encoded(#op_id, Method::#method, #accept, [#(#segments),*]))
    } else {
        quote!(Request::new(#op_id, Method::#method, #accept, &[#(#segments),*]))
    };
    let mut build = Vec::new();
    for (param, local) in
        op.params.iter().zip(&locals).filter(|(p, _)| p.location != ParamLocation::Path)
    {
        let rust = ident(&param.rust_name);
        let wire = &param.wire_name;
        if styled(api, param) {
            build.push(match param.required {
                true => add_styled(param, quote!(&#local), patterns),
                false => {
                    let add = add_styled(param, quote!(value), patterns);
                    quote!(if let Some(value) = &self.#rust { #add })
                }
            });
            continue;
        }
        // What is left is plain: a scalar, or in the query a list of scalars.
        // An `envelope` flag asks the server to wrap the reply; the client unwraps it again
        // so callers always get the documented payload.
        let envelope = (param.location == ParamLocation::Query
            && param.wire_name == "envelope"
            && param.ty.kind == Kind::Bool)
            .then(|| quote!(request.enveloped(value);));
        // Query values take one line: the runtime skips `None` and repeats a list's name
        // once per item.
        let one_line = match (&param.ty.kind, param.required) {
            _ if param.location != ParamLocation::Query || envelope.is_some() => None,
            (Kind::Array(_), true) => Some(quote!(request.query_each(#wire, #local);)),
            (Kind::Array(_), false) => {
                Some(quote!(request.query_each(#wire, self.#rust.into_iter().flatten());))
            }
            (_, true) => {
                patterns.helper("ToParam");
                Some(quote!(request.query(#wire, #local.to_param());))
            }
            (_, false) => Some(quote!(request.query_opt(#wire, self.#rust);)),
        };
        if let Some(line) = one_line {
            build.push(line);
            continue;
        }
        let add = match param.location {
            ParamLocation::Header => quote!(request.header),
            _ => quote!(request.query),
        };
        patterns.helper("ToParam");
        let send_one = quote!(#envelope #add(#wire, value.to_param()););
        if param.required {
            build.push(quote!({ let value = #local; #send_one }));
        } else {
            build.push(quote!(if let Some(value) = self.#rust { #send_one }));
        }
    }
    if let Some(body) = &op.body {
        let media_type = &body.media_type;
        let attach = if matches!(body.ty.kind, Kind::Bytes) {
            quote!(request.bytes_body(#media_type, value);)
        } else {
            quote!(request.json_body(#media_type, &value)?;)
        };
        if body.required {
            build.push(if matches!(body.ty.kind, Kind::Bytes) {
                quote!(request.bytes_body(#media_type, body);)
            } else {
                quote!(request.json_body(#media_type, &body)?;)
            });
        } else {
            build.push(quote!(if let Some(value) = body { #attach }));
        }
    }

    let binding = if build.is_empty() { quote!(let request) } else { quote!(let mut request) };
    let reply = match &op.success.body {
        SuccessBody::Empty => quote!(empty),
        SuccessBody::Bytes => quote!(bytes),
        SuccessBody::Json(ty) => {
            // A list is written `[T]`: the macro's arguments are printed as plain tokens,
            // which would space out the angle brackets of `Vec<T>`.
            match &ty.kind {
                Kind::Array(item) => {
                    let item = type_tokens(api, item, Module::Other);
                    quote!(json -> [#item])
                }
                _ => {
                    let output = type_tokens(api, ty, Module::Other);
                    quote!(json -> #output)
                }
            }
        }
    };
    let stream = op.pagination.as_ref().map(|pagination| items_stream(api, op, pagination));

    quote! {
        #struct_doc
        #[derive(Clone, Debug)]
        #[must_use = #must_use]
        pub struct #name<'c> {
            client: &'c Client,
            #(#fields)*
        }

        impl<'c> #name<'c> {
            #(#setters)*

            #stream

            /// Checks every value and builds the request; no I/O.
            fn prepare(self) -> Result<Request, Error> {
                #(#prepare)*
                #binding = #new_request;
                #(#build)*
                Ok(request)
            }
        }

        send_methods!(#name, #reply);
    }
}

/// Names the code of `prepare` uses itself: the request, the helpers it calls, the bindings
/// of its checks. A parameter's local variable never takes one (its setter keeps its name).
const PREPARE_NAMES: &[&str] = &[
    "request",
    "required",
    "value",
    "item",
    "index",
    "key",
    "body",
    "check_email",
    "check_items",
    "check_length",
    "check_one_of",
    "check_pattern",
    "check_range",
    "encode_segment",
    "path_text",
    "query_text",
    "header_text",
    "json_text",
];

/// The local variable each required parameter is bound to in `prepare`.
fn param_locals(op: &Operation) -> Vec<proc_macro2::Ident> {
    let mut scope = crate::names::Scope::with_reserved(PREPARE_NAMES);
    op.params.iter().map(|param| ident(&scope.claim(param.rust_name.clone()))).collect()
}

/// The path segments, not yet percent-encoded (`Request::new` encodes them).
fn raw_segments(
    op: &Operation,
    locals: &[proc_macro2::Ident],
    patterns: &mut Patterns,
) -> Vec<TokenStream> {
    op.segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => quote!(#text),
            Segment::Template(parts) => {
                if let [SegmentPart::Param(index)] = parts.as_slice() {
                    let local = &locals[*index];
                    return match op.params[*index].ty.kind {
                        Kind::String => quote!(&#local),
                        _ => {
                            patterns.helper("ToParam");
                            quote!(&#local.to_param())
                        }
                    };
                }
                let mut format = String::new();
                let mut args = Vec::new();
                for part in parts {
                    match part {
                        SegmentPart::Literal(text) => {
                            format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                        }
                        SegmentPart::Param(index) => {
                            format.push_str("{}");
                            let local = &locals[*index];
                            patterns.helper("ToParam");
                            args.push(quote!(#local.to_param()));
                        }
                    }
                }
                quote!(&format!(#format, #(#args),*))
            }
        })
        .collect()
}

/// The path segments of an operation with a styled path parameter, each percent-encoded.
fn encoded_segments(
    api: &Api,
    op: &Operation,
    locals: &[proc_macro2::Ident],
    patterns: &mut Patterns,
) -> Vec<TokenStream> {
    op.segments
        .iter()
        .map(|segment| {
            let mut part = |part: &SegmentPart| match part {
                SegmentPart::Literal(text) => {
                    patterns.helper("encode_segment");
                    quote!(encode_segment(#text))
                }
                SegmentPart::Param(index) => {
                    encoded_path_param(api, &op.params[*index], &locals[*index], patterns)
                }
            };
            match segment {
                Segment::Literal(text) => part(&SegmentPart::Literal(text.clone())),
                Segment::Template(parts) if parts.len() == 1 => part(&parts[0]),
                Segment::Template(parts) => {
                    let parts: Vec<TokenStream> = parts.iter().map(part).collect();
                    quote!([#(#parts),*].concat())
                }
            }
        })
        .collect()
}

/// Checks on a required value bound to `binding`: scalar checks and `validate` take it
/// as it is, checks that iterate or recurse bind a reference to `value` first.
fn checks_on(
    ty: &ValueType,
    binding: &proc_macro2::Ident,
    name: &NameExpr,
    needs: &[bool],
    patterns: &mut Patterns,
) -> TokenStream {
    match ty.kind {
        Kind::Named(_) => check_tokens(ty, quote!(#binding), name, needs, patterns),
        Kind::Array(_) | Kind::Map(_) => {
            let checks = check_tokens(ty, quote!(value), name, needs, patterns);
            if checks.is_empty() {
                return checks;
            }
            quote!({ let value = &#binding; #checks })
        }
        _ => check_tokens(ty, quote!(&#binding), name, needs, patterns),
    }
}

/// `items()`: a stream over every item of every page, fetching pages lazily.
fn items_stream(api: &Api, op: &Operation, pagination: &crate::model::Pagination) -> TokenStream {
    let page_param = &op.params[pagination.page_param];
    let page_setter = ident(&page_param.rust_name);
    let item = type_tokens(api, &pagination.item_type, Module::Other);
    let items = ident(&pagination.items_field);
    let page_value = match page_param.ty.kind {
        Kind::Int32 => quote!(i32::try_from(page).unwrap_or(i32::MAX)),
        _ => quote!(page),
    };
    let start = match page_param.ty.kind {
        Kind::Int32 => quote!(self.#page_setter.map(i64::from).unwrap_or(1)),
        _ => quote!(self.#page_setter.unwrap_or(1)),
    };
    let take_items = if pagination.items_required {
        quote!(page.#items)
    } else {
        quote!(page.#items.unwrap_or_default())
    };
    let total = match &pagination.total_field {
        Some((field, true)) => {
            let field = ident(field);
            quote!(Some(i64::from(page.#field)))
        }
        Some((field, false)) => {
            let field = ident(field);
            quote!(page.#field.map(i64::from))
        }
        None => quote!(None),
    };
    quote! {
        /// Every item of every page, as a stream: the next page is requested only when the
        /// items of the previous one have been consumed, with this builder's parameters
        /// (`itemsPerPage` sets the page size; `pageNum`, if set, the first page).
        pub fn items(self) -> impl futures_core::Stream<Item = Result<#item, Error>> + 'c {
            let start = #start;
            crate::runtime::paginate(
                self,
                start,
                |builder: Self, page: i64| builder.#page_setter(#page_value).send(),
                |page| (#take_items, #total),
            )
        }
    }
}
