//! The `# Example` of each `Client` method: the whole call with its required values, chosen
//! to pass the client's own checks (the spec's example where it passes them, else a value
//! made for the rule), `.send().await?`, and the reply used. Built as tokens and printed by
//! `prettyplease` like the rest, then placed in the docs as a `no_run` doctest, so our
//! crate's `cargo test` compiles every one.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::rust::ident;
use super::types::{presence, Presence};
use crate::model::{
    Api, BodyWire, Checks, Kind, Operation, SuccessBody, TypeBody, TypeId, ValueType,
};

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
    let maker = Maker::new(api);
    let render = Render { api, krate: quote!(#krate), types: quote!(#krate::types) };
    let method = ident(&op.names.method);
    let mut chain = vec![quote!(client.#method())];
    for param in op.params.iter().filter(|p| p.required) {
        let setter = ident(&param.rust_name);
        let value = maker.setter_value(&param.ty, param.example.as_deref(), &render)?;
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
            // A multipart body has at least one part (RFC 2046): one with none is no body.
            _ if body.wire == BodyWire::Multipart => {
                render.tokens(&maker.with_a_field(maker.value(&body.ty, None, 0)?))
            }
            _ => render.tokens(&maker.value(&body.ty, None, 0)?),
        };
        chain.push(quote!(body(#value)));
    }
    Some(chain)
}

/// A value chosen for an example, decided once and then written as Rust (the doc example,
/// the contract call) or as JSON (to tell whether another choice of a union accepts it).
#[derive(Clone, Debug)]
enum Example {
    Text(String),
    Bool,
    Integer(i64),
    Number(f64),
    DateTime,
    Date,
    Uuid,
    /// Bytes; base64 text for `format: byte`.
    Bytes {
        base64: bool,
    },
    File,
    Any,
    Map(Vec<(String, Example)>),
    List(Vec<Example>),
    Enum(TypeId, usize),
    Union(TypeId, usize, Box<Example>),
    /// The fields (indexes into the struct's fields) given a value; the others are `None`.
    Struct(TypeId, Vec<(usize, Example)>),
}

/// Makes example values of the API's types that pass the client's checks and, for a
/// union, match one of its choices only where a value can (a server validating `oneOf`
/// refuses a value two choices accept).
struct Maker<'a> {
    api: &'a Api,
    /// The example chosen for each union, which every use of it shares.
    unions: RefCell<HashMap<TypeId, Example>>,
}

impl<'a> Maker<'a> {
    fn new(api: &'a Api) -> Self {
        Maker { api, unions: RefCell::default() }
    }

    /// A setter's argument: text as a literal (setters take `impl Into<String>`), else a value.
    fn setter_value(
        &self,
        ty: &ValueType,
        example: Option<&str>,
        out: &Render,
    ) -> Option<TokenStream> {
        match ty.kind {
            Kind::String => {
                let text = text_value(&ty.checks, example, ty.format.as_deref())?;
                Some(quote!(#text))
            }
            _ => Some(out.tokens(&self.value(ty, example, 0)?)),
        }
    }

    /// A struct value with its first optional field set when it has none set.
    fn with_a_field(&self, example: Example) -> Example {
        let Example::Struct(id, set) = &example else { return example };
        let TypeBody::Struct(fields) = &self.api.types[*id].body else { return example };
        if !set.is_empty() {
            return example;
        }
        let def = &self.api.types[*id];
        let first =
            fields.iter().enumerate().filter(|(_, f)| def.keeps(f)).find_map(|(index, field)| {
                self.value(&field.ty, None, 1).map(|value| (index, value))
            });
        match first {
            Some(field) => Example::Struct(*id, vec![field]),
            None => example,
        }
    }

    /// A value of the type that passes its checks.
    fn value(&self, ty: &ValueType, example: Option<&str>, depth: usize) -> Option<Example> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match &ty.kind {
            Kind::String => Example::Text(text_value(&ty.checks, example, ty.format.as_deref())?),
            Kind::Bool => Example::Bool,
            Kind::Int32 | Kind::Int64 => Example::Integer(number_value(&ty.checks) as i64),
            Kind::Float | Kind::Double => Example::Number(number_value(&ty.checks)),
            Kind::DateTime => Example::DateTime,
            Kind::Date => Example::Date,
            Kind::Uuid => Example::Uuid,
            Kind::Bytes => Example::Bytes { base64: ty.format.as_deref() == Some("byte") },
            Kind::File => Example::File,
            Kind::Any => Example::Any,
            Kind::Map(item) => {
                // As many entries as `minProperties` asks for, else none.
                let count = ty.checks.min_properties.unwrap_or(0);
                let mut entries = Vec::new();
                for n in 1..=count {
                    entries.push((format!("example{n}"), self.value(item, None, depth + 1)?));
                }
                Example::Map(entries)
            }
            Kind::Array(item) => {
                // One item shows the shape; `minItems` may ask for more, `maxItems` for none.
                if ty.checks.max_items == Some(0) {
                    Example::List(Vec::new())
                } else {
                    let count = ty.checks.min_items.unwrap_or(1).max(1) as usize;
                    let first = self.value(item, None, depth + 1)?;
                    match ty.checks.unique_items && count > 1 {
                        true => self.distinct(item, first, count)?,
                        false => Example::List(vec![first; count]),
                    }
                }
            }
            Kind::Named(id) => match &self.api.types[*id].body {
                TypeBody::Enum { values, .. } => {
                    values.first()?;
                    Example::Enum(*id, 0)
                }
                TypeBody::Alias(inner) => self.value(inner, example, depth + 1)?,
                TypeBody::Union { .. } => self.union(*id, depth)?,
                TypeBody::Struct(_) => self.structure(*id, None, depth)?,
            },
        })
    }

    /// `count` different values of the type (`uniqueItems`), starting with `first`: other
    /// text that passes the checks, the next numbers in range, the next enum values. `None`
    /// when the type has too few.
    fn distinct(&self, ty: &ValueType, first: Example, count: usize) -> Option<Example> {
        let checks = &ty.checks;
        let others: Vec<Example> = match &ty.kind {
            Kind::String => text_values(checks, None, ty.format.as_deref())
                .into_iter()
                .map(Example::Text)
                .collect(),
            Kind::Int32 | Kind::Int64 => {
                let start = number_value(checks) as i64;
                (start..start.saturating_add(count as i64 * 2))
                    .filter(|n| in_range(checks, *n as f64))
                    .map(Example::Integer)
                    .collect()
            }
            Kind::Named(id) => match &self.api.types[*id].body {
                TypeBody::Enum { values, .. } => {
                    (0..values.len()).map(|index| Example::Enum(*id, index)).collect()
                }
                TypeBody::Alias(inner) => return self.distinct(inner, first, count),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let mut items = vec![first];
        for other in others {
            if items.len() == count {
                break;
            }
            let json = self.json(&other);
            if !items.iter().any(|item| self.json(item) == json) {
                items.push(other);
            }
        }
        (items.len() == count).then_some(Example::List(items))
    }

    /// A struct with a value for each required field; `tag` sets the discriminator property
    /// of a union's choice to the value that selects it.
    fn structure(&self, id: TypeId, tag: Option<(&str, &str)>, depth: usize) -> Option<Example> {
        let def = &self.api.types[id];
        let TypeBody::Struct(fields) = &def.body else { return None };
        let mut set = Vec::new();
        for (index, field) in fields.iter().enumerate().filter(|(_, f)| def.keeps(f)) {
            let tagged = tag.filter(|(property, _)| field.wire_name == *property);
            if let Some(value) = tagged.and_then(|(_, tag)| self.tag_value(&field.ty, tag)) {
                set.push((index, value));
            } else if field.required && !field.nullable || field.example_sets {
                // A name `required` lists without describing it is sent too (any value), and
                // the names of the first choice of a part's `anyOf` of `required` lists.
                set.push((index, self.value(&field.ty, None, depth + 1)?));
            }
        }
        // `minProperties`: optional fields too, in order, until enough are on the wire (a
        // required nullable one is, as `null`).
        let on_wire = |set: &Vec<(usize, Example)>| {
            set.len() + fields.iter().filter(|f| def.keeps(f) && f.required && f.nullable).count()
        };
        let wanted = def.min_properties.unwrap_or(0) as usize;
        for (index, field) in fields.iter().enumerate().filter(|(_, f)| def.keeps(f)) {
            if on_wire(&set) >= wanted {
                break;
            }
            if !field.required && !set.iter().any(|(i, _)| *i == index) {
                if let Some(value) = self.value(&field.ty, None, depth + 1) {
                    set.push((index, value));
                }
            }
        }
        set.sort_by_key(|(i, _)| *i);
        Some(Example::Struct(id, set))
    }

    /// The discriminator's value `tag` as a value of the property's type.
    fn tag_value(&self, ty: &ValueType, tag: &str) -> Option<Example> {
        match &ty.kind {
            Kind::String => Some(Example::Text(tag.to_string())),
            Kind::Named(id) => match &self.api.types[*id].body {
                TypeBody::Enum { values, .. } => {
                    values.iter().position(|v| v.wire == tag).map(|i| Example::Enum(*id, i))
                }
                TypeBody::Alias(inner) => self.tag_value(inner, tag),
                _ => None,
            },
            _ => None,
        }
    }

    /// A union's value: the first choice whose value no other choice accepts, else the
    /// first that does so with one of its optional fields set, else the first that can be
    /// made at all.
    fn union(&self, id: TypeId, depth: usize) -> Option<Example> {
        if let Some(known) = self.unions.borrow().get(&id) {
            return Some(known.clone());
        }
        let TypeBody::Union { variants, discriminator } = &self.api.types[id].body else {
            return None;
        };
        let made: Vec<(usize, Example)> = variants
            .iter()
            .enumerate()
            .filter_map(|(index, variant)| {
                let value = match (&variant.ty.kind, discriminator, &variant.tag) {
                    (Kind::Named(inner), Some(property), Some(tag))
                        if matches!(self.api.types[*inner].body, TypeBody::Struct(_)) =>
                    {
                        self.structure(*inner, Some((property, tag)), depth + 1)
                    }
                    _ => self.value(&variant.ty, None, depth + 1),
                };
                value.map(|value| (index, value))
            })
            .collect();
        let alone = |index: usize, value: &Example| {
            let json = self.json(value);
            variants
                .iter()
                .enumerate()
                .all(|(other, variant)| other == index || !self.accepts(&variant.ty, &json))
        };
        let chosen = made
            .iter()
            .find(|(index, value)| alone(*index, value))
            .cloned()
            .or_else(|| {
                made.iter().find_map(|(index, value)| {
                    self.with_one_optional(value, depth)
                        .into_iter()
                        .find(|value| alone(*index, value))
                        .map(|value| (*index, value))
                })
            })
            .or_else(|| made.first().cloned())?;
        let example = Example::Union(id, chosen.0, Box::new(chosen.1));
        self.unions.borrow_mut().insert(id, example.clone());
        Some(example)
    }

    /// A struct's value with one more of its optional fields set, for each that can be made.
    fn with_one_optional(&self, value: &Example, depth: usize) -> Vec<Example> {
        let Example::Struct(id, set) = value else { return Vec::new() };
        let def = &self.api.types[*id];
        let TypeBody::Struct(fields) = &def.body else { return Vec::new() };
        fields
            .iter()
            .enumerate()
            .filter(|(index, field)| {
                def.keeps(field) && !field.required && !set.iter().any(|(i, _)| i == index)
            })
            .filter_map(|(index, field)| {
                let extra = self.value(&field.ty, None, depth + 2)?;
                let mut set = set.clone();
                set.push((index, extra));
                set.sort_by_key(|(i, _)| *i);
                Some(Example::Struct(*id, set))
            })
            .collect()
    }

    /// The value as the client sends it in a JSON body.
    fn json(&self, value: &Example) -> Value {
        match value {
            Example::Text(text) => Value::String(text.clone()),
            Example::Bool => Value::Bool(true),
            Example::Integer(n) => Value::from(*n),
            Example::Number(n) => Value::from(*n),
            Example::DateTime => Value::String("2026-01-01T00:00:00Z".into()),
            Example::Date => Value::String("2026-01-01".into()),
            Example::Uuid => Value::String("00000000-0000-0000-0000-000000000000".into()),
            Example::Bytes { base64: true } => Value::String("ZXhhbXBsZQ==".into()),
            Example::Bytes { base64: false } | Example::File => Value::String("example".into()),
            Example::Any => Value::Object(Default::default()),
            Example::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), self.json(v))).collect())
            }
            Example::List(items) => {
                Value::Array(items.iter().map(|item| self.json(item)).collect())
            }
            Example::Enum(id, index) => match &self.api.types[*id].body {
                TypeBody::Enum { values, .. } => Value::String(values[*index].wire.clone()),
                _ => Value::Null,
            },
            Example::Union(_, _, inner) => self.json(inner),
            Example::Struct(id, set) => {
                let def = &self.api.types[*id];
                let mut object = serde_json::Map::new();
                for (index, field) in def.kept_fields_indexed() {
                    match set.iter().find(|(i, _)| *i == index) {
                        Some((_, value)) => {
                            object.insert(field.wire_name.clone(), self.json(value));
                        }
                        // A required nullable field is sent as `null`.
                        None if field.required => {
                            object.insert(field.wire_name.clone(), Value::Null);
                        }
                        None => {}
                    }
                }
                Value::Object(object)
            }
        }
    }

    /// Whether a JSON Schema validator would accept `json` for the type, as far as the model
    /// tells (unknown properties are allowed, as the types keep no `additionalProperties:
    /// false`).
    fn accepts(&self, ty: &ValueType, json: &Value) -> bool {
        let checks = &ty.checks;
        match &ty.kind {
            Kind::String => json.as_str().is_some_and(|text| passes(checks, text)),
            Kind::Bool => json.is_boolean(),
            Kind::Int32 | Kind::Int64 => {
                json.as_i64().is_some() && json.as_f64().is_some_and(|n| in_range(checks, n))
            }
            Kind::Float | Kind::Double => json.as_f64().is_some_and(|n| in_range(checks, n)),
            Kind::DateTime | Kind::Date | Kind::Uuid | Kind::Bytes => json.is_string(),
            Kind::File | Kind::Any => true,
            Kind::Map(item) => json.as_object().is_some_and(|object| {
                let count = object.len() as u64;
                checks.min_properties.is_none_or(|min| count >= min)
                    && checks.max_properties.is_none_or(|max| count <= max)
                    && object.values().all(|value| self.accepts(item, value))
            }),
            Kind::Array(item) => json.as_array().is_some_and(|items| {
                let count = items.len() as u64;
                checks.min_items.is_none_or(|min| count >= min)
                    && checks.max_items.is_none_or(|max| count <= max)
                    && items.iter().all(|value| self.accepts(item, value))
            }),
            Kind::Named(id) => {
                let def = &self.api.types[*id];
                match &def.body {
                    TypeBody::Enum { values, .. } => {
                        json.as_str().is_some_and(|text| values.iter().any(|v| v.wire == text))
                    }
                    TypeBody::Alias(inner) => self.accepts(inner, json),
                    TypeBody::Union { variants, .. } => {
                        variants.iter().filter(|v| self.accepts(&v.ty, json)).count() == 1
                    }
                    TypeBody::Struct(_) => json.as_object().is_some_and(|object| {
                        def.kept_fields_indexed().all(|(_, field)| {
                            match object.get(&field.wire_name) {
                                None => !field.required,
                                Some(Value::Null) => field.nullable,
                                Some(value) => self.accepts(&field.ty, value),
                            }
                        })
                    }),
                }
            }
        }
    }
}

/// Writes examples as Rust expressions, with the API's types named by their full path
/// (`atlas_invites::types::X`), since the examples are read outside the crate.
struct Render<'a> {
    api: &'a Api,
    krate: TokenStream,
    types: TokenStream,
}

impl Render<'_> {
    fn tokens(&self, value: &Example) -> TokenStream {
        let types = &self.types;
        match value {
            Example::Text(text) => quote!(#text.to_string()),
            Example::Bool => quote!(true),
            Example::Integer(n) => {
                let number = proc_macro2::Literal::i64_unsuffixed(*n);
                quote!(#number)
            }
            Example::Number(n) => {
                let number = proc_macro2::Literal::f64_unsuffixed(*n);
                quote!(#number)
            }
            // Fixed values: the crate's `chrono` has no clock.
            Example::DateTime => {
                quote!(chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("a valid time"))
            }
            Example::Date => {
                quote!(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date"))
            }
            Example::Uuid => quote!(uuid::Uuid::nil()),
            // `format: byte` is base64 text (of "example").
            Example::Bytes { base64: true } => quote!(b"ZXhhbXBsZQ==".to_vec()),
            Example::Bytes { base64: false } => quote!(b"example".to_vec()),
            Example::File => {
                let krate = &self.krate;
                quote!(#krate::FilePart::new(b"example".to_vec()).file_name("example.txt"))
            }
            Example::Any => quote!(serde_json::json!({})),
            Example::Map(entries) if entries.is_empty() => quote!(Default::default()),
            Example::Map(entries) => {
                let entries = entries.iter().map(|(key, value)| {
                    let value = self.tokens(value);
                    quote!((#key.to_string(), #value))
                });
                quote!([#(#entries),*].into_iter().collect())
            }
            Example::List(items) if items.is_empty() => quote!(Vec::new()),
            Example::List(items) => {
                let items: Vec<TokenStream> = items.iter().map(|item| self.tokens(item)).collect();
                // Copies of one item are written once, with their count.
                let first = items[0].to_string();
                if items.len() > 1 && items.iter().all(|item| item.to_string() == first) {
                    let (item, count) =
                        (&items[0], proc_macro2::Literal::usize_unsuffixed(items.len()));
                    quote!(vec![#item; #count])
                } else {
                    quote!(vec![#(#items),*])
                }
            }
            Example::Enum(id, index) => {
                let def = &self.api.types[*id];
                let TypeBody::Enum { values, .. } = &def.body else { return quote!() };
                let (name, value) = (ident(&def.name), ident(&values[*index].rust_name));
                quote!(#types::#name::#value)
            }
            Example::Union(id, index, inner) => {
                let def = &self.api.types[*id];
                let TypeBody::Union { variants, .. } = &def.body else { return quote!() };
                let variant = &variants[*index];
                let (name, variant_name) = (ident(&def.name), ident(&variant.rust_name));
                let mut inner = self.tokens(inner);
                if variant.boxed {
                    inner = quote!(Box::new(#inner));
                }
                quote!(#types::#name::#variant_name(#inner))
            }
            Example::Struct(id, set) => self.structure(*id, set),
        }
    }

    fn structure(&self, id: TypeId, set: &[(usize, Example)]) -> TokenStream {
        let types = &self.types;
        let def = &self.api.types[id];
        let name = ident(&def.name);
        let all_optional = def.kept_fields().all(|f| !f.required || f.nullable);
        if all_optional && set.is_empty() {
            // Every field optional: the type derives `Default`.
            return quote!(#types::#name::default());
        }
        let mut members = Vec::new();
        for (index, field) in def.kept_fields_indexed() {
            let rust = ident(&field.rust_name);
            let Some((_, value)) = set.iter().find(|(i, _)| *i == index) else {
                if !all_optional {
                    members.push(quote!(#rust: None));
                }
                continue;
            };
            let mut inner = self.tokens(value);
            if field.boxed {
                inner = quote!(Box::new(#inner));
            }
            let inner = match presence(def, field) {
                Presence::Required => inner,
                Presence::Nullable | Presence::Optional => quote!(Some(#inner)),
                Presence::Patchable => quote!(Some(Some(#inner))),
            };
            members.push(quote!(#rust: #inner));
        }
        if all_optional {
            quote!(#types::#name { #(#members,)* ..Default::default() })
        } else {
            quote!(#types::#name { #(#members),* })
        }
    }
}

/// Whether a number passes the bounds and allowed values of `checks`.
fn in_range(checks: &Checks, n: f64) -> bool {
    let above = match checks.minimum {
        Some(min) if checks.exclusive_minimum => n > min,
        Some(min) => n >= min,
        None => true,
    };
    let below = match checks.maximum {
        Some(max) if checks.exclusive_maximum => n < max,
        Some(max) => n <= max,
        None => true,
    };
    above && below && (checks.one_of.is_empty() || checks.one_of.contains(&n))
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
    candidates(checks, example, format).find(|candidate| passes(checks, candidate))
}

/// Every candidate text that passes `checks`, in the order [`text_value`] prefers them.
fn text_values(checks: &Checks, example: Option<&str>, format: Option<&str>) -> Vec<String> {
    candidates(checks, example, format).filter(|candidate| passes(checks, candidate)).collect()
}

/// The texts tried, best first.
fn candidates(
    checks: &Checks,
    example: Option<&str>,
    format: Option<&str>,
) -> impl Iterator<Item = String> {
    let formatted = format.and_then(formatted);
    example.map(str::to_string).into_iter().chain(formatted).chain(made_up(checks))
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
    crate::regexes::compiled(pattern).is_some_and(|r| r.is_match(text).unwrap_or(false))
}
