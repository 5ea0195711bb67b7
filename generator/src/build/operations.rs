//! Paths to operations: parameters merged and checked against the path template, the
//! request body and success response picked, deprecation read.

use std::collections::BTreeMap;

use serde_json::Value;

use super::content::Content;
use super::media;
use super::types::{description, TypeBuilder};
use crate::diagnostic::{push_pointer, Diagnostic, Location};
use crate::model::{
    Body, BodyWire, Deprecation, EventStream, FlagInput, Kind, Operation, Param, ParamLocation,
    ParamWire, PropertyEncoding, Replacement, Segment, SegmentPart, Serialization, Style, Success,
    SuccessBody, ValueType,
};
use crate::names::{
    pascal, snake, OperationNames, Scope, PREPARE_NAMES, RESERVED_BUILDER_NAMES,
    RESERVED_CLIENT_METHODS, RESERVED_CLI_FUNCTIONS, RESERVED_TYPE_NAMES,
};
use crate::resolve::{Documents, Place};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Names parameters must not take: their setters share the builder (and the mock's
/// expectation) with these methods and fields.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "send",
    "send_with_response",
    "send_stream",
    "send_events",
    "prepare",
    "items",
    "body",
    "client",
    "clone",
    "fmt",
    "times",
    "respond",
    "respond_error",
];

pub struct OperationBuilder<'d, 't> {
    pub docs: &'d Documents,
    pub types: &'t mut TypeBuilder<'d>,
    /// Every error response schema seen, with how often, to pick the crate's error type.
    pub error_schemas: Vec<(ValueType, usize)>,
    method_names: Scope,
    builder_names: Scope,
    cli_functions: Scope,
    ids: BTreeMap<String, String>,
    /// `x-replaced-by` names waiting for every operation to be read.
    pending_replacements: Vec<PendingReplacement>,
    pub api_version: Option<String>,
}

/// The operations a deprecated operation names as its replacements, before they are looked up.
struct PendingReplacement {
    /// Index of the deprecated operation.
    operation: usize,
    /// JSON pointer of its `x-replaced-by`, for diagnostics.
    pointer: String,
    ids: Vec<String>,
}

impl<'d, 't> OperationBuilder<'d, 't> {
    pub fn new(
        docs: &'d Documents,
        types: &'t mut TypeBuilder<'d>,
        api_version: Option<String>,
    ) -> Self {
        OperationBuilder {
            docs,
            types,
            error_schemas: Vec::new(),
            method_names: Scope::with_reserved(RESERVED_CLIENT_METHODS),
            cli_functions: Scope::with_reserved(RESERVED_CLI_FUNCTIONS),
            builder_names: Scope::with_reserved(
                &[RESERVED_TYPE_NAMES, RESERVED_BUILDER_NAMES].concat(),
            ),
            ids: BTreeMap::new(),
            pending_replacements: Vec::new(),
            api_version,
        }
    }

    fn error_at(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.docs.path(0), Location::Pointer(pointer.to_string()), message)
    }

    pub fn build_all(&mut self) -> Result<Vec<Operation>, Diagnostic> {
        let mut operations = Vec::new();
        let Some(paths) = self.docs.root().get("paths").and_then(Value::as_object) else {
            return Ok(operations);
        };
        for (path, item) in paths {
            let item_place = Place { doc: 0, pointer: push_pointer("/paths", path) };
            let (item_place, item) = self.docs.deref(item_place, item)?;
            for method in METHODS {
                if let Some(operation) = item.get(*method) {
                    let place = Place {
                        doc: item_place.doc,
                        pointer: push_pointer(&item_place.pointer, method),
                    };
                    // Split documents often keep each operation in a file of its own.
                    let (place, operation) = self.docs.deref(place, operation)?;
                    if self.docs.is_nothing(operation) {
                        // A dangling `$ref` (reported by the lookup): no operation to call.
                        continue;
                    }
                    let index = operations.len();
                    operations.push(self.operation(
                        index,
                        path,
                        method,
                        &item_place,
                        item,
                        &place,
                        operation,
                    )?);
                }
            }
        }
        self.link_replacements(&mut operations);
        Ok(operations)
    }

    /// Turns each `x-replaced-by` name into a link to that operation. A name that is no
    /// operation of the document, or one that is itself deprecated, leads users nowhere:
    /// it is reported as degraded (fatal with `--strict`) and kept as text.
    fn link_replacements(&mut self, operations: &mut [Operation]) {
        for pending in std::mem::take(&mut self.pending_replacements) {
            let mut replacements = Vec::new();
            for id in pending.ids {
                let file = self.docs.path(0);
                match operations.iter().position(|op| op.id == id) {
                    Some(target) if operations[target].deprecation.is_some() => {
                        self.types.report.push(Diagnostic::degraded(
                            file,
                            &pending.pointer,
                            format!(
                                "`{}` is replaced by `{id}`, which is itself deprecated",
                                operations[pending.operation].id
                            ),
                        ));
                        replacements.push(Replacement::Operation(target));
                    }
                    Some(target) => replacements.push(Replacement::Operation(target)),
                    None => {
                        self.types.report.push(Diagnostic::degraded(file, &pending.pointer, format!("`{}` is replaced by `{id}`, which is no operation of this document", operations[pending.operation].id)));
                        replacements.push(Replacement::Text(format!("`{id}`")));
                    }
                }
            }
            if let Some(deprecation) = &mut operations[pending.operation].deprecation {
                deprecation.replacements = replacements;
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // the operation's place in the document, all needed
    fn operation(
        &mut self,
        index: usize,
        path: &str,
        method: &str,
        item_place: &Place,
        item: &Value,
        place: &Place,
        op: &Value,
    ) -> Result<Operation, Diagnostic> {
        let id = match op.get("operationId").and_then(Value::as_str) {
            Some(id) => id.to_string(),
            None => format!("{method}{}", pascal(path)),
        };
        if let Some(first) = self.ids.insert(id.clone(), place.pointer.clone()) {
            return Err(self
                .error_at(
                    &format!("{}/operationId", place.pointer),
                    format!("the operationId `{id}` is used twice (first at {first})"),
                )
                .with_hint("every operationId must be unique; it names the client method"));
        }
        let method_name = self.method_names.claim_ident(snake(&id));
        let cli_function = self.cli_functions.claim_ident(method_name.to_string());
        let builder_name = self.builder_names.claim(pascal(&id));

        let params = self.params(item_place, item, place, op, &builder_name)?;
        // A query string in the path key is outside the specification: its pairs become
        // constant query parameters of the operation, and the path is what precedes it.
        let (path, fixed_query) = match path.split_once('?') {
            Some((path, query)) => {
                let pairs: Vec<(String, String)> = query
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (name.to_string(), value.to_string())
                    })
                    .collect();
                self.types.report.push(Diagnostic::degraded(self.docs.path(place.doc), &place.pointer, format!("the path key `{path}?{query}` carries a query string, which OpenAPI path keys may not; the operation sends {} as constant query parameters", pairs.iter().map(|(k, v)| format!("`{k}={v}`")).collect::<Vec<_>>().join(", "))));
                (path, pairs)
            }
            None => (path, Vec::new()),
        };
        let segments = self.segments(path, place, &params)?;
        let mut offered = Offered::default();
        let body = self.body(place, op, &builder_name, &mut offered)?;
        let success = self.responses(place, op, &builder_name, &mut offered)?;
        let deprecation =
            op.get("deprecated").and_then(Value::as_bool).unwrap_or(false).then(|| {
                let named = replaced_by(op);
                let replacements = match named.is_empty() {
                    // Linked to operations once every operation of the document is known.
                    false => {
                        self.pending_replacements.push(PendingReplacement {
                            operation: index,
                            pointer: format!("{}/x-replaced-by", place.pointer),
                            ids: named,
                        });
                        Vec::new()
                    }
                    true => op
                        .pointer("/externalDocs/description")
                        .and_then(Value::as_str)
                        .map(|text| Replacement::Text(text.to_string()))
                        .into_iter()
                        .collect(),
                };
                Deprecation { sunset: op.get("x-sunset").and_then(scalar_text), replacements }
            });
        let mut notes = Vec::new();
        for key in ["x-required-roles", "x-rolesRequirements"] {
            if let Some(roles) = op.get(key).and_then(Value::as_array) {
                let roles: Vec<&str> = roles.iter().filter_map(Value::as_str).collect();
                if !roles.is_empty() {
                    notes.push(format!("Requires the role: {}.", roles.join(", ")));
                }
            }
        }
        let tags: Vec<String> = op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        Ok(Operation {
            names: OperationNames::new(
                &id,
                method_name,
                builder_name,
                cli_function,
                tags.first().map(String::as_str),
            ),
            id,
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            segments,
            fixed_query,
            summary: op.get("summary").and_then(Value::as_str).map(|s| s.trim().to_string()),
            description: description(op),
            tags,
            deprecation,
            params,
            body,
            success,
            notes,
            security: own_security(op),
            pagination: None,
            media_types: offered.media_types,
            statuses: offered.statuses,
        })
    }

    fn params(
        &mut self,
        item_place: &Place,
        item: &Value,
        place: &Place,
        op: &Value,
        builder_name: &str,
    ) -> Result<Vec<Param>, Diagnostic> {
        // Path-level parameters first, then operation-level ones, which override by (name, in).
        let mut raw: Vec<(Place, &Value)> = Vec::new();
        for (owner_place, owner) in [(item_place, item), (place, op)] {
            if let Some(list) = owner.get("parameters").and_then(Value::as_array) {
                for (i, param) in list.iter().enumerate() {
                    let param_place = Place {
                        doc: owner_place.doc,
                        pointer: format!("{}/parameters/{i}", owner_place.pointer),
                    };
                    let (param_place, param) = self.docs.deref(param_place, param)?;
                    if self.docs.is_nothing(param) {
                        // A dangling `$ref` (reported by the lookup): no parameter to send.
                        continue;
                    }
                    let key = (
                        param.get("name").and_then(Value::as_str),
                        param.get("in").and_then(Value::as_str),
                    );
                    raw.retain(|(_, existing)| {
                        (
                            existing.get("name").and_then(Value::as_str),
                            existing.get("in").and_then(Value::as_str),
                        ) != key
                    });
                    raw.push((param_place, param));
                }
            }
        }
        let mut scope = Scope::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        for (param_place, param) in raw {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| self.error_at(&param_place.pointer, "a parameter has no `name`"))?;
            let location = match param.get("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => {
                    self.types.report.push(Diagnostic::degraded(
                        self.docs.path(param_place.doc),
                        &param_place.pointer,
                        format!("the cookie parameter `{name}` is not supported and is left out"),
                    ));
                    continue;
                }
                other => {
                    return Err(self.error_at(
                        &format!("{}/in", param_place.pointer),
                        format!("the parameter `{name}` has an unknown location {other:?}"),
                    ))
                }
            };
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str())
            {
                // The client sets these itself from the media types and credentials.
                continue;
            }
            let content = self.content(&param_place, param)?;
            let serialization =
                self.serialization(&param_place, param, content.as_ref(), name, location);
            // A parameter has a `schema`, or a `content` map with one media type and its schema.
            let first_media_type = content.as_ref().and_then(|c| c.media_types().next());
            let (schema_place, schema) = match (param.get("schema"), first_media_type) {
                (Some(schema), _) => (
                    Place {
                        doc: param_place.doc,
                        pointer: format!("{}/schema", param_place.pointer),
                    },
                    Some(schema),
                ),
                (None, Some(media_type)) => match &content {
                    Some(content) => content.media(self.docs, media_type)?.schema(),
                    None => (param_place.clone(), None),
                },
                (None, None) => (param_place.clone(), None),
            };
            let ty = match schema {
                Some(schema) => self.types.value_type(
                    &schema_place,
                    schema,
                    &format!("{builder_name}{}", pascal(name)),
                )?,
                None => {
                    self.types.report.push(Diagnostic::degraded(
                        self.docs.path(param_place.doc),
                        &param_place.pointer,
                        format!("the parameter `{name}` has no `schema`; it is sent as a string"),
                    ));
                    ValueType::new(Kind::String)
                }
            };
            let (_, schema) = match schema {
                Some(schema) => self.docs.deref(schema_place, schema)?,
                None => (param_place.clone(), &Value::Null),
            };
            params.push(Param {
                wire_name: name.to_string(),
                rust_name: scope.claim_ident(snake(name)),
                // Locals and flags are claimed once all the operation's parameters are read.
                local: Default::default(),
                flag: String::new(),
                flag_input: FlagInput::One,
                location,
                required: location == ParamLocation::Path
                    || param.get("required").and_then(Value::as_bool).unwrap_or(false),
                ty,
                doc: description(param).or_else(|| description(schema)),
                default: schema.get("default").cloned(),
                example: param
                    .get("example")
                    .or_else(|| schema.get("example"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                deprecated: param.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                serialization,
                // Planned once every type is known (`build::wire`).
                wire: ParamWire::QueryScalar,
            });
        }
        let mut locals = Scope::with_reserved(PREPARE_NAMES);
        for param in &mut params {
            param.local = locals.claim_ident(param.rust_name.to_string());
        }
        Ok(params)
    }

    /// `style`, `explode`, `allowReserved` and `content` as the specification defines them; a
    /// style the location does not allow, or a `content` type that is not JSON, is degraded.
    fn serialization(
        &mut self,
        place: &Place,
        param: &Value,
        content: Option<&Content<'_>>,
        name: &str,
        location: ParamLocation,
    ) -> Serialization {
        let mut serialization = Serialization::default_for(location);
        if let Some(content) = content {
            let file = self.docs.path(content.place.doc);
            let media_type = content.media_types().next().unwrap_or_default().to_string();
            if content.map.len() != 1 {
                self.types.report.push(Diagnostic::degraded(file, &content.place.pointer, format!("the parameter `{name}` has {} media types in `content`, where the specification allows one; `{media_type}` is used", content.map.len())));
            }
            if !media::is_json(&media_type) {
                self.types.report.push(Diagnostic::degraded(file, &content.place.pointer, format!("the parameter `{name}` is described as `{media_type}`, which the client does not write; it is sent as JSON text")));
            }
            serialization.content = Some(media_type);
            return serialization;
        }
        let file = self.docs.path(place.doc);
        if let Some(style) = param.get("style").and_then(Value::as_str) {
            match Style::parse(style, location) {
                Some(parsed) => {
                    serialization.style = parsed;
                    serialization.explode = parsed == Style::Form;
                }
                None => self.types.report.push(Diagnostic::degraded(file, &format!("{}/style", place.pointer), format!("the style `{style}` is not defined for {} parameters such as `{name}`; `{}` is used", location.name(), serialization.style.name()))),
            }
        }
        if let Some(explode) = param.get("explode").and_then(Value::as_bool) {
            serialization.explode = explode;
        }
        if serialization.style == Style::DeepObject && !serialization.explode {
            self.types.report.push(Diagnostic::degraded(file, &format!("{}/explode", place.pointer), format!("`deepObject` is defined only with `explode: true`; the parameter `{name}` is written exploded")));
            serialization.explode = true;
        }
        if let Some(allow_reserved) = param.get("allowReserved").and_then(Value::as_bool) {
            serialization.allow_reserved = allow_reserved && location == ParamLocation::Query;
        }
        serialization
    }

    /// Splits the path template and checks that template and path parameters match.
    fn segments(
        &self,
        path: &str,
        place: &Place,
        params: &[Param],
    ) -> Result<Vec<Segment>, Diagnostic> {
        let mut segments = Vec::new();
        let mut used = Vec::new();
        let pieces: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        // A trailing slash names another resource than the path without it (`/releases/`
        // is not `/releases`): it is kept as an empty last segment.
        let trailing = (path.len() > 1 && path.ends_with('/')).then_some("");
        for piece in pieces.into_iter().chain(trailing) {
            if piece.is_empty() {
                segments.push(Segment::Literal(String::new()));
                continue;
            }
            if !piece.contains('{') {
                segments.push(Segment::Literal(piece.to_string()));
                continue;
            }
            let mut parts = Vec::new();
            let mut rest = piece;
            while let Some(open) = rest.find('{') {
                if open > 0 {
                    parts.push(SegmentPart::Literal(rest[..open].to_string()));
                }
                let close = rest[open..].find('}').map(|c| c + open).ok_or_else(|| {
                    self.error_at(
                        &place.pointer,
                        format!("the path `{path}` has a `{{` without a matching `}}`"),
                    )
                })?;
                let name = &rest[open + 1..close];
                let index = params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name).ok_or_else(|| {
                    self.error_at(&place.pointer, format!("the path `{path}` uses `{{{name}}}`, but no path parameter `{name}` is declared"))
                        .with_hint(format!("add a parameter with `name: {name}` and `in: path` to the operation or the path item"))
                })?;
                used.push(index);
                parts.push(SegmentPart::Param(index));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                parts.push(SegmentPart::Literal(rest.to_string()));
            }
            segments.push(Segment::Template(parts));
        }
        if let Some(unused) = params
            .iter()
            .enumerate()
            .find(|(i, p)| p.location == ParamLocation::Path && !used.contains(i))
        {
            return Err(self.error_at(
                &place.pointer,
                format!(
                    "the path parameter `{}` is declared but the path `{path}` has no `{{{}}}`",
                    unused.1.wire_name, unused.1.wire_name
                ),
            ));
        }
        Ok(segments)
    }

    fn body(
        &mut self,
        place: &Place,
        op: &Value,
        builder_name: &str,
        offered: &mut Offered,
    ) -> Result<Option<Body>, Diagnostic> {
        let Some(body) = op.get("requestBody") else { return Ok(None) };
        let body_place =
            Place { doc: place.doc, pointer: format!("{}/requestBody", place.pointer) };
        let (body_place, body) = self.docs.deref(body_place, body)?;
        let Some(content) = self.content(&body_place, body)? else { return Ok(None) };
        offered.add_media_types(content.map);
        let Some(media_type) = media::choose(content.media_types(), self.api_version.as_deref())
        else {
            return Ok(None);
        };
        let media = content.media(self.docs, media_type)?;
        let (schema_place, schema) = media.schema();
        // JSON and form bodies are typed by their schema; anything else is sent as bytes.
        let typed = media::is_json(media_type)
            || media::is_form(media_type)
            || media::is_multipart(media_type);
        let ty = match schema {
            Some(schema) if typed => {
                self.types.value_type(&schema_place, schema, &format!("{builder_name}Body"))?
            }
            None if typed => ValueType::new(Kind::Any),
            Some(schema) => {
                if self.describes_structure(&schema_place, schema) {
                    self.types.report.push(Diagnostic::degraded(self.docs.path(schema_place.doc), &schema_place.pointer, format!("the `{media_type}` body of `{builder_name}` describes structured data the client does not write in that media type; the builder takes the body's bytes as the caller encodes them")));
                }
                // `format: byte` says the bytes are base64 text (what examples must send).
                let mut ty = ValueType::new(Kind::Bytes);
                ty.format = schema.get("format").and_then(Value::as_str).map(str::to_string);
                ty
            }
            None => ValueType::new(Kind::Bytes),
        };
        let wire = match ty.kind {
            Kind::Bytes => BodyWire::Bytes,
            _ if media::is_form(media_type) => BodyWire::Form,
            _ if media::is_multipart(media_type) => BodyWire::Multipart,
            _ => BodyWire::Json,
        };
        let encodings = self.encodings(&media.place, media.value);
        let scalar = match (&ty.kind, schema) {
            (Kind::Bytes, Some(schema)) => self.scalar(&schema_place, schema, builder_name)?,
            _ => None,
        };
        let text = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
            _ => None,
        };
        let example = media
            .value
            .get("example")
            .or_else(|| schema.and_then(|s| s.get("example")))
            .and_then(text);
        Ok(Some(Body {
            media_type: media_type.to_string(),
            required: body.get("required").and_then(Value::as_bool).unwrap_or(false),
            ty,
            doc: description(body),
            wire,
            encodings,
            // The command line's field flags and a multipart body's parts are planned once
            // every type is known.
            flags: Vec::new(),
            parts: Vec::new(),
            scalar,
            example,
        }))
    }

    /// The type of a raw body's schema when it is a scalar (a boolean, a number, text that is
    /// not binary, no enum); examples send the text of a value of it.
    fn scalar(
        &mut self,
        place: &Place,
        schema: &Value,
        builder_name: &str,
    ) -> Result<Option<ValueType>, Diagnostic> {
        let Ok((_, resolved)) = self.docs.deref(place.clone(), schema) else { return Ok(None) };
        let scalar = matches!(
            resolved.get("type").and_then(Value::as_str),
            Some("boolean" | "integer" | "number" | "string")
        ) && resolved.get("enum").is_none()
            && resolved.get("format").and_then(Value::as_str) != Some("binary");
        if !scalar {
            return Ok(None);
        }
        let ty = self.types.value_type(place, schema, &format!("{builder_name}Body"))?;
        Ok(Some(ty))
    }

    /// The first streaming media type a success response offers, with the type of its events.
    fn event_stream(
        &mut self,
        content: &Content<'_>,
        builder_name: &str,
    ) -> Result<Option<EventStream>, Diagnostic> {
        let Some((media_type, format)) =
            content.media_types().find_map(|m| media::stream_format(m).map(|format| (m, format)))
        else {
            return Ok(None);
        };
        let item = match content.media(self.docs, media_type)?.schema() {
            (place, Some(schema)) => {
                self.types.value_type(&place, schema, &format!("{builder_name}Event"))?
            }
            (_, None) => ValueType::new(Kind::Any),
        };
        Ok(Some(EventStream { media_type: media_type.to_string(), format, item }))
    }

    /// The Encoding Object of a form or multipart media type: per property its `style`,
    /// `explode` (exploded by default for `form`), `allowReserved` and `contentType`. A style
    /// the query does not allow is degraded to `form`.
    fn encodings(&mut self, place: &Place, media: &Value) -> Vec<PropertyEncoding> {
        let Some(entries) = media.get("encoding").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (property, entry) in entries {
            let style = match entry.get("style").and_then(Value::as_str) {
                None => Style::Form,
                Some(name) => Style::parse(name, ParamLocation::Query).unwrap_or_else(|| {
                    let pointer = format!("{}/style", push_pointer(&format!("{}/encoding", place.pointer), property));
                    self.types.report.push(Diagnostic::degraded(self.docs.path(place.doc), &pointer, format!("the encoding style `{name}` of the body property `{property}` is not one a form allows; it is written in the `form` style")));
                    Style::Form
                }),
            };
            out.push(PropertyEncoding {
                property: property.clone(),
                style,
                explode: entry
                    .get("explode")
                    .and_then(Value::as_bool)
                    .unwrap_or(style == Style::Form),
                allow_reserved: entry
                    .get("allowReserved")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                content_type: entry.get("contentType").and_then(Value::as_str).map(str::to_string),
            });
        }
        out
    }

    fn responses(
        &mut self,
        place: &Place,
        op: &Value,
        builder_name: &str,
        offered: &mut Offered,
    ) -> Result<Success, Diagnostic> {
        let mut success = Success {
            status: 200,
            media_type: None,
            body: SuccessBody::Empty,
            nullable: false,
            stream: None,
        };
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return Ok(success);
        };
        let mut success_found = false;
        for (code, response) in responses {
            let response_place = Place {
                doc: place.doc,
                pointer: push_pointer(&format!("{}/responses", place.pointer), code),
            };
            let (response_place, response) = self.docs.deref(response_place, response)?;
            let content = self.content(&response_place, response)?;
            offered.statuses.push(code.clone());
            if let (true, Some(content)) = (code.starts_with('2'), &content) {
                offered.add_media_types(content.map);
            }
            let status = parse_status(code);
            let is_success = matches!(status, Some(200..=299)) || code.eq_ignore_ascii_case("2XX");
            if is_success && !success_found {
                success_found = true;
                success.status = status.unwrap_or(200);
                let Some(content) = content else { continue };
                let Some(media_type) =
                    media::choose(content.media_types(), self.api_version.as_deref())
                else {
                    continue;
                };
                success.media_type = Some(media_type.to_string());
                let (schema_place, schema) = content.media(self.docs, media_type)?.schema();
                success.body = match schema {
                    Some(schema) if media::is_json(media_type) => {
                        // A `$ref` cycle is typed (and noted) as any JSON value below.
                        let target = self.docs.deref(schema_place.clone(), schema).ok();
                        success.nullable = allows_null(schema)
                            || target.is_some_and(|(_, target)| allows_null(target));
                        SuccessBody::Json(self.types.value_type_allowing_null(
                            &schema_place,
                            schema,
                            &format!("{builder_name}Response"),
                        )?)
                    }
                    Some(_) | None if media::is_text(media_type) => SuccessBody::Text,
                    Some(schema) => {
                        let stream = media::stream_format(media_type).is_some();
                        if !stream && self.describes_structure(&schema_place, schema) {
                            self.types.report.push(Diagnostic::degraded(self.docs.path(schema_place.doc), &schema_place.pointer, format!("the `{media_type}` reply of `{builder_name}` describes structured data the client does not read in that media type; `send` returns the reply's bytes")));
                        }
                        SuccessBody::Bytes
                    }
                    None => SuccessBody::Empty,
                };
                success.stream = self.event_stream(&content, builder_name)?;
            } else if !is_success
                && (status.is_some_and(|s| s >= 400) || code == "default" || code.ends_with("XX"))
            {
                let Some(content) = content else { continue };
                let Some(media_type) = content.media_types().find(|m| media::is_json(m)) else {
                    continue;
                };
                let (schema_place, schema) = content.media(self.docs, media_type)?.schema();
                let Some(schema) = schema else { continue };
                let ty = self.types.value_type(&schema_place, schema, "ErrorBody")?;
                match self.error_schemas.iter_mut().find(|(known, _)| *known == ty) {
                    Some((_, count)) => *count += 1,
                    None => self.error_schemas.push((ty, 1)),
                }
            }
        }
        Ok(success)
    }
}

impl<'d> OperationBuilder<'d, '_> {
    /// The `content` of a body, response or parameter, with a note when it is given by
    /// reference.
    fn content<'v>(
        &mut self,
        owner_place: &Place,
        owner: &'v Value,
    ) -> Result<Option<Content<'v>>, Diagnostic>
    where
        'd: 'v,
    {
        let content = Content::of(self.docs, owner_place, owner)?;
        if let Some(note) = content.as_ref().and_then(|c| c.note(self.docs)) {
            self.types.report.push(note);
        }
        Ok(content)
    }

    /// Whether a schema describes more than bytes or text (an object, an array, a
    /// composition), so that sending or returning it as raw bytes loses its type.
    fn describes_structure(&self, place: &Place, schema: &Value) -> bool {
        let Ok((_, schema)) = self.docs.deref(place.clone(), schema) else { return false };
        let keyed = ["properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties"];
        let typed = match schema.get("type") {
            Some(Value::String(t)) => t == "object" || t == "array",
            Some(Value::Array(types)) => {
                types.iter().any(|t| t.as_str().is_some_and(|t| t == "object" || t == "array"))
            }
            _ => false,
        };
        typed || keyed.iter().any(|key| schema.get(*key).is_some())
    }
}

/// The operation ids `x-replaced-by` names: one as a string, or several as a list.
fn replaced_by(op: &Value) -> Vec<String> {
    match op.get("x-replaced-by") {
        Some(Value::String(id)) => vec![id.trim().to_string()],
        Some(Value::Array(ids)) => {
            ids.iter().filter_map(Value::as_str).map(|id| id.trim().to_string()).collect()
        }
        _ => Vec::new(),
    }
}

fn parse_status(code: &str) -> Option<u16> {
    code.parse().ok()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// What an operation offers, gathered while its body and responses are read: the media
/// types of the request body and success responses, and every status code (for diffs).
#[derive(Default)]
struct Offered {
    media_types: Vec<String>,
    statuses: Vec<String>,
}

impl Offered {
    fn add_media_types(&mut self, content: &serde_json::Map<String, Value>) {
        for media_type in content.keys() {
            if !self.media_types.contains(media_type) {
                self.media_types.push(media_type.clone());
            }
        }
    }
}

/// A schema that allows `null` itself: 3.0's `nullable: true`, 3.1's `type` list with
/// `"null"`.
fn allows_null(schema: &Value) -> bool {
    super::types::null_choice(schema)
        || schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "null"))
}

/// The scheme names of an operation's own `security` (each requirement's, in order, once).
fn own_security(op: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let requirements = op.get("security").and_then(Value::as_array).map(Vec::as_slice);
    for requirement in requirements.unwrap_or_default() {
        for name in requirement.as_object().into_iter().flat_map(|r| r.keys()) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}
