//! Loading: read a YAML or JSON file into one `serde_json::Value` tree, with positions in
//! every parse error.

use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::diagnostic::{push_pointer, Diagnostic, Location};

/// Reads and parses one document. YAML is a superset of JSON, but JSON text goes through
/// `serde_json` so that its errors carry the positions a JSON user expects. What had to be
/// approximated (numbers beyond 64 bits) is dropped: see [`load_document_noting`].
pub fn load_document(path: &Path) -> Result<Value, Diagnostic> {
    load_document_noting(path, &mut Vec::new())
}

/// [`load_document`], adding what had to be approximated to `notes` as degraded.
pub fn load_document_noting(path: &Path, notes: &mut Vec<Diagnostic>) -> Result<Value, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(path, Location::Document, format!("cannot read the file: {e}"))
    })?;
    parse_document_noting(path, &bytes, notes)
}

/// Parses the bytes of a document named `path` (used only in messages).
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Value, Diagnostic> {
    parse_document_noting(path, bytes, &mut Vec::new())
}

/// [`parse_document`], adding what had to be approximated to `notes`.
pub fn parse_document_noting(
    path: &Path,
    bytes: &[u8],
    notes: &mut Vec<Diagnostic>,
) -> Result<Value, Diagnostic> {
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            path,
            Location::Document,
            "the file is binary (it contains NUL bytes), not YAML or JSON",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        Diagnostic::error(
            path,
            Location::LineColumn { line, column },
            "the file is not valid UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, Location::Document, "the file is empty").with_hint(
            "an OpenAPI document starts with `openapi: 3.0.3` (or 3.1.x) and an `info` section",
        ));
    }
    let looks_like_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    if looks_like_json {
        serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(
                path,
                Location::LineColumn { line: e.line(), column: e.column() },
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
        })
    } else {
        // Straight into the JSON model: serde_json asks for map keys as strings, and
        // serde_yaml then gives the text of non-string keys (an unquoted `200:`).
        let mut rounded = Vec::new();
        let value = parse_yaml_lenient(text, &mut rounded).map_err(|e| {
            let location = match e.location() {
                Some(at) => Location::LineColumn { line: at.line(), column: at.column() },
                None => Location::Document,
            };
            Diagnostic::error(
                path,
                location,
                format!("invalid YAML: {}", strip_position(&e.to_string())),
            )
        })?;
        for Rounded { pointer, written, nearest } in rounded {
            notes.push(Diagnostic::degraded(path, &pointer, format!("the number {written} does not fit in 64 bits; it is read as the nearest 64-bit float, {nearest:?}")));
        }
        Ok(value)
    }
}

/// Removes the " at line X column Y" tail that parsers append, since the location is
/// printed in front of the message already.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let column = prefix.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Checks that the document declares an OpenAPI version this generator understands.
pub fn check_version(path: &Path, document: &Value) -> Result<(), Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(Diagnostic::error(path, Location::Document, "the document is not a mapping (an OpenAPI document is an object with `openapi`, `info` and `paths`)"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Diagnostic::error(
            path,
            Location::Pointer("/swagger".into()),
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported",
                display_scalar(swagger)
            ),
        )
        .with_hint("convert it first, for example with swagger2openapi"));
    }
    match object.get("openapi") {
        None => Err(Diagnostic::error(path, Location::Document, "the `openapi` field is missing")
            .with_hint("add `openapi: 3.0.3` at the top")),
        Some(Value::String(v))
            if v.starts_with("3.0.") || v.starts_with("3.1.") || v == "3.0" || v == "3.1" =>
        {
            Ok(())
        }
        Some(other) => Err(Diagnostic::error(
            path,
            Location::Pointer("/openapi".into()),
            format!(
                "unsupported OpenAPI version {}; expected 3.0.x or 3.1.x",
                display_scalar(other)
            ),
        )),
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// Parses YAML into the JSON model without refusing numbers that do not fit in 64 bits:
/// `serde_json::Value` has no 128-bit integers, so such a number (often a float that a JSON
/// tool printed as an integer, `minimum: -9223372036854776000`) is kept as the nearest `f64`
/// and noted, with its JSON pointer, as a degraded construct.
fn parse_yaml_lenient(text: &str, rounded: &mut Vec<Rounded>) -> Result<Value, serde_yaml::Error> {
    let notes = std::cell::RefCell::new(Vec::new());
    let value = LenientValue { at: Step::Root, rounded: &notes }
        .deserialize(serde_yaml::Deserializer::from_str(text))?;
    rounded.extend(notes.into_inner());
    Ok(value)
}

/// A number kept as the nearest `f64`: where, as written, and what it became.
struct Rounded {
    pointer: String,
    written: String,
    nearest: f64,
}

/// A `serde_json::Value` seed that knows where it is (for the notes on rounded numbers).
struct LenientValue<'p, 'n> {
    at: Step<'p>,
    rounded: &'n std::cell::RefCell<Vec<Rounded>>,
}

/// Where a value is: its key or index and its parent's place. Its JSON pointer is written
/// only for a note; writing one for every node was a sixth of loading a large document.
#[derive(Clone, Copy)]
enum Step<'p> {
    Root,
    Key(&'p str, &'p Step<'p>),
    Index(usize, &'p Step<'p>),
}

impl Step<'_> {
    fn pointer(&self) -> String {
        match self {
            Step::Root => String::new(),
            Step::Key(key, parent) => push_pointer(&parent.pointer(), key),
            Step::Index(index, parent) => format!("{}/{index}", parent.pointer()),
        }
    }
}

impl LenientValue<'_, '_> {
    fn wide(self, written: String, nearest: f64) -> Value {
        let value = serde_json::Number::from_f64(nearest).map_or(Value::Null, Value::Number);
        let pointer = self.at.pointer();
        self.rounded.borrow_mut().push(Rounded { pointer, written, nearest });
        value
    }
}

impl<'de> DeserializeSeed<'de> for LenientValue<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LenientValue<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(small) => Value::from(small),
            Err(_) => self.wide(v.to_string(), v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::from(small),
            Err(_) => self.wide(v.to_string(), v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // YAML's `.inf` and `.nan` have no JSON form.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(LenientValue {
            at: Step::Index(items.len(), &self.at),
            rounded: self.rounded,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        // Keys are asked for as strings: serde_yaml then gives the text of non-string keys
        // (an unquoted `200:`).
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientValue {
                at: Step::Key(&key, &self.at),
                rounded: self.rounded,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_beyond_64_bits_load_rounded_and_noted_at_their_pointer() {
        let text = b"openapi: 3.1.0\nschemas:\n  Big:\n    minimum: -9223372036854776000\n    maximum: 340282366920938463463374607431768211455\n    enum: [1, 18446744073709551616]\n    small: 9223372036854775807\n";
        let mut notes = Vec::new();
        let value = parse_document_noting(Path::new("big.yaml"), text, &mut notes).unwrap();
        assert_eq!(
            value.pointer("/schemas/Big/minimum").and_then(Value::as_f64),
            Some(-9.223372036854776e18)
        );
        assert_eq!(
            value.pointer("/schemas/Big/maximum").and_then(Value::as_f64),
            Some(3.402823669209385e38)
        );
        assert_eq!(
            value.pointer("/schemas/Big/enum/1").and_then(Value::as_f64),
            Some(1.8446744073709552e19)
        );
        assert_eq!(value.pointer("/schemas/Big/small").and_then(Value::as_i64), Some(i64::MAX));
        let places: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        assert_eq!(places.len(), 3, "{places:?}");
        assert!(places[0].starts_with("degraded: big.yaml#/schemas/Big/minimum: the number -9223372036854776000 does not fit in 64 bits"), "{places:?}");
        assert!(
            places[2].contains("big.yaml#/schemas/Big/enum/1: the number 18446744073709551616"),
            "{places:?}"
        );
    }

    #[test]
    fn yaml_keys_and_scalars_read_as_before() {
        let value =
            parse_document(Path::new("a.yaml"), b"200: ok\nlist: [1, 2.5, true, null, text]\n")
                .unwrap();
        assert_eq!(value, serde_json::json!({"200": "ok", "list": [1, 2.5, true, null, "text"]}));
    }
}
