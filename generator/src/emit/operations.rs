//! `operations.rs` of the generated crate: for each operation a `Client` method and a
//! fluent request builder that validates, sends and decodes. How each parameter and the
//! body reach the wire is the model's wire plan ([`ParamWire`], [`BodyWire`]); this module
//! renders it.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, paragraphs, prose};
use super::params::{add_styled, encoded_path_param, encodings, Runtime};
use super::rust::{check_tokens, ident, type_tokens, EmitCx, Imports, Module, NameExpr};
use super::types::Presence;
use crate::deprecation::{self, Naming};
use crate::model::{
    Api, Body, BodyWire, Kind, Operation, Param, ParamLocation, ParamWire, PartKind, Segment,
    SegmentPart, StreamFormat, SuccessBody, TypeBody, ValueType,
};

/// The request builder of operation `index`.
pub fn emit_builder(cx: &EmitCx, index: usize, imports: &mut Imports) -> TokenStream {
    builder(cx, &cx.api.operations[index], imports)
}

/// The `Client` method of operation `index`, behind its tag's feature, in an `impl Client`
/// of its own: the methods are printed in parallel chunks like every other item, and the
/// module puts them together in one `impl` block (`impl_methods` in `emit/mod.rs`).
pub fn emit_client_method(cx: &EmitCx, index: usize, _imports: &mut Imports) -> TokenStream {
    let cfg = cx.operation_cfg(index);
    let method = client_method(cx, &cx.api.operations[index]);
    quote! {
        impl Client {
            #cfg #method
        }
    }
}

/// The `use` lines of `operations.rs`.
pub fn operations_header(cx: &EmitCx, imports: &Imports) -> TokenStream {
    let api = cx.api;
    let mut items = vec!["send_methods", "Request"];
    if api.operations.iter().any(|op| op.success.stream.is_some()) {
        items.push("event_methods");
    }
    if api.operations.iter().any(|op| {
        op.params.iter().any(|p| p.required) || op.body.as_ref().is_some_and(|b| b.required)
    }) {
        items.push("required");
    }
    if api.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| api.has_checks(&b.ty))) {
        items.push("Validate");
    }
    let runtime = imports.use_lines(&items);
    // `types` only when some operation names a model type.
    let types = api.operations.iter().any(uses_types).then(|| quote!(types,));
    quote! {
        #runtime
        use crate::{#types Client, Error};
        use reqwest::Method;
    }
}

/// Whether the operation's builder names a model type (`types::X`).
fn uses_types(op: &Operation) -> bool {
    fn named(ty: &ValueType) -> bool {
        match &ty.kind {
            Kind::Named(_) => true,
            Kind::Array(inner) | Kind::Map(inner) => named(inner),
            _ => false,
        }
    }
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || matches!(&op.success.body, SuccessBody::Json(ty) if named(ty))
        || op.success.stream.as_ref().is_some_and(|s| named(&s.item))
        || op.pagination.as_ref().is_some_and(|p| named(&p.item_type))
}

/// The first lines of every operation's docs: what it does, then the request line.
fn operation_doc(cx: &EmitCx, op: &Operation) -> String {
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
        .map(|_| format!("**Deprecated:** {}", deprecation::note(cx.api, op, Naming::Link)));
    let example = super::examples::example(cx.api, op, &cx.crate_ident)
        .map(|code| format!("# Example\n\n{code}"));
    paragraphs([
        prose(op.summary.as_deref()).as_deref(),
        prose(op.description.as_deref()).as_deref(),
        Some(request_line.as_str()),
        deprecation.as_deref(),
        example.as_deref(),
    ])
}

fn client_method(cx: &EmitCx, op: &Operation) -> TokenStream {
    let doc = doc_attrs(&operation_doc(cx, op));
    let method = ident(&op.names.method);
    let builder = ident(&op.names.builder);
    let deprecated = op.deprecation.as_ref().map(|_| {
        let note = deprecation::note(cx.api, op, Naming::Path);
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

fn builder(cx: &EmitCx, op: &Operation, imports: &mut Imports) -> TokenStream {
    let name = ident(&op.names.builder);
    let struct_doc = doc_attrs(&format!(
        "Request builder for [`Client::{}`]: set the parameters, then call [`send`]({}::send).",
        op.names.method.bare(),
        op.names.builder
    ));
    let must_use = format!("`{}` does nothing until `send` is called", op.names.builder);
    let (fields, setters) = fields_and_setters(cx.api, op);
    let checks = prepare_checks(cx, op, imports);
    let new_request = new_request(op, imports);
    let mut writes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| param_write(p, imports))
        .collect();
    writes.extend(
        op.fixed_query
            .iter()
            .map(|(name, value)| quote!(request.query(#name, #value.to_string());)),
    );
    writes.extend(op.body.as_ref().map(|body| body_write(body, imports)));
    if !op.security.is_empty() {
        let schemes = &op.security;
        writes.push(quote!(request.security(&[#(#schemes),*]);));
    }
    let binding = if writes.is_empty() { quote!(let request) } else { quote!(let mut request) };
    let multipart_parts = op
        .body
        .as_ref()
        .filter(|body| body.wire == BodyWire::Multipart)
        .map(|body| multipart_parts_fn(cx, body, imports));
    let reply = reply_kind(cx.api, op);
    let stream = op.pagination.as_ref().map(|pagination| items_stream(cx.api, op, pagination));
    let events = op.success.stream.as_ref().map(|events| {
        let item = type_tokens(cx.api, &events.item, Module::Other);
        let media_type = &events.media_type;
        let format = match events.format {
            StreamFormat::ServerSentEvents => quote!(sse),
            StreamFormat::JsonLines => quote!(json_lines),
        };
        quote!(event_methods!(#name, #format #media_type -> #item);)
    });
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

            #multipart_parts

            /// Checks every value and builds the request; no I/O.
            fn prepare(self) -> Result<Request, Error> {
                #(#checks)*
                #binding = #new_request;
                #(#writes)*
                Ok(request)
            }
        }

        send_methods!(#name, #reply);
        #events
    }
}

/// The builder's fields (every parameter and the body start unset) and their setters.
fn fields_and_setters(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let rust = ident(&param.rust_name);
        let ty = type_tokens(api, &param.ty, Module::Other);
        fields.push(quote!(#rust: Option<#ty>,));
        let (input, convert) = setter_input(api, param);
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
        let required = if body.required { " (required)" } else { "" };
        let sent_as = format!("The request body, sent as `{}`{required}.", body.media_type);
        let doc = doc_attrs(&paragraphs([prose(body.doc.as_deref()).as_deref(), Some(&sent_as)]));
        setters.push(quote! {
            #doc
            pub fn body(mut self, value: #ty) -> Self {
                self.body = Some(value);
                self
            }
        });
    }
    (fields, setters)
}

/// Validation, in declaration order: required values are unwrapped (a parameter into its
/// local, the body into `body`), then every value present is checked.
fn prepare_checks(cx: &EmitCx, op: &Operation, imports: &mut Imports) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for param in &op.params {
        let (rust, local) = (ident(&param.rust_name), ident(&param.local));
        let name = NameExpr::literal(&param.wire_name);
        let wire = &param.wire_name;
        if param.required {
            out.push(quote!(let #local = required(#wire, self.#rust)?;));
            out.push(checks_on(cx, &param.ty, &local, &name, imports));
        } else {
            let checks = check_tokens(cx, &param.ty, quote!(value), &name, imports);
            if !checks.is_empty() {
                out.push(quote!(if let Some(value) = &self.#rust { #checks }));
            }
        }
    }
    if let Some(body) = &op.body {
        let name = NameExpr::literal("body");
        if body.required {
            out.push(quote!(let body = required("body", self.body)?;));
            out.push(checks_on(cx, &body.ty, &format_ident!("body"), &name, imports));
        } else {
            let checks = check_tokens(cx, &body.ty, quote!(value), &name, imports);
            if !checks.is_empty() {
                out.push(quote!(if let Some(value) = &self.body { #checks }));
            }
            out.push(quote!(let body = self.body;));
        }
    }
    out
}

/// `Request::new` with the path's segments, each percent-encoded by the builder.
fn new_request(op: &Operation, imports: &mut Imports) -> TokenStream {
    let op_id = &op.id;
    let method = format_ident!("{}", op.http_method);
    let accept = match &op.success.media_type {
        Some(media_type) => quote!(Some(#media_type)),
        None => quote!(None),
    };
    let segments = encoded_segments(op, imports);
    quote!(Request::new(#op_id, Method::#method, #accept, &[#(#segments),*]))
}

/// The statement that puts a query or header parameter on the request, as its wire plan
/// says. Required values are in their locals; optional ones are read from `self`.
fn param_write(param: &Param, imports: &mut Imports) -> TokenStream {
    let (rust, local) = (ident(&param.rust_name), ident(&param.local));
    let wire = &param.wire_name;
    // `value` for the statements that take one value (a reference for the style writer).
    let with_value = |add: TokenStream, by_ref: bool| match (param.required, by_ref) {
        (true, true) => quote!({ let value = &#local; #add }),
        (true, false) => quote!({ let value = #local; #add }),
        (false, true) => quote!(if let Some(value) = &self.#rust { #add }),
        (false, false) => quote!(if let Some(value) = self.#rust { #add }),
    };
    match param.wire {
        ParamWire::Styled if param.required => add_styled(param, quote!(&#local), imports),
        ParamWire::Styled => with_value(add_styled(param, quote!(value), imports), true),
        // The runtime skips `None` and repeats a list's name once per item.
        ParamWire::QueryList if param.required => quote!(request.query_each(#wire, #local);),
        ParamWire::QueryList => {
            quote!(request.query_each(#wire, self.#rust.into_iter().flatten());)
        }
        ParamWire::QueryScalar if param.required => {
            imports.runtime("ToParam");
            quote!(request.query(#wire, #local.to_param());)
        }
        ParamWire::QueryScalar => quote!(request.query_opt(#wire, self.#rust);),
        ParamWire::Envelope => {
            imports.runtime("ToParam");
            with_value(
                quote!(request.enveloped(value); request.query(#wire, value.to_param());),
                false,
            )
        }
        ParamWire::HeaderScalar => {
            imports.runtime("ToParam");
            with_value(quote!(request.header(#wire, value.to_param());), false)
        }
        ParamWire::PathScalar => TokenStream::new(),
    }
}

/// The statement that attaches the body (already unwrapped into `body`, an `Option` when the
/// body is optional).
fn body_write(body: &Body, imports: &mut Imports) -> TokenStream {
    let media_type = &body.media_type;
    // The body's binding: itself when required, the `Some` it holds otherwise.
    let value = if body.required { quote!(body) } else { quote!(value) };
    let attach = match body.wire {
        BodyWire::Json => quote!(request.json_body(#media_type, &#value)?;),
        BodyWire::Form => {
            let encodings = encodings(body, &mut Runtime::Imported(imports));
            quote!(request.form_body(#media_type, &#value, &[#(#encodings),*])?;)
        }
        BodyWire::Bytes => quote!(request.bytes_body(#media_type, #value);),
        BodyWire::Multipart => {
            quote!(request.multipart_body(#media_type, Self::multipart_parts(#value)?);)
        }
    };
    if body.required {
        attach
    } else {
        quote!(if let Some(value) = body { #attach })
    }
}

/// The builder's `multipart_parts`: a multipart body's parts, collected in order from the
/// typed body (owned, so file parts move their bytes), each by its plan: text through
/// `ToParam`, JSON text, or a file. One function, so that the typed mock matches the parts
/// the client sends rather than a second rendering of them.
fn multipart_parts_fn(cx: &EmitCx, body: &Body, imports: &mut Imports) -> TokenStream {
    let api = cx.api;
    let multipart = imports.runtime("Multipart");
    if body.parts.iter().any(|part| part.kind == PartKind::Text) {
        imports.runtime("ToParam");
    }
    let Kind::Named(id) = body.ty.kind else { return TokenStream::new() };
    let TypeBody::Struct(fields) = &api.types[id].body else { return TokenStream::new() };
    let ty = type_tokens(api, &body.ty, Module::Other);
    let value = quote!(body);
    let parts = body.parts.iter().map(|part| {
        let field = &fields[part.field];
        let (name, rust) = (&field.wire_name, ident(&field.rust_name));
        let content_type = match &part.content_type {
            Some(media_type) => quote!(Some(#media_type)),
            None => quote!(None),
        };
        // `item` is the value itself for files (they move their bytes) and a reference for
        // the rest (text and JSON only read it).
        let add = |item: TokenStream| match part.kind {
            PartKind::Text => quote!(parts.text(#name, #item.to_param(), #content_type);),
            PartKind::Json => quote!(parts.json(#name, #item, #content_type)?;),
            PartKind::File => quote!(parts.file(#name, #item, #content_type);),
        };
        let source =
            if part.kind == PartKind::File { quote!(#value.#rust) } else { quote!(&#value.#rust) };
        let present = |value: TokenStream| match part.list {
            true => {
                let each = add(quote!(item));
                quote!(for item in #value { #each })
            }
            false => add(value),
        };
        match super::types::presence(&api.types[id], field) {
            Presence::Required => {
                // A single text value is read by `to_param` through the field itself.
                let read = if part.kind == PartKind::Text && !part.list {
                    quote!(#value.#rust)
                } else {
                    source
                };
                present(read)
            }
            Presence::Nullable | Presence::Optional => {
                let each = present(quote!(value));
                quote!(if let Some(value) = #source { #each })
            }
            // A multipart body has no `null`: a value cleared in a PATCH sends no part.
            Presence::Patchable => {
                let each = present(quote!(value));
                quote!(if let Some(Some(value)) = #source { #each })
            }
        }
    });
    // A body without parts binds nothing it reads.
    let binding = if body.parts.is_empty() { quote!(_body) } else { quote!(body) };
    let mutable = if body.parts.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        /// The multipart body's parts, in order (the typed mock matches calls by them).
        pub(crate) fn multipart_parts(#binding: #ty) -> Result<#multipart, Error> {
            let #mutable parts = #multipart::default();
            #(#parts)*
            Ok(parts)
        }
    }
}

/// What `send` decodes: the `send_methods!` reply form.
fn reply_kind(api: &Api, op: &Operation) -> TokenStream {
    match &op.success.body {
        SuccessBody::Empty => quote!(empty),
        SuccessBody::Bytes => quote!(bytes),
        SuccessBody::Text => quote!(text),
        // A list is written `[T]`: the macro's arguments are printed as plain tokens, which
        // would space out the angle brackets of `Vec<T>`.
        SuccessBody::Json(ValueType { kind: Kind::Array(item), .. }) => {
            let item = type_tokens(api, item, Module::Other);
            match op.success.nullable {
                true => quote!(nullable json -> [#item]),
                false => quote!(json -> [#item]),
            }
        }
        SuccessBody::Json(ty) => {
            let output = type_tokens(api, ty, Module::Other);
            match op.success.nullable {
                true => quote!(nullable json -> #output),
                false => quote!(json -> #output),
            }
        }
    }
}

/// What a setter takes: text as `impl Into<String>`, everything else as its own type.
pub(super) fn setter_input(api: &Api, param: &Param) -> (TokenStream, TokenStream) {
    if param.is_text() {
        return (quote!(impl Into<String>), quote!(value.into()));
    }
    (type_tokens(api, &param.ty, Module::Other), quote!(value))
}

/// The path's segments, each percent-encoded: the path's own text as a URL writes it (as it
/// is when it needs no encoding), each parameter's value as its style says (RFC 6570's
/// `{name}` for a plain one, so that a `,` `=` `@` `;` in it stays data).
fn encoded_segments(op: &Operation, imports: &mut Imports) -> Vec<TokenStream> {
    let literal = |text: &str, imports: &mut Imports| {
        if text.bytes().all(is_path_char) {
            quote!(#text)
        } else {
            imports.runtime("encode_segment");
            quote!(&encode_segment(#text))
        }
    };
    op.segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => literal(text, imports),
            Segment::Template(parts) => {
                let parts: Vec<TokenStream> = parts
                    .iter()
                    .map(|part| match part {
                        SegmentPart::Literal(text) => literal(text, imports),
                        SegmentPart::Param(index) => {
                            let param = &op.params[*index];
                            let text = encoded_path_param(param, &ident(&param.local), imports);
                            quote!(&#text)
                        }
                    })
                    .collect();
                match parts.as_slice() {
                    [one] => one.clone(),
                    _ => quote!(&[#(#parts),*].concat()),
                }
            }
        })
        .collect()
}

/// RFC 3986's `pchar` without `%`: the characters a path segment carries as they are, so
/// that `encode_segment` would leave a literal made only of them unchanged.
fn is_path_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte)
}

/// Checks on a required value bound to `binding`: scalar checks and `validate` take it
/// as it is, checks that iterate or recurse bind a reference to `value` first.
fn checks_on(
    cx: &EmitCx,
    ty: &ValueType,
    binding: &Ident,
    name: &NameExpr,
    imports: &mut Imports,
) -> TokenStream {
    match ty.kind {
        Kind::Named(_) => check_tokens(cx, ty, quote!(#binding), name, imports),
        Kind::Array(_) | Kind::Map(_) => {
            let checks = check_tokens(cx, ty, quote!(value), name, imports);
            if checks.is_empty() {
                return checks;
            }
            quote!({ let value = &#binding; #checks })
        }
        _ => check_tokens(cx, ty, quote!(&#binding), name, imports),
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
