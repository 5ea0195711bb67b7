//! How a parameter whose value is not a plain scalar reaches the wire: by its `style` and
//! `explode` (lists, objects, maps, unions), or as JSON text when `content` describes it.
//! Plain scalars, and lists of them in the default query style, keep the short forms of
//! `operations.rs` (`to_param`, `query_each`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{takes_json, Patterns};
use crate::model::{Api, Kind, Param, ParamLocation, Serialization, Style};

/// Whether the parameter goes through the runtime's style writer.
pub fn styled(api: &Api, param: &Param) -> bool {
    let plain = |kind: &Kind| !takes_json(api, kind) && !matches!(kind, Kind::Array(_) | Kind::Map(_) | Kind::Any | Kind::Bytes);
    param.serialization.content.is_some()
        || param.serialization != Serialization::default_for(param.location)
        || match &param.ty.kind {
            Kind::Array(item) => param.location != ParamLocation::Query || !plain(&item.kind),
            kind => !plain(kind),
        }
}

fn style_tokens(style: Style, patterns: &mut Patterns) -> TokenStream {
    patterns.helper("Style");
    style_variant(style)
}

/// `Style::Label`, unqualified.
fn style_variant(style: Style) -> TokenStream {
    let variant = format_ident!("{}", match style {
        Style::Form => "Form",
        Style::SpaceDelimited => "SpaceDelimited",
        Style::PipeDelimited => "PipeDelimited",
        Style::DeepObject => "DeepObject",
        Style::Simple => "Simple",
        Style::Label => "Label",
        Style::Matrix => "Matrix",
    });
    quote!(Style::#variant)
}

/// The statement adding a styled query or header parameter; `value` is a reference.
pub fn add_styled(param: &Param, value: TokenStream, patterns: &mut Patterns) -> TokenStream {
    let wire = &param.wire_name;
    let Serialization { style, explode, allow_reserved, content } = &param.serialization;
    match (param.location, content) {
        (ParamLocation::Header, Some(_)) => quote!(request.header_json(#wire, #value)?;),
        (ParamLocation::Header, None) => quote!(request.header_styled(#wire, #value, #explode)?;),
        (_, Some(_)) => quote!(request.query_json(#wire, #value)?;),
        (_, None) => {
            let style = style_tokens(*style, patterns);
            quote!(request.query_styled(#wire, #value, #style, #explode, #allow_reserved)?;)
        }
    }
}

/// A path parameter's segment text, percent-encoded, for `Request::new_encoded`.
pub fn encoded_path_param(api: &Api, param: &Param, rust: &proc_macro2::Ident, patterns: &mut Patterns) -> TokenStream {
    let wire = &param.wire_name;
    if param.serialization.content.is_some() {
        patterns.helper("encode_segment");
        patterns.helper("json_text");
        return quote!(encode_segment(&json_text(#wire, &#rust)?));
    }
    if styled(api, param) {
        patterns.helper("path_text");
        let style = style_tokens(param.serialization.style, patterns);
        let explode = param.serialization.explode;
        return quote!(path_text(#wire, &#rust, #style, #explode)?);
    }
    patterns.helper("encode_segment");
    match param.ty.kind {
        Kind::String => quote!(encode_segment(&#rust)),
        _ => {
            patterns.helper("ToParam");
            quote!(encode_segment(&#rust.to_param()))
        }
    }
}

/// For the mock: the statement pinning a styled parameter, `value` being the setter's input,
/// written exactly as the client writes it.
pub fn mock_record(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let Serialization { style, explode, allow_reserved, content } = &param.serialization;
    let style = style_variant(*style);
    let written = match (param.location, content) {
        (ParamLocation::Path, Some(_)) => quote!(crate::runtime::json_text(#wire, &value).map(|text| crate::runtime::encode_segment(&text))),
        (ParamLocation::Path, None) => quote!(crate::runtime::path_text(#wire, &value, crate::runtime::#style, #explode)),
        (ParamLocation::Query, Some(_)) | (ParamLocation::Header, Some(_)) => quote!(crate::runtime::json_text(#wire, &value)),
        (ParamLocation::Query, None) => quote!(crate::runtime::query_text(#wire, &value, crate::runtime::#style, #explode, #allow_reserved)),
        (ParamLocation::Header, None) => quote!(crate::runtime::header_text(#wire, &value, #explode)),
    };
    let record = match (param.location, content) {
        (ParamLocation::Path, _) => quote!(self.0.path_encoded(#wire, text)),
        (ParamLocation::Query, Some(_)) => quote!(self.0.query(#wire, text)),
        (ParamLocation::Query, None) => quote!(self.0.query_encoded(&text)),
        (ParamLocation::Header, _) => quote!(self.0.header(#wire, text)),
    };
    // Text arrives as `impl Into<String>`.
    let owned = (param.ty.kind == Kind::String).then(|| quote!(let value: String = value.into();));
    quote! {
        #owned
        let text = #written.expect("parameters encode as JSON");
        #record;
    }
}
