//! Rust names for OpenAPI names: case conversion with `heck`, keywords escaped, leading
//! digits and symbols made valid, collisions resolved deterministically.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

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
    "send_json",
    "send_once",
    "send_stream",
];

/// Splits on anything that is not alphanumeric so that `heck` sees word boundaries, and
/// keeps a non-empty result.
fn words(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
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
