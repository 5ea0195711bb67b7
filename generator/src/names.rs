//! Rust names for OpenAPI names: case conversion with `heck`, keywords escaped, leading
//! digits and symbols made valid, collisions resolved deterministically.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be raw identifiers (`r#self` is invalid), so they get a suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type and trait names the generated modules use unqualified: the prelude's and the
/// runtime's. A schema or operation named `Result` or `Request` takes `Result2` instead, so
/// that it cannot shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    // The prelude and the derives.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    // serde, and the runtime's items imported or exported by name.
    "Serialize",
    "Deserialize",
    "Key",
    "ByteStream",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "ErrorBody",
    "ErrorResponse",
    "Headers",
    "InvalidInput",
    "Pattern",
    "Pending",
    "Response",
    "RetryPolicy",
    "ToParam",
    "Validate",
    "Request",
    "Method",
    "Style",
];

/// The runtime's items that `operations.rs` imports or the crate root exports beside the
/// builders, only for APIs that use them (form and multipart bodies, streaming replies): a
/// builder never takes their names. (Model types live in `types` and never meet them.)
pub const RESERVED_BUILDER_NAMES: &[&str] =
    &["Encoding", "Multipart", "FilePart", "Event", "EventData", "EventStream"];

/// Names `cli/operations.rs` defines or imports itself: an operation's function there takes
/// another.
pub const RESERVED_CLI_FUNCTIONS: &[&str] = &["call", "types"];

/// Methods of the runtime's `Client`: an operation's method takes another name.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "clone",
    "execute",
    "execute_with_retries",
    "fmt",
    "send_authenticated",
    "send_bytes",
    "send_empty",
    "send_events",
    "send_json",
    "send_once",
    "send_stream",
    "send_text",
];

/// A Rust identifier as code writes it: `org_id`, or `r#type` for a keyword. Made once, in
/// the build stage, by [`Scope::claim`]; emitters read [`bare`](RustIdent::bare) where a name
/// is shown without the raw prefix (docs, `expect_` methods, spec-diff paths) and never make
/// or mend one themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustIdent(String);

impl RustIdent {
    /// The identifier without the raw prefix: `type` for `r#type`.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }
}

impl std::ops::Deref for RustIdent {
    type Target = str;

    /// The identifier as code writes it (`r#type`).
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RustIdent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for RustIdent {
    fn from(name: String) -> Self {
        RustIdent(name)
    }
}

/// Every name an operation has in the generated crate, decided together in the build stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationNames {
    /// The `Client` method, snake case, unique among the client's methods.
    pub method: RustIdent,
    /// The builder struct, upper camel case, unique among the crate's types.
    pub builder: String,
    /// The mock server's method (`expect_get_org_user`) and its expectation type
    /// (`ExpectGetOrgUser`).
    pub expect_method: String,
    pub expectation: String,
    /// The command line's group (the first tag, kebab case) and subcommand (the operationId,
    /// kebab case).
    pub group: String,
    pub command: String,
    /// The command line's function that calls the operation: the method's name unless the
    /// module has that name already ([`RESERVED_CLI_FUNCTIONS`]).
    pub cli_function: RustIdent,
}

impl OperationNames {
    /// The names of the operation `id` whose method, builder and command-line function names
    /// are already claimed (each unique in its own scope).
    pub fn new(
        id: &str,
        method: RustIdent,
        builder: String,
        cli_function: RustIdent,
        first_tag: Option<&str>,
    ) -> Self {
        OperationNames {
            expect_method: format!("expect_{}", method.bare()),
            expectation: format!("Expect{builder}"),
            group: cli_group(first_tag),
            command: id.to_kebab_case(),
            cli_function,
            method,
            builder,
        }
    }
}

/// The command-line group of operations whose first tag is `tag`: kebab case, `other`
/// without a tag.
pub fn cli_group(tag: Option<&str>) -> String {
    tag.map(|t| t.to_kebab_case()).unwrap_or_else(|| "other".to_string())
}

/// Flags of the generated command line itself, which parameters and body fields must not take.
pub const RESERVED_FLAGS: &[&str] = &["help", "version", "base-url", "pretty", "file"];

/// Hands out an operation's command-line flags: the wire name in kebab case, or with a
/// prefix naming what it sets (`param-`, `body-`) when taken, then numbered.
pub struct FlagScope {
    taken: BTreeSet<String>,
}

impl Default for FlagScope {
    fn default() -> Self {
        FlagScope { taken: RESERVED_FLAGS.iter().map(|s| s.to_string()).collect() }
    }
}

impl FlagScope {
    pub fn claim(&mut self, wire: &str, prefix: &str) -> String {
        let wanted = wire.to_kebab_case();
        let mut name =
            if self.taken.contains(&wanted) { format!("{prefix}-{wanted}") } else { wanted };
        let base = name.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Names the code of a builder's `prepare` uses itself: the request, the helpers it calls,
/// the bindings of its checks. A parameter's local variable there never takes one (its
/// setter keeps its name). The list belongs to the code `emit/operations.rs` writes.
pub const PREPARE_NAMES: &[&str] = &[
    "request",
    "required",
    "value",
    "item",
    "index",
    "key",
    "body",
    "check_email",
    "check_entries",
    "check_items",
    "check_length",
    "check_one_of",
    "check_pattern",
    "check_range",
    "check_unique",
    "encode_segment",
    "path_text",
    "query_text",
    "header_text",
    "json_text",
];

/// Splits on anything that is not alphanumeric so that `heck` sees word boundaries, and
/// keeps a non-empty result. Identifiers stay ASCII: a non-ASCII letter or digit (`½`, `é`)
/// becomes its code point as a word of its own (`u00bd`), which keeps `½` and `¼` apart
/// and never makes an identifier Rust rejects or lints (`uncommon_codepoints`).
fn words(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            cleaned.push(c);
        } else if c.is_alphanumeric() {
            cleaned.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            cleaned.push(' ');
        }
    }
    if cleaned.trim().is_empty() {
        "value".to_string()
    } else {
        cleaned
    }
}

/// A `snake_case` identifier for a field, parameter or method.
pub fn snake(name: &str) -> String {
    let mut out = words(name).to_snake_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
        out.insert(0, 'n');
    }
    escape_keyword(out)
}

/// An `UpperCamelCase` identifier for a type or variant.
pub fn pascal(name: &str) -> String {
    let mut out = words(name).to_upper_camel_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    escape_keyword(out)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names unique within one scope: the second `fooBar` and `foo_bar` become
/// `foo_bar_2`, in the order they are asked for (which follows the document order).
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// [`claim`](Scope::claim) for a field, parameter, method or local variable.
    pub fn claim_ident(&mut self, wanted: String) -> RustIdent {
        RustIdent(self.claim(wanted))
    }

    /// Returns `wanted` or, if taken, `wanted2`, `wanted3`, ... (`_2` for snake case).
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let bare = wanted.trim_start_matches("r#");
        let separator =
            if bare.contains('_') || bare.chars().all(|c| !c.is_uppercase()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{bare}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_escapes() {
        assert_eq!(snake("orgId"), "org_id");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(pascal("ORG_OWNER"), "OrgOwner");
        assert_eq!(pascal("3DES"), "V3des");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(snake("$$"), "value");
    }

    #[test]
    fn non_ascii_stays_apart_and_ascii() {
        assert_eq!(pascal("½½"), "U00bdU00bd");
        assert_eq!(pascal("¼"), "U00bc");
        assert_eq!(snake("café"), "caf_u00e9");
        assert!(pascal("日本").is_ascii());
    }

    #[test]
    fn collisions_get_numbered() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("fooBar")), "foo_bar");
        assert_eq!(scope.claim(snake("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(pascal("Foo")), "Foo");
        assert_eq!(scope.claim(pascal("foo")), "Foo2");
        assert_eq!(scope.claim(snake("type")), "r#type");
        assert_eq!(scope.claim(snake("type")), "type_2");
    }
}
