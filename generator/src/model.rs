//! The intermediate model: what the emitters need to know about an API, with every OpenAPI
//! detail (references, parameter locations, media types) already decided.

use serde_json::Value;

pub use crate::names::{OperationNames, RustIdent};

/// Index of a [`TypeDef`] in [`Api::types`].
pub type TypeId = usize;

/// A whole API.
#[derive(Debug, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, used as the client's default base URL.
    pub default_base_url: Option<String>,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    pub security: Vec<SecurityScheme>,
    /// The schema most error responses use, decoded into the typed API error.
    pub error_type: Option<ValueType>,
    /// The top-level `tags` with their descriptions, in the spec's order.
    pub tags: Vec<(String, Option<String>)>,
    /// Every distinct `pattern` of the document with the name of its static in `patterns.rs`;
    /// the crate compiles those its checks use.
    pub patterns: Vec<PatternSource>,
    /// With `--features-per-tag`: the cargo feature of each operation and type.
    pub tag_features: Option<TagFeatures>,
}

/// `--features-per-tag`: the crate's tag features and what each compiles.
#[derive(Clone, Debug)]
pub struct TagFeatures {
    /// Every tag's feature, sorted (they are all in `full`).
    pub names: Vec<String>,
    /// Each operation's feature, by operation index.
    pub operations: Vec<String>,
    /// Each type's gate, by type id.
    pub types: Vec<Gate>,
}

/// Which features compile an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Whatever features are on.
    Always,
    /// Any of these; none means only `full` (a type no operation reaches).
    Features(Vec<String>),
}

/// One distinct pattern of the document and the name of its static in `patterns.rs`.
#[derive(Clone, Debug)]
pub struct PatternSource {
    pub source: String,
    /// It needs the backtracking engine (look-around, back-references).
    pub backtracking: bool,
    /// Named after its users (`ID` for `orgId` and `groupId`, `COUNTRY` for a `country`
    /// field), so a name says what the pattern is for and does not move when patterns are
    /// added elsewhere.
    pub name: String,
}

impl Api {
    /// Whether a value of this type has something to check before it is sent.
    pub fn has_checks(&self, ty: &ValueType) -> bool {
        if !ty.checks.is_empty() {
            return true;
        }
        match &ty.kind {
            Kind::Array(inner) | Kind::Map(inner) => self.has_checks(inner),
            Kind::Named(id) => self.types[*id].validated,
            _ => false,
        }
    }

    /// A named type that is not a string enum (an object, union or alias): as a parameter it
    /// travels as JSON text or through the style writer, not through `ToParam`.
    pub fn takes_json(&self, kind: &Kind) -> bool {
        matches!(kind, Kind::Named(id) if !matches!(self.types[*id].body, TypeBody::Enum { .. }))
    }
}

/// A value's Rust type together with the checks the client runs on it before sending.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueType {
    pub kind: Kind,
    pub checks: Checks,
    /// The schema's `format` of a text or bytes value the Rust type does not carry (`uri`,
    /// `byte`, `hostname`): not checked, but what an example value must look like.
    pub format: Option<String>,
}

impl ValueType {
    pub fn new(kind: Kind) -> Self {
        ValueType { kind, checks: Checks::default(), format: None }
    }
}

/// The shape of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    String,
    Bool,
    Int32,
    Int64,
    Float,
    Double,
    DateTime,
    Date,
    Uuid,
    /// Raw bytes (`format: binary` bodies, non-JSON responses).
    Bytes,
    /// A binary part of a multipart body: bytes with an optional file name and media type
    /// (the runtime's `FilePart`).
    File,
    /// Any JSON value (free-form objects, schemas without a type).
    Any,
    Array(Box<ValueType>),
    /// A JSON object used as a map from string keys.
    Map(Box<ValueType>),
    Named(TypeId),
}

/// Constraints checked on the client before a request is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checks {
    /// A regular expression the whole value must match (already verified to compile).
    pub pattern: Option<String>,
    /// The pattern uses look-around or back-references, which only a backtracking engine
    /// (`fancy-regex`) can run.
    pub backtracking: bool,
    pub email: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Bounds on the number of items of a list (`minItems`, `maxItems`).
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// No item of a list may equal another (`uniqueItems: true`).
    pub unique_items: bool,
    /// Bounds on the number of entries of a map (`minProperties`, `maxProperties`).
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The bound itself is not allowed (`exclusiveMinimum`, as 3.0's boolean or 3.1's number).
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    /// The allowed values of a numeric `enum` (string enums are Rust enums instead).
    pub one_of: Vec<f64>,
}

impl Checks {
    /// `one_of` as the spec would write it: `1, 5, 60`.
    pub fn one_of_text(&self) -> String {
        self.one_of.iter().map(f64::to_string).collect::<Vec<_>>().join(", ")
    }

    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

/// A named type: a struct, a string enum, or a union.
#[derive(Debug)]
pub struct TypeDef {
    /// The Rust name, unique in the crate.
    pub name: String,
    /// The JSON pointer of the schema it comes from.
    pub origin: String,
    pub doc: Option<String>,
    pub body: TypeBody,
    pub usage: Usage,
    /// It has something to check, directly or through its fields; the types of those that
    /// requests carry get a `Validate` impl.
    pub validated: bool,
    /// A struct's `minProperties`/`maxProperties`: how many of its fields must be set.
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

impl TypeDef {
    /// Whether a struct field is part of the type: `readOnly` fields are left out of types
    /// that are only sent, `writeOnly` ones out of types that are only received.
    pub fn keeps(&self, field: &Field) -> bool {
        let sent_only = self.usage.request && !self.usage.response;
        let received_only = self.usage.response && !self.usage.request;
        !(field.read_only && sent_only || field.write_only && received_only)
    }

    /// The fields the type keeps with their indexes into all its fields.
    pub fn kept_fields_indexed(&self) -> impl Iterator<Item = (usize, &Field)> {
        let fields: &[Field] = match &self.body {
            TypeBody::Struct(fields) => fields,
            _ => &[],
        };
        fields.iter().enumerate().filter(|(_, f)| self.keeps(f))
    }

    /// The fields the type keeps (see [`keeps`](TypeDef::keeps)); none for a non-struct.
    pub fn kept_fields(&self) -> impl Iterator<Item = &Field> {
        let fields: &[Field] = match &self.body {
            TypeBody::Struct(fields) => fields,
            _ => &[],
        };
        fields.iter().filter(|f| self.keeps(f))
    }
}

/// Where a type is reachable from, which decides whether `readOnly` and `writeOnly` fields
/// belong in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
    /// Reachable from a PATCH request body, where an absent field and a `null` one differ.
    pub patch: bool,
}

#[derive(Debug)]
pub enum TypeBody {
    Struct(Vec<Field>),
    /// A string enum; `catch_all` names the variant that keeps values this client does not know.
    Enum {
        values: Vec<EnumValue>,
        catch_all: String,
    },
    /// `oneOf`/`anyOf`: one of several shapes. With a discriminator the named property
    /// picks the variant (and an unknown value is kept); without one, decoding tries each.
    Union {
        variants: Vec<Variant>,
        discriminator: Option<String>,
    },
    /// A named schema that is not an object or an enum: an alias of its value type.
    Alias(ValueType),
}

#[derive(Debug)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: RustIdent,
    pub ty: ValueType,
    /// Its type contains the struct itself inline, so the field is boxed.
    pub boxed: bool,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// Optional, but examples set it: `required` lists the name without describing it (an
    /// optional field of any JSON value, which replies leave out), or the first of a part's
    /// `anyOf` of `required` lists names it.
    pub example_sets: bool,
    pub doc: Option<String>,
    pub default: Option<Value>,
}

#[derive(Debug)]
pub struct EnumValue {
    pub wire: String,
    pub rust_name: String,
}

#[derive(Debug)]
pub struct Variant {
    pub rust_name: String,
    pub ty: ValueType,
    /// Held in a `Box`: a struct (it may contain the union, and unboxed it would make every
    /// value as large as the largest), or a type that contains the union inline.
    pub boxed: bool,
    /// The discriminator value that selects this variant.
    pub tag: Option<String>,
}

/// One HTTP operation.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId` (or one derived from method and path).
    pub id: String,
    /// The method, builder, mock and command-line names.
    pub names: OperationNames,
    pub http_method: String,
    /// The path template as written, such as `/orgs/{orgId}/invites`.
    pub path: String,
    pub segments: Vec<Segment>,
    /// Query pairs written into the path key itself (`/responses?beta=true`, which OpenAPI
    /// path keys may not carry, but documents do to tell two operations apart): sent with
    /// every call, and matched by the mock.
    pub fixed_query: Vec<(String, String)>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecation: Option<Deprecation>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// Extra documentation lines read from vendor extensions, such as required roles.
    pub notes: Vec<String>,
    /// The security schemes the operation's own `security` accepts, by the document's names,
    /// in its order; empty when it has none of its own (the document's apply, through the
    /// client's credentials) or `security: []`.
    pub security: Vec<String>,
    pub pagination: Option<Pagination>,
    /// Every media type the operation offers (request and success response), for diffs.
    pub media_types: Vec<String>,
    /// Every response status code the operation documents, for diffs.
    pub statuses: Vec<String>,
}

/// A list operation paged with `pageNum`/`itemsPerPage` whose reply carries `results` and
/// `totalCount`: its builder also offers a stream over all items.
#[derive(Debug)]
pub struct Pagination {
    /// Index into `params` of the page number parameter.
    pub page_param: usize,
    /// The reply's field holding one page of items, and the items' type.
    pub items_field: String,
    pub items_required: bool,
    pub item_type: ValueType,
    /// The reply's field with the total count, if it has one.
    pub total_field: Option<(String, bool)>,
}

#[derive(Debug)]
pub struct Deprecation {
    pub sunset: Option<String>,
    /// What to use instead, in the order the document names them.
    pub replacements: Vec<Replacement>,
}

impl Deprecation {
    /// The replacements that are operations of the document (indexes into [`Api::operations`]).
    pub fn replacement_operations(&self) -> impl Iterator<Item = usize> + '_ {
        self.replacements.iter().filter_map(|replacement| match replacement {
            Replacement::Operation(index) => Some(*index),
            Replacement::Text(_) => None,
        })
    }
}

/// Something a deprecated operation points its users to.
#[derive(Clone, Debug, PartialEq)]
pub enum Replacement {
    /// An operation of the same document (an index into [`Api::operations`]), named by
    /// `x-replaced-by`.
    Operation(usize),
    /// Prose the document gives instead (`externalDocs`), or an `x-replaced-by` that names
    /// no operation of the document (reported as degraded).
    Text(String),
}

/// One `/`-separated piece of a path template.
#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    Literal(String),
    /// Literal text and parameters mixed, such as `{name}.json`; indexes into `params`.
    Template(Vec<SegmentPart>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SegmentPart {
    Literal(String),
    Param(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    /// The name the specification uses (`in: query`).
    pub fn name(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

#[derive(Debug)]
pub struct Param {
    pub wire_name: String,
    /// The setter, and the builder's field.
    pub rust_name: RustIdent,
    /// The local variable a required value is bound to in the builder's `prepare`, which
    /// never takes a name that code uses itself (`request`, `value`, the check helpers).
    pub local: RustIdent,
    /// The command line's flag, unique among the operation's flags, and how it is read.
    pub flag: String,
    pub flag_input: FlagInput,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: ValueType,
    pub doc: Option<String>,
    pub default: Option<Value>,
    /// An example value from the spec, for documentation.
    pub example: Option<String>,
    pub deprecated: bool,
    /// How the value is written into the URL or header.
    pub serialization: Serialization,
    /// How the builder, the mock and the command line put it on the wire: decided from the
    /// above once, in the build stage.
    pub wire: ParamWire,
}

impl Param {
    /// Text is taken as `impl Into<String>` and written as it is; other scalars go through
    /// `ToParam`.
    pub fn is_text(&self) -> bool {
        self.ty.kind == Kind::String
    }
}

/// How a parameter reaches the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamWire {
    /// A plain scalar in a path segment (whole or part of one), as text.
    PathScalar,
    /// A plain scalar query value, `name=value`.
    QueryScalar,
    /// A list of plain scalars in the default query style: `name=a&name=b`.
    QueryList,
    /// A plain scalar header.
    HeaderScalar,
    /// Through the runtime's style writer: lists outside the query, objects, maps, unions,
    /// any non-default `style`/`explode`/`allowReserved`, or `content` (JSON text).
    Styled,
    /// A boolean query flag that asks the server to wrap its reply in an envelope, which the
    /// client then unwraps so callers always get the documented payload (the Atlas
    /// `envelope` parameter, named by an option, never by the emitter).
    Envelope,
}

/// How the command line reads a parameter's value from its flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagInput {
    /// One value, parsed as the parameter's type.
    One,
    /// The flag repeated, each a list item.
    Each,
    /// JSON text: objects, unions and maps.
    Json,
    /// The flag repeated, each item JSON text.
    EachJson,
}

/// A body field that has its own command-line flag (scalars, enums, JSON-valued fields and
/// lists of those, of a struct body).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldFlag {
    /// Index into the body struct's fields.
    pub field: usize,
    pub flag: String,
    pub kind: FieldKind,
    pub list: bool,
}

/// How a body field's flag text becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Integer,
    Number,
    Bool,
    Json,
    /// A file part of a multipart body: `@PATH`, read by the command line.
    File,
}

impl FieldKind {
    /// The variant's name in the command line's runtime (`FieldKind::Text`).
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "Text",
            FieldKind::Integer => "Integer",
            FieldKind::Number => "Number",
            FieldKind::Bool => "Bool",
            FieldKind::Json => "Json",
            FieldKind::File => "File",
        }
    }
}

/// A parameter's `style`, `explode`, `allowReserved`, or its `content` media type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serialization {
    pub style: Style,
    pub explode: bool,
    pub allow_reserved: bool,
    /// The parameter is described by `content` with this media type instead of a schema;
    /// its value is sent as JSON text.
    pub content: Option<String>,
}

impl Serialization {
    /// What a parameter without `style`, `explode` and `content` gets in `location`.
    pub fn default_for(location: ParamLocation) -> Self {
        let style = match location {
            ParamLocation::Query => Style::Form,
            ParamLocation::Path | ParamLocation::Header => Style::Simple,
        };
        Serialization { style, explode: style == Style::Form, allow_reserved: false, content: None }
    }
}

/// OpenAPI's parameter styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

impl Style {
    /// The name the specification uses.
    pub fn name(self) -> &'static str {
        match self {
            Style::Form => "form",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
            Style::Simple => "simple",
            Style::Label => "label",
            Style::Matrix => "matrix",
        }
    }

    /// The style the specification allows in `location`, by name.
    pub fn parse(name: &str, location: ParamLocation) -> Option<Style> {
        let allowed: &[Style] = match location {
            ParamLocation::Query => {
                &[Style::Form, Style::SpaceDelimited, Style::PipeDelimited, Style::DeepObject]
            }
            ParamLocation::Path => &[Style::Simple, Style::Label, Style::Matrix],
            ParamLocation::Header => &[Style::Simple],
        };
        allowed.iter().copied().find(|style| style.name() == name)
    }
}

#[derive(Debug)]
pub struct Body {
    pub media_type: String,
    pub required: bool,
    pub ty: ValueType,
    pub doc: Option<String>,
    /// How the builder attaches it.
    pub wire: BodyWire,
    /// The Encoding Object's entries of a form or multipart body: how named properties are
    /// written when not as the default (`form`, exploded, a text part).
    pub encodings: Vec<PropertyEncoding>,
    /// The body fields the command line has flags for.
    pub flags: Vec<FieldFlag>,
    /// A multipart body's parts, one per property of its struct.
    pub parts: Vec<BodyPart>,
    /// A raw body (sent as the caller's bytes) whose schema is a scalar, such as a
    /// `text/plain` boolean: that scalar's type, so that examples send the text of a value
    /// of it.
    pub scalar: Option<ValueType>,
    /// The document's example of the body (the media type's or the schema's), as text.
    pub example: Option<String>,
}

/// One property of a multipart body and how it becomes a part (or, for a list, parts).
#[derive(Clone, Debug, PartialEq)]
pub struct BodyPart {
    /// Index into the body struct's fields.
    pub field: usize,
    pub kind: PartKind,
    /// A list: one part per item, all with the property's name.
    pub list: bool,
    /// The part's media type from the Encoding Object, if it names one.
    pub content_type: Option<String>,
}

/// What a part holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A scalar as text (`ToParam`).
    Text,
    /// Objects, unions, maps and any JSON: the value's JSON text, `application/json` unless
    /// the encoding says otherwise.
    Json,
    /// A binary value: a `FilePart`.
    File,
}

/// How a request body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyWire {
    /// Serialized as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the typed body's properties as `name=value`
    /// pairs, each by its encoding (the style table of query parameters).
    Form,
    /// `multipart/form-data` (or `multipart/mixed`): one part per property of the typed
    /// body, as [`Body::parts`] says.
    Multipart,
    /// Sent as the bytes given.
    Bytes,
}

/// One property's entry in a body's Encoding Object.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyEncoding {
    pub property: String,
    pub style: Style,
    pub explode: bool,
    pub allow_reserved: bool,
    /// The part's or value's media type (`contentType`); JSON ones are written as JSON text.
    pub content_type: Option<String>,
}

/// What a successful reply carries.
#[derive(Debug)]
pub struct Success {
    pub status: u16,
    /// The media type to send in `Accept` (and expect back).
    pub media_type: Option<String>,
    pub body: SuccessBody,
    /// The JSON reply's schema allows `null` itself (`nullable: true`, `type: [array,
    /// "null"]`): `send` returns an `Option`.
    pub nullable: bool,
    /// A streaming reply the operation also (or only) offers: `send_events` asks for it and
    /// yields its events as they arrive.
    pub stream: Option<EventStream>,
}

/// A reply that arrives as a stream of events, each decoded as `item` when it is JSON.
#[derive(Debug)]
pub struct EventStream {
    pub media_type: String,
    pub format: StreamFormat,
    pub item: ValueType,
}

/// How a stream is cut into events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamFormat {
    /// `text/event-stream`, by the WHATWG rules (`data`, `event`, `id`, `retry`, comments).
    ServerSentEvents,
    /// `application/x-ndjson`, `application/jsonl`: one JSON value per line.
    JsonLines,
}

// One per operation, matched in many places: a box would add only indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum SuccessBody {
    /// No body (204, or a media type without a schema).
    Empty,
    Json(ValueType),
    /// `text/plain`: returned as a `String`.
    Text,
    /// Anything else: returned as bytes.
    Bytes,
}

/// An authentication scheme from `components.securitySchemes`.
#[derive(Debug)]
pub enum SecurityScheme {
    HttpDigest { name: String },
    HttpBasic { name: String },
    HttpBearer { name: String },
    OAuth2ClientCredentials { name: String, token_url: String },
    ApiKey { name: String, header: String },
}

impl SecurityScheme {
    /// Its name in `components/securitySchemes`.
    pub fn name(&self) -> &str {
        match self {
            SecurityScheme::HttpDigest { name }
            | SecurityScheme::HttpBasic { name }
            | SecurityScheme::HttpBearer { name }
            | SecurityScheme::OAuth2ClientCredentials { name, .. }
            | SecurityScheme::ApiKey { name, .. } => name,
        }
    }
}
