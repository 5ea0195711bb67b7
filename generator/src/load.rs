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
        let value = parse_yaml_in_parts(text, &mut rounded).map_err(|e| {
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

/// Below this size a document is parsed in one piece: the threads would cost more than
/// they save.
const PARALLEL_ABOVE: usize = 256 * 1024;

/// How many pieces a large document is parsed in, one thread each. Fixed, so the work never
/// depends on the machine (the result never does).
const PARTS: usize = 2;

/// Parses a large YAML document in [`PARTS`] pieces at once, each a run of its top-level
/// keys, and puts their mappings together in order: the YAML parser is the slowest part of
/// loading and runs on one core. The result is the one-piece parse's (keys are cut only
/// where the text says a new top-level key starts); when a piece does not parse on its own
/// (an alias to an anchor in another piece, say), the document is parsed whole, so errors
/// and their lines are the whole document's.
fn parse_yaml_in_parts(text: &str, rounded: &mut Vec<Rounded>) -> Result<Value, serde_yaml::Error> {
    if text.len() > PARALLEL_ABOVE {
        if let Some(value) = parse_pieces(text, rounded) {
            return Ok(value);
        }
    }
    parse_yaml_lenient(text, rounded)
}

/// The document parsed in pieces, or `None` when it cannot be (see [`parse_yaml_in_parts`]).
fn parse_pieces(text: &str, rounded: &mut Vec<Rounded>) -> Option<Value> {
    let pieces = top_level_pieces(text, PARTS)?;
    let parsed: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|piece| {
                scope.spawn(move || {
                    let mut notes = Vec::new();
                    parse_yaml_lenient(piece, &mut notes).map(|value| (value, notes))
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().ok().and_then(Result::ok)).collect()
    });
    let mut whole = serde_json::Map::new();
    let mut notes = Vec::new();
    for parsed in parsed {
        let (Value::Object(map), mut piece_notes) = parsed? else { return None };
        whole.extend(map);
        notes.append(&mut piece_notes);
    }
    rounded.append(&mut notes);
    Some(Value::Object(whole))
}

/// `text` cut into about `parts` pieces of similar size, each starting at a top-level key,
/// or `None` when its top level is not plainly a block mapping of simple keys (directives,
/// document markers, flow collections, explicit keys, tabs: anything where a line at the
/// left margin might not start a new key).
fn top_level_pieces(text: &str, parts: usize) -> Option<Vec<&str>> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match line.as_bytes().first() {
            None | Some(b' ' | b'\n' | b'\r' | b'#') => {}
            // A sequence written at the left margin belongs to the key above it.
            Some(b'-') if line.starts_with("- ") || line.trim_end() == "-" => {}
            Some(first)
                if first.is_ascii_alphanumeric() || matches!(first, b'_' | b'"' | b'\'') =>
            {
                let body = line.trim_end();
                if !(body.ends_with(':') || body.contains(": ")) {
                    return None;
                }
                keys.push(offset);
            }
            _ => return None,
        }
        offset += line.len();
    }
    if keys.len() < 2 {
        return None;
    }
    let mut cuts = vec![0];
    for part in 1..parts {
        let target = text.len() * part / parts;
        // The key nearest the target, after the previous cut.
        let next = keys
            .iter()
            .copied()
            .filter(|&at| at > *cuts.last().unwrap_or(&0))
            .min_by_key(|&at| at.abs_diff(target))?;
        cuts.push(next);
    }
    cuts.push(text.len());
    cuts.dedup();
    Some(cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect())
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

    /// The document parsed in pieces, as the one-piece parse reads it, and its notes.
    fn both_ways(text: &str) -> (Option<Value>, Value, Vec<String>, Vec<String>) {
        let describe = |notes: Vec<Rounded>| -> Vec<String> {
            notes.into_iter().map(|n| format!("{} {}", n.pointer, n.written)).collect()
        };
        let (mut in_pieces, mut whole) = (Vec::new(), Vec::new());
        let pieces = parse_pieces(text, &mut in_pieces);
        let value = parse_yaml_lenient(text, &mut whole).expect("parses whole");
        (pieces, value, describe(in_pieces), describe(whole))
    }

    #[test]
    fn a_document_parsed_in_pieces_reads_as_when_parsed_whole() {
        let text = "# a comment\nopenapi: 3.1.0\ntags:\n- name: a\n-\n  name: b\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      description: |\n        text\n\n        more\n# between\ncomponents:\n  schemas:\n    Big: {minimum: 18446744073709551616, anchored: &one 1, again: *one}\n    List:\n    - 1\n";
        let (pieces, whole, piece_notes, whole_notes) = both_ways(text);
        assert_eq!(pieces.as_ref(), Some(&whole));
        assert_eq!(piece_notes, whole_notes);
        assert_eq!(piece_notes, ["/components/schemas/Big/minimum 18446744073709551616"]);
        assert_eq!(top_level_pieces(text, 2).map(|p| p.len()), Some(2));
    }

    #[test]
    fn a_document_that_cannot_be_cut_is_parsed_whole() {
        // An alias to an anchor in the other piece, document markers, a flow mapping, an
        // explicit key: each is read whole, by the one-piece parse.
        let across = "a: &x {k: 1}\nb: 2\nc: 3\nd: *x\n";
        assert_eq!(both_ways(across).0, None);
        for text in ["---\na: 1\nb: 2\n", "{a: 1,\nb: 2}\n", "? a\n: 1\nb: 2\n", "a: 1\n\tb: 2\n"] {
            assert_eq!(top_level_pieces(text, 2), None, "{text:?}");
        }
        let mut rounded = Vec::new();
        let value = parse_yaml_in_parts(across, &mut rounded).unwrap();
        assert_eq!(value.pointer("/d/k"), Some(&serde_json::json!(1)));
    }

    #[test]
    fn the_upstream_documents_read_the_same_in_pieces() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
        for name in ["atlas-admin-v2.yaml", "atlas-admin-v2-2025-06-30.yaml"] {
            let text = std::fs::read_to_string(dir.join(name))
                .unwrap_or_else(|e| panic!("{name} is needed (../shared/specs/README.md): {e}"));
            let (pieces, whole, piece_notes, whole_notes) = both_ways(&text);
            assert!(pieces.as_ref() == Some(&whole), "{name}: the pieces read differently");
            assert_eq!(piece_notes, whole_notes, "{name}");
        }
    }

    #[test]
    fn yaml_keys_and_scalars_read_as_before() {
        let value =
            parse_document(Path::new("a.yaml"), b"200: ok\nlist: [1, 2.5, true, null, text]\n")
                .unwrap();
        assert_eq!(value, serde_json::json!({"200": "ok", "list": [1, 2.5, true, null, "text"]}));
    }
}
