//! `src/mock/expectations.rs` of the generated crate (with `--mock`): for each operation an
//! `expect_*` method on the mock server and a typed expectation whose setters mirror the
//! request builder's and whose `respond` takes the operation's own reply type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::setter_input;
use super::params::mock_record;
use super::rust::{ident, type_tokens, EmitCx, Imports, Module};
use crate::model::{Api, BodyWire, Operation, Param, ParamWire, SuccessBody};

/// The imports of `mock/expectations.rs`.
pub fn emit_mock_head() -> TokenStream {
    quote! {
        use super::{expectation_methods, Expectation, Server};
        #[allow(unused_imports)] // which are used depends on the API
        use crate::{types, ToParam};
    }
}

/// Operation `index`'s `expect_*` method on the server and its typed expectation; formatted
/// on its own like the builders, so large APIs spread it over the emitter's threads.
pub fn emit_mock_item(cx: &EmitCx, index: usize, _imports: &mut Imports) -> TokenStream {
    let op = &cx.api.operations[index];
    let method = expect_method(op);
    let expectation = expectation(cx.api, op);
    quote! {
        impl Server {
            #method
        }

        #expectation
    }
}

fn expect_method(op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.names.expect_method);
    let name = format_ident!("{}", op.names.expectation);
    let id = &op.id;
    let http_method = &op.http_method;
    let accept = match &op.success.media_type {
        Some(media_type) => quote!(Some(#media_type)),
        None => quote!(None),
    };
    let path = &op.path;
    let doc = format!(" Expects a call of `{}` (`{} {}`), once unless [`times`]({name}::times) says otherwise: pin what it must carry with the setters, then give the reply with `respond`.", op.id, op.http_method, op.path);
    if op.fixed_query.is_empty() {
        return quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #name<'_> {
                #name(Expectation::new(self, #id, #http_method, #accept, #path))
            }
        };
    }
    // The query pairs of the path key tell this operation from the one without them.
    let (names, values): (Vec<&String>, Vec<&String>) =
        op.fixed_query.iter().map(|(name, value)| (name, value)).unzip();
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #name<'_> {
            let mut expectation = Expectation::new(self, #id, #http_method, #accept, #path);
            #(expectation.query(#names, #values.to_string());)*
            #name(expectation)
        }
    }
}

/// The statement of a setter that pins `value` as the client writes it, by the parameter's
/// wire plan.
fn record(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let text = if param.is_text() { quote!(value.into()) } else { quote!(value.to_param()) };
    match param.wire {
        ParamWire::Styled => mock_record(param),
        // Pinned by name: `Expectation::new` finds the `{name}` in the template, whole
        // segment or inside one (`{userId}:addRole`).
        ParamWire::PathScalar => quote!(self.0.path(#wire, #text);),
        ParamWire::QueryScalar | ParamWire::Envelope => quote!(self.0.query(#wire, #text);),
        ParamWire::HeaderScalar => quote!(self.0.header(#wire, #text);),
        ParamWire::QueryList => quote! {
            for item in &value {
                self.0.query(#wire, item.to_param());
            }
        },
    }
}

fn expectation(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.names.expectation);
    let doc =
        format!(" An expected call of `{}`; see [`Server::{}`].", op.id, op.names.expect_method);
    let must_use = format!("`{name}` is mounted only when `respond` is awaited");
    let mut setters = Vec::new();
    for param in &op.params {
        let rust = ident(&param.rust_name);
        let (input, _) = setter_input(api, param);
        let record = record(param);
        let doc = format!(" Matches only calls whose `{}` is this value.", param.wire_name);
        setters.push(quote! {
            #[doc = #doc]
            pub fn #rust(mut self, value: #input) -> Self {
                #record
                self
            }
        });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(api, &body.ty, Module::Other);
        setters.push(match body.wire {
            BodyWire::Form => {
                let encodings = super::params::encodings(body, &mut super::params::Runtime::Qualified);
                quote! {
                    /// Matches only calls whose body is this value, written as the client writes the form.
                    pub fn body(mut self, value: &#ty) -> Self {
                        let form = crate::runtime::form_text(value, &[#(#encodings),*]).expect("form bodies encode");
                        self.0.body_exact(form.into_bytes());
                        self
                    }
                }
            }
            BodyWire::Bytes => quote! {
                /// Matches only calls whose body is exactly these bytes.
                pub fn body(mut self, value: &[u8]) -> Self {
                    self.0.body_exact(value.to_vec());
                    self
                }
            },
            // The parts the client's own `multipart_parts` collects, compared part by part.
            BodyWire::Multipart => {
                let builder = ident(&op.names.builder);
                quote! {
                    /// Matches only calls whose multipart body has exactly this value's parts, in
                    /// order: names, file names, media types and bytes.
                    pub fn body(mut self, value: #ty) -> Self {
                        let parts = crate::operations::#builder::multipart_parts(value).expect("multipart bodies encode");
                        self.0.body_multipart(parts);
                        self
                    }
                }
            }
            BodyWire::Json => quote! {
                /// Matches only calls whose body is this value (compared as JSON).
                pub fn body(mut self, value: &#ty) -> Self {
                    self.0.body(value);
                    self
                }
            },
        });
    }
    let status = proc_macro2::Literal::u16_unsuffixed(op.success.status);
    let content_type =
        op.success.media_type.clone().unwrap_or_else(|| "application/json".to_string());
    let respond = match &op.success.body {
        SuccessBody::Json(ty) => {
            let mut ty = type_tokens(api, ty, Module::Other);
            if op.success.nullable {
                ty = quote!(Option<#ty>);
            }
            quote! {
                /// Mounts the expectation: matching calls get this reply.
                pub async fn respond(self, reply: #ty) {
                    self.0.respond_json(#status, #content_type, &reply).await;
                }
            }
        }
        SuccessBody::Empty => quote! {
            /// Mounts the expectation: matching calls get the documented reply without a body.
            pub async fn respond(self) {
                self.0.respond_raw(#status, None).await;
            }
        },
        SuccessBody::Text => quote! {
            /// Mounts the expectation: matching calls get this text.
            pub async fn respond(self, reply: impl Into<String>) {
                self.0.respond_raw(#status, Some((#content_type.to_string(), reply.into().into_bytes()))).await;
            }
        },
        SuccessBody::Bytes => quote! {
            /// Mounts the expectation: matching calls get these bytes.
            pub async fn respond(self, reply: Vec<u8>) {
                self.0.respond_raw(#status, Some((#content_type.to_string(), reply))).await;
            }
        },
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = #must_use]
        pub struct #name<'s>(Expectation<'s>);

        impl #name<'_> {
            #(#setters)*

            #respond
        }

        expectation_methods!(#name);
    }
}
