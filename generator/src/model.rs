//! The intermediate model: what the emitters need to know about an API, with every OpenAPI
//! detail (references, parameter locations, media types) already decided.

use serde_json::Value;

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
}

/// A value's Rust type together with the checks the client runs on it before sending.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueType {
    pub kind: Kind,
    pub checks: Checks,
}

impl ValueType {
    pub fn new(kind: Kind) -> Self {
        ValueType { kind, checks: Checks::default() }
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
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
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
    pub rust_name: String,
    pub ty: ValueType,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
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
    /// The discriminator value that selects this variant.
    pub tag: Option<String>,
}

/// One HTTP operation.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId` (or one derived from method and path).
    pub id: String,
    /// The `Client` method, snake case.
    pub method_name: String,
    /// The builder struct, upper camel case.
    pub builder_name: String,
    pub http_method: String,
    /// The path template as written, such as `/orgs/{orgId}/invites`.
    pub path: String,
    pub segments: Vec<Segment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecation: Option<Deprecation>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// Extra documentation lines read from vendor extensions, such as required roles.
    pub notes: Vec<String>,
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
    pub rust_name: String,
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
}

/// What a successful reply carries.
#[derive(Debug)]
pub struct Success {
    pub status: u16,
    /// The media type to send in `Accept` (and expect back).
    pub media_type: Option<String>,
    pub body: SuccessBody,
}

#[derive(Debug)]
pub enum SuccessBody {
    /// No body (204, or a media type without a schema).
    Empty,
    Json(ValueType),
    /// Anything not JSON: returned as bytes.
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
