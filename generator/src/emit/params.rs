//! Renders a [`ParamWire::Styled`](crate::model::ParamWire::Styled) parameter, one whose
//! value is not a plain scalar: by its `style` and `explode` (lists, objects, maps, unions),
//! or as JSON text when `content` describes it. Which parameters these are is decided in the
//! build stage (`build/plan.rs`).
//!
//! The builder and the mock write such a parameter with the same runtime call
//! ([`written`]), so an expectation pins exactly what the client sends.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::Imports;
use crate::model::{Body, Param, ParamLocation, ParamWire, Serialization};
use crate::names::pascal;

/// Where the runtime's helpers are named from: imported into `operations.rs` (each one
/// recorded for its `use` line), or by path from the mock.
pub enum Runtime<'p> {
    Imported(&'p mut Imports),
    Qualified,
}

impl Runtime<'_> {
    pub fn helper(&mut self, name: &'static str) -> TokenStream {
        let item = format_ident!("{}", name);
        match self {
            Runtime::Imported(imports) => {
                imports.runtime(name);
                quote!(#item)
            }
            Runtime::Qualified => quote!(crate::runtime::#item),
        }
    }
}

/// The runtime call giving a styled parameter's text, a `Result<String, Error>`: the
/// `name=value` pairs of a query parameter, a header's value, or a path segment, each
/// percent-encoded where the URL needs it. `value` is a reference.
pub fn written(param: &Param, value: TokenStream, runtime: &mut Runtime) -> TokenStream {
    let wire = &param.wire_name;
    let Serialization { style, explode, allow_reserved, content } = &param.serialization;
    if content.is_some() {
        let json_text = runtime.helper("json_text");
        if param.location != ParamLocation::Path {
            return quote!(#json_text(#wire, #value));
        }
        let encode_segment = runtime.helper("encode_segment");
        return quote!(#json_text(#wire, #value).map(|text| #encode_segment(&text)));
    }
    let style = format_ident!("{}", pascal(style.name()));
    match param.location {
        ParamLocation::Path => {
            let style_type = runtime.helper("Style");
            let path_text = runtime.helper("path_text");
            quote!(#path_text(#wire, #value, #style_type::#style, #explode))
        }
        ParamLocation::Query => {
            let style_type = runtime.helper("Style");
            let query_text = runtime.helper("query_text");
            quote!(#query_text(#wire, #value, #style_type::#style, #explode, #allow_reserved))
        }
        ParamLocation::Header => {
            let header_text = runtime.helper("header_text");
            quote!(#header_text(#wire, #value, #explode))
        }
    }
}

/// A form body's Encoding Object entries, as the runtime's `Encoding`s (the builder and the
/// mock write the form with the same ones).
pub fn encodings(body: &Body, runtime: &mut Runtime) -> Vec<TokenStream> {
    body.encodings
        .iter()
        .map(|encoding| {
            let encoding_type = runtime.helper("Encoding");
            let style_type = runtime.helper("Style");
            let name = &encoding.property;
            let style = format_ident!("{}", pascal(encoding.style.name()));
            let (explode, reserved) = (encoding.explode, encoding.allow_reserved);
            let json = encoding.content_type.as_deref().is_some_and(crate::build::is_json);
            quote!(#encoding_type::new(#name, #style_type::#style, #explode, #reserved, #json))
        })
        .collect()
}

/// The builder's statement adding a styled query or header parameter; `value` is a reference.
pub fn add_styled(param: &Param, value: TokenStream, imports: &mut Imports) -> TokenStream {
    let wire = &param.wire_name;
    let text = written(param, value, &mut Runtime::Imported(imports));
    match (param.location, &param.serialization.content) {
        (ParamLocation::Query, None) => quote!(request.query_encoded(#text?);),
        (ParamLocation::Query, Some(_)) => quote!(request.query(#wire, #text?);),
        _ => quote!(request.header(#wire, #text?);),
    }
}

/// A path parameter's segment text, percent-encoded, for `Request::new`.
pub fn encoded_path_param(
    param: &Param,
    rust: &proc_macro2::Ident,
    imports: &mut Imports,
) -> TokenStream {
    if param.wire == ParamWire::Styled {
        let text = written(param, quote!(&#rust), &mut Runtime::Imported(imports));
        return quote!(#text?);
    }
    imports.runtime("encode_value");
    if param.is_text() {
        return quote!(encode_value(&#rust));
    }
    imports.runtime("ToParam");
    quote!(encode_value(&#rust.to_param()))
}

/// For the mock: the statement pinning a styled parameter, `value` being the setter's input,
/// written exactly as the client writes it.
pub fn mock_record(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let written = written(param, quote!(&value), &mut Runtime::Qualified);
    let record = match (param.location, &param.serialization.content) {
        (ParamLocation::Path, _) => quote!(self.0.path_encoded(#wire, text)),
        (ParamLocation::Query, Some(_)) => quote!(self.0.query(#wire, text)),
        (ParamLocation::Query, None) => quote!(self.0.query_encoded(&text)),
        (ParamLocation::Header, _) => quote!(self.0.header(#wire, text)),
    };
    // Text arrives as `impl Into<String>`.
    let owned = param.is_text().then(|| quote!(let value: String = value.into();));
    quote! {
        #owned
        let text = #written.expect("parameters encode as JSON");
        #record;
    }
}
