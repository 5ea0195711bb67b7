//! `types.rs` of the generated crate: one item per named type, plus `Validate` impls for
//! the types that requests carry.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs, prose};
use super::rust::{check_tokens, ident, type_tokens, EmitCx, Imports, Module, NameExpr};
use crate::model::{Api, EnumValue, Field, TypeBody, TypeDef, TypeId, Variant};

/// The items of type `id`: its definition and its impls.
pub fn emit_type_item(cx: &EmitCx, id: TypeId, imports: &mut Imports) -> TokenStream {
    let api = cx.api;
    let def = &api.types[id];
    match &def.body {
        TypeBody::Struct(fields) => emit_struct(cx, def, fields, imports),
        TypeBody::Enum { values, catch_all } => emit_enum(def, values, catch_all),
        TypeBody::Union { variants, discriminator } => {
            let union = emit_union(api, def, variants, discriminator.as_deref());
            let validate = (def.usage.request && def.validated)
                .then(|| emit_union_validate(cx, def, variants, imports));
            quote!(#union #validate)
        }
        TypeBody::Alias(ty) => {
            let doc = doc_attrs(&type_doc(def));
            let name = ident(&def.name);
            let target = type_tokens(api, ty, Module::Types);
            quote!(#doc pub type #name = #target;)
        }
    }
}

/// The `use` lines of `types.rs`.
pub fn types_header(api: &Api, imports: &Imports) -> TokenStream {
    let has = |wanted: fn(&TypeBody) -> bool| api.types.iter().any(|def| wanted(&def.body));
    let mut items = Vec::new();
    if has(|body| matches!(body, TypeBody::Struct(_))) {
        items.push("json_object");
    }
    if api.types.iter().any(|def| def.usage.request && def.validated) {
        items.push("Validate");
    }
    let runtime = imports.use_lines(&items);
    let serde_import = has(|body| matches!(body, TypeBody::Union { .. })).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        #runtime
        #serde_import
    }
}

fn type_doc(def: &TypeDef) -> String {
    let origin = format!("Schema `{}`.", def.origin);
    paragraphs([prose(def.doc.as_deref()).as_deref(), Some(origin.as_str())])
}

fn emit_struct(cx: &EmitCx, def: &TypeDef, fields: &[Field], imports: &mut Imports) -> TokenStream {
    let api = cx.api;
    let doc = doc_attrs(&type_doc(def));
    let name = ident(&def.name);
    let kept: Vec<&Field> = fields.iter().filter(|f| def.keeps(f)).collect();
    let all_optional = kept.iter().all(|f| !f.required || f.nullable);
    let derive_default = all_optional.then(|| quote!(Default,));
    let members = kept.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let mut inner = type_tokens(api, &field.ty, Module::Types);
        if field.boxed {
            inner = quote!(Box<#inner>);
        }
        let presence = presence(def, field);
        let ty = match presence {
            Presence::Required => inner,
            Presence::Nullable | Presence::Optional => quote!(Option<#inner>),
            Presence::Patchable => quote!(Option<Option<#inner>>),
        };
        let doc = doc_attrs(&field_doc(field, presence == Presence::Patchable));
        quote! {
            #doc
            pub #rust: #ty,
        }
    });
    // The serde impls come from the runtime's `json_object!`, which compiles much faster
    // than the derive (see `runtime/object.rs`).
    let wire_fields = kept.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        let presence = presence(def, field).keyword();
        quote!(#rust = #wire #presence)
    });
    let validate =
        (def.usage.request && def.validated).then(|| emit_validate(cx, def, &name, &kept, imports));
    quote! {
        #doc
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #name {
            #(#members)*
        }
        json_object!(#name { #(#wire_fields),* });
        #validate
    }
}

/// How a field is present on the wire, which decides its Rust type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, maybe `null`: `Option<T>`, sent as `null` when `None`.
    Nullable,
    /// Maybe absent: `Option<T>`, left out when `None`.
    Optional,
    /// Maybe absent, maybe `null`, in a PATCH body where the two mean different things
    /// (keep the value, clear it): `Option<Option<T>>`.
    Patchable,
}

impl Presence {
    /// The presence's marker in `json_object!`, where optional (the common case) has none.
    fn keyword(self) -> Option<proc_macro2::Ident> {
        let word = match self {
            Presence::Required => "required",
            Presence::Nullable => "nullable",
            Presence::Optional => return None,
            Presence::Patchable => "patch",
        };
        Some(proc_macro2::Ident::new(word, proc_macro2::Span::call_site()))
    }
}

pub(super) fn presence(def: &TypeDef, field: &Field) -> Presence {
    match (field.required, field.nullable) {
        (true, false) => Presence::Required,
        (true, true) => Presence::Nullable,
        (false, true) if def.usage.patch => Presence::Patchable,
        (false, _) => Presence::Optional,
    }
}

fn field_doc(field: &Field, patchable: bool) -> String {
    let mut notes = Vec::new();
    if patchable {
        notes
            .push("`None` leaves it unchanged, `Some(None)` sends `null` to clear it.".to_string());
    }
    if field.required && !field.nullable {
        notes.push("Required.".to_string());
    }
    if field.read_only {
        notes.push("Read-only: set by the server.".to_string());
    }
    if field.write_only {
        notes.push("Write-only: never returned by the server.".to_string());
    }
    if field.deprecated {
        notes.push("Deprecated.".to_string());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Defaults to `{default}` when absent."));
    }
    if let Some(pattern) = &field.ty.checks.pattern {
        notes.push(format!("Must match `{pattern}`."));
    }
    if field.ty.checks.email {
        notes.push("An email address.".to_string());
    }
    if !field.ty.checks.one_of.is_empty() {
        notes.push(format!("One of {}.", field.ty.checks.one_of_text()));
    }
    let notes = notes.join(" ");
    // Notes join the description's last paragraph rather than adding one of their own.
    let text = [prose(field.doc.as_deref()).unwrap_or_default(), notes]
        .iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        format!("The `{}` property.", field.wire_name)
    } else {
        text
    }
}

fn emit_validate(
    cx: &EmitCx,
    def: &TypeDef,
    name: &proc_macro2::Ident,
    fields: &[&Field],
    imports: &mut Imports,
) -> TokenStream {
    let checks = fields.iter().filter(|f| cx.api.has_checks(&f.ty)).map(|field| {
        let rust = ident(&field.rust_name);
        let name = NameExpr::dynamic(quote!(at)).extend(&format!(".{}", field.wire_name), None);
        let body = check_tokens(cx, &field.ty, quote!(value), &name, imports);
        match presence(def, field) {
            Presence::Required => quote!({ let value = &self.#rust; #body }),
            Presence::Nullable | Presence::Optional => {
                quote!(if let Some(value) = &self.#rust { #body })
            }
            Presence::Patchable => quote!(if let Some(Some(value)) = &self.#rust { #body }),
        }
    });
    let checks: Vec<TokenStream> = checks.collect();
    // `minProperties`/`maxProperties` of an object: how many fields are on the wire (a
    // required one always, a nullable one as `null` too).
    let counted = (def.min_properties.is_some() || def.max_properties.is_some()).then(|| {
        let present = fields.iter().map(|field| {
            let rust = ident(&field.rust_name);
            match presence(def, field) {
                Presence::Required | Presence::Nullable => quote!(true),
                Presence::Optional | Presence::Patchable => quote!(self.#rust.is_some()),
            }
        });
        let bound = |v: Option<u64>| match v {
            Some(v) => {
                let v = proc_macro2::Literal::u64_unsuffixed(v);
                quote!(Some(#v))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(def.min_properties), bound(def.max_properties));
        let check = imports.runtime("check_entries");
        quote!(#check(at, [#(#present),*].into_iter().filter(|set| *set).count(), #min, #max)?;)
    });
    quote! {
        impl Validate for #name {
            fn validate(&self, at: &str) -> Result<(), crate::Error> {
                #counted
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// A union is checked as the shape it holds.
fn emit_union_validate(
    cx: &EmitCx,
    def: &TypeDef,
    variants: &[Variant],
    imports: &mut Imports,
) -> TokenStream {
    let name = ident(&def.name);
    let checked: Vec<&Variant> = variants.iter().filter(|v| cx.api.has_checks(&v.ty)).collect();
    let arms: Vec<TokenStream> = checked
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let body =
                check_tokens(cx, &v.ty, quote!(value), &NameExpr::dynamic(quote!(at)), imports);
            quote!(#name::#variant(value) => { #body })
        })
        .collect();
    // Discriminated unions also have an `Unknown` variant.
    let rest = (checked.len()
        < variants.len()
            + usize::from(matches!(def.body, TypeBody::Union { discriminator: Some(_), .. })))
    .then(|| quote!(_ => {}));
    let checks = match (checked.as_slice(), rest) {
        // One shape with checks among others: `if let`, as clippy prefers.
        ([variant], Some(_)) => {
            let tag = ident(&variant.rust_name);
            let body = check_tokens(
                cx,
                &variant.ty,
                quote!(value),
                &NameExpr::dynamic(quote!(at)),
                imports,
            );
            quote!(if let #name::#tag(value) = self { #body })
        }
        (_, rest) => quote!(match self { #(#arms)* #rest }),
    };
    quote! {
        impl Validate for #name {
            fn validate(&self, at: &str) -> Result<(), crate::Error> {
                #checks
                Ok(())
            }
        }
    }
}

fn emit_enum(def: &TypeDef, values: &[EnumValue], catch_all: &str) -> TokenStream {
    let doc = doc_attrs(&paragraphs([
        prose(def.doc.as_deref()).as_deref(),
        Some("Values this client does not know yet are kept, not rejected."),
        Some(&format!("Schema `{}`.", def.origin)),
    ]));
    let name = ident(&def.name);
    let other = ident(catch_all);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" `{}`", v.wire);
        quote!(#[doc = #doc] #variant,)
    });
    let to_wire = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#name::#variant => #wire,)
    });
    let from_wire = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#wire => #name::#variant,)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as received.
            #other(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    #name::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => #name::#other(other.to_string()),
                }
            }
        }

        crate::runtime::string_enum_traits!(#name);
    }
}

fn emit_union(
    api: &Api,
    def: &TypeDef,
    variants: &[Variant],
    discriminator: Option<&str>,
) -> TokenStream {
    let how = match discriminator {
        Some(property) => format!("One of several shapes, chosen by the `{property}` property; a value this client does not know is kept as JSON."),
        None => "One of several shapes; decoding tries each in order.".to_string(),
    };
    let doc = doc_attrs(&paragraphs([
        prose(def.doc.as_deref()).as_deref(),
        Some(how.as_str()),
        Some(&format!("Schema `{}`.", def.origin)),
    ]));
    let name = ident(&def.name);
    let members = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let mut ty = type_tokens(api, &v.ty, Module::Types);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = match (&v.tag, discriminator) {
            (Some(tag), Some(property)) => format!(" `{property}` is `{tag}`."),
            _ => format!(" The `{}` shape.", v.rust_name),
        };
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let Some(property) = discriminator else {
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#members)*
            }
        };
    };
    let unknown_doc = format!(
        " A `{property}` value this version of the client does not know, kept as received."
    );
    let arms = variants.iter().filter_map(|v| {
        let variant = ident(&v.rust_name);
        let tag = v.tag.as_ref()?;
        Some(quote!(#tag => serde_json::from_value(value).map(#name::#variant),))
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
                let decoded = match tag.as_str() {
                    #(#arms)*
                    _ => Ok(#name::Unknown(value)),
                };
                decoded.map_err(serde::de::Error::custom)
            }
        }
    }
}
