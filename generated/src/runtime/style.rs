//! Parameter serialization as OpenAPI defines it: `style`, `explode` and `allowReserved` for
//! lists, objects and maps, and parameters described by `content` (sent as JSON text).
//!
//! Plain scalars do not come here: they take the short path of `ToParam`. Everything else is
//! first turned into JSON, on which the specification's style table is defined, and then
//! written out row by row (the OpenAPI 3.1.1 table, which follows RFC 6570): each value is
//! percent-encoded, the delimiters the style adds are not.

// Which parts are used depends on the API's parameters.
#![allow(dead_code)]

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::error::{Error, InvalidInput};

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `allowReserved`: RFC 3986's reserved characters pass as well, except `#`, which would end
/// the query, and `%`, so that a value's own percent signs stay data.
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// How a parameter is written, from the parameter's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Query: `color=blue,black` or, exploded, `color=blue&color=black`.
    Form,
    /// Query: `color=blue%20black`.
    SpaceDelimited,
    /// Query: `color=blue|black`.
    PipeDelimited,
    /// Query: `color[R]=100&color[G]=200`.
    DeepObject,
    /// Path and header: `blue,black`.
    Simple,
    /// Path: `.blue,black` or, exploded, `.blue.black`.
    Label,
    /// Path: `;color=blue,black` or, exploded, `;color=blue;color=black`.
    Matrix,
}

/// The value as JSON, on which the style table is defined.
pub(crate) fn json<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidInput(InvalidInput { name: name.to_string(), value: None, rule: format!("must serialize to JSON: {e}") }))
}

/// The value as JSON text, for parameters described by `content: application/json`.
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::InvalidInput(InvalidInput { name: name.to_string(), value: None, rule: format!("must serialize to JSON: {e}") }))
}

/// A query parameter's `name=value` pairs, joined with `&`, percent-encoded.
pub(crate) fn query_text<T: serde::Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool, allow_reserved: bool) -> Result<String, Error> {
    Ok(query_pairs(name, &json(name, value)?, style, explode, allow_reserved).join("&"))
}

/// How one property of a form body is written, from the body's Encoding Object; properties
/// without one are written in the `form` style, exploded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Encoding {
    name: &'static str,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    /// `contentType` is JSON: the value is sent as its JSON text.
    json: bool,
}

impl Encoding {
    pub(crate) const fn new(name: &'static str, style: Style, explode: bool, allow_reserved: bool, json: bool) -> Self {
        Encoding { name, style, explode, allow_reserved, json }
    }
}

/// An `application/x-www-form-urlencoded` body: each property of the (object) body as the
/// query style table writes it, `name=value` pairs joined with `&`, in the body's order;
/// absent (`null`) properties are left out.
pub(crate) fn form_text<T: serde::Serialize + ?Sized>(body: &T, encodings: &[Encoding]) -> Result<String, Error> {
    let Value::Object(fields) = json("body", body)? else {
        return Err(Error::InvalidInput(InvalidInput { name: "body".to_string(), value: None, rule: "must be an object to be sent as a form".to_string() }));
    };
    let mut pairs = Vec::new();
    for (name, value) in members(&fields) {
        match encodings.iter().find(|encoding| encoding.name == name) {
            Some(encoding) if encoding.json => pairs.push(format!("{}={}", encode(name, UNRESERVED), encode(&value.to_string(), UNRESERVED))),
            Some(encoding) => pairs.extend(query_pairs(name, value, encoding.style, encoding.explode, encoding.allow_reserved)),
            None => pairs.extend(query_pairs(name, value, Style::Form, true, false)),
        }
    }
    Ok(pairs.join("&"))
}

/// A path parameter's segment, percent-encoded.
pub(crate) fn path_text<T: serde::Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> Result<String, Error> {
    Ok(path_segment(name, &json(name, value)?, style, explode))
}

/// A header parameter's value.
pub(crate) fn header_text<T: serde::Serialize + ?Sized>(name: &str, value: &T, explode: bool) -> Result<String, Error> {
    Ok(header_value(&json(name, value)?, explode))
}

fn encode(text: &str, set: &'static AsciiSet) -> String {
    // One allocation, of the right size when nothing needs encoding (the common case).
    std::borrow::Cow::from(utf8_percent_encode(text, set)).into_owned()
}

/// A scalar's text. A list or object nested inside another has no form in the table and is
/// sent as its JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        nested => nested.to_string(),
    }
}

/// The members of an object, without the absent (`null`) ones.
fn members(object: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    object.iter().filter(|(_, value)| !value.is_null())
}

/// Query: the `name=value` pairs of one parameter, percent-encoded.
pub(crate) fn query_pairs(name: &str, value: &Value, style: Style, explode: bool, allow_reserved: bool) -> Vec<String> {
    let set = if allow_reserved { RESERVED_ALLOWED } else { UNRESERVED };
    let key = encode(name, UNRESERVED);
    let pair = |key: &str, value: &Value| format!("{key}={}", encode(&text(value), set));
    let delimiter = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    let joined = |items: Vec<String>| format!("{key}={}", items.join(delimiter));
    match value {
        Value::Array(items) if explode || style == Style::DeepObject => items.iter().map(|item| pair(&key, item)).collect(),
        Value::Array(items) => vec![joined(items.iter().map(|item| encode(&text(item), set)).collect())],
        Value::Object(object) if style == Style::DeepObject => {
            let mut pairs = Vec::new();
            deep_object(&key, object, set, &mut pairs);
            pairs
        }
        Value::Object(object) if explode => members(object).map(|(k, v)| pair(&encode(k, UNRESERVED), v)).collect(),
        Value::Object(object) => vec![joined(members(object).flat_map(|(k, v)| [encode(k, set), encode(&text(v), set)]).collect())],
        scalar => vec![pair(&key, scalar)],
    }
}

/// `deepObject`: `name[key]=value`, nested objects as further brackets and lists as the
/// same name repeated (the specification leaves both open; this is the common reading).
fn deep_object(prefix: &str, object: &serde_json::Map<String, Value>, set: &'static AsciiSet, pairs: &mut Vec<String>) {
    for (k, v) in members(object) {
        let key = format!("{prefix}[{}]", encode(k, UNRESERVED));
        match v {
            Value::Object(inner) => deep_object(&key, inner, set, pairs),
            Value::Array(items) => pairs.extend(items.iter().map(|item| format!("{key}={}", encode(&text(item), set)))),
            scalar => pairs.push(format!("{key}={}", encode(&text(scalar), set))),
        }
    }
}

/// Path: the segment of one parameter, percent-encoded (`simple`, `label` or `matrix`).
pub(crate) fn path_segment(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let enc = |value: &Value| encode(&text(value), UNRESERVED);
    let name = encode(name, UNRESERVED);
    match style {
        Style::Label => {
            let separator = if explode { "." } else { "," };
            match value {
                Value::Array(items) => format!(".{}", items.iter().map(enc).collect::<Vec<_>>().join(separator)),
                Value::Object(object) => format!(".{}", pairs(object, explode, UNRESERVED).join(separator)),
                scalar => format!(".{}", enc(scalar)),
            }
        }
        Style::Matrix => match value {
            Value::Array(items) if explode => items.iter().map(|item| format!(";{name}={}", enc(item))).collect(),
            Value::Array(items) if items.is_empty() => format!(";{name}"),
            Value::Array(items) => format!(";{name}={}", items.iter().map(enc).collect::<Vec<_>>().join(",")),
            Value::Object(object) if explode => pairs(object, true, UNRESERVED).iter().map(|pair| format!(";{pair}")).collect(),
            Value::Object(object) => format!(";{name}={}", pairs(object, false, UNRESERVED).join(",")),
            Value::Null => format!(";{name}"),
            scalar => format!(";{name}={}", enc(scalar)),
        },
        _ => simple(value, explode, Some(UNRESERVED)),
    }
}

/// Header: `simple`, not percent-encoded (a header value is not part of a URL).
pub(crate) fn header_value(value: &Value, explode: bool) -> String {
    simple(value, explode, None)
}

fn simple(value: &Value, explode: bool, set: Option<&'static AsciiSet>) -> String {
    let enc = |text: String| match set {
        Some(set) => encode(&text, set),
        None => text,
    };
    match value {
        Value::Array(items) => items.iter().map(|item| enc(text(item))).collect::<Vec<_>>().join(","),
        Value::Object(object) => match set {
            Some(set) => pairs(object, explode, set).join(","),
            None => members(object).map(|(k, v)| if explode { format!("{k}={}", text(v)) } else { format!("{k},{}", text(v)) }).collect::<Vec<_>>().join(","),
        },
        scalar => enc(text(scalar)),
    }
}

/// An object's members as `key=value` (exploded) or `key,value`, percent-encoded.
fn pairs(object: &serde_json::Map<String, Value>, explode: bool, set: &'static AsciiSet) -> Vec<String> {
    let separator = if explode { "=" } else { "," };
    members(object).map(|(k, v)| format!("{}{separator}{}", encode(k, set), encode(&text(v), set))).collect()
}

/// A plain path parameter's value, as RFC 6570's simple expansion (`{name}`) writes it:
/// everything but the unreserved characters percent-encoded, so that a value's `,` `;` `=`
/// or `@` stays data instead of reading as a style's delimiter.
pub(crate) fn encode_value(raw: &str) -> String {
    encode(raw, UNRESERVED)
}

/// A path segment written by the client itself: percent-encoded as the `url` crate would for
/// `http` and `https` URLs.
pub(crate) fn encode_segment(raw: &str) -> String {
    const PATH_SEGMENT: &AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'#')
        .add(b'?')
        .add(b'{')
        .add(b'}')
        .add(b'/')
        .add(b'%')
        .add(b'\\');
    encode(raw, PATH_SEGMENT)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The rows of the OpenAPI 3.1.1 style table for `color`: a string, a list and an object.
    fn values() -> (Value, Value, Value) {
        (json!("blue"), json!(["blue", "black", "brown"]), json!({ "R": 100, "G": 200, "B": 150 }))
    }

    #[test]
    fn query_rows() {
        let (string, list, object) = values();
        let q = |value: &Value, style, explode| query_pairs("color", value, style, explode, false).join("&");
        assert_eq!(q(&string, Style::Form, true), "color=blue");
        assert_eq!(q(&list, Style::Form, false), "color=blue,black,brown");
        assert_eq!(q(&list, Style::Form, true), "color=blue&color=black&color=brown");
        assert_eq!(q(&object, Style::Form, false), "color=R,100,G,200,B,150");
        assert_eq!(q(&object, Style::Form, true), "R=100&G=200&B=150");
        assert_eq!(q(&list, Style::SpaceDelimited, false), "color=blue%20black%20brown");
        assert_eq!(q(&object, Style::SpaceDelimited, false), "color=R%20100%20G%20200%20B%20150");
        assert_eq!(q(&list, Style::PipeDelimited, false), "color=blue|black|brown");
        assert_eq!(q(&object, Style::PipeDelimited, false), "color=R|100|G|200|B|150");
        assert_eq!(q(&object, Style::DeepObject, true), "color[R]=100&color[G]=200&color[B]=150");
        assert_eq!(q(&json!([]), Style::Form, false), "color=");
        assert_eq!(q(&json!([]), Style::Form, true), "");
    }

    #[test]
    fn path_rows() {
        let (string, list, object) = values();
        let p = |value: &Value, style, explode| path_segment("color", value, style, explode);
        assert_eq!(p(&string, Style::Simple, false), "blue");
        assert_eq!(p(&list, Style::Simple, false), "blue,black,brown");
        assert_eq!(p(&object, Style::Simple, false), "R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Simple, true), "R=100,G=200,B=150");
        assert_eq!(p(&string, Style::Label, false), ".blue");
        assert_eq!(p(&list, Style::Label, false), ".blue,black,brown");
        assert_eq!(p(&list, Style::Label, true), ".blue.black.brown");
        assert_eq!(p(&object, Style::Label, false), ".R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Label, true), ".R=100.G=200.B=150");
        assert_eq!(p(&string, Style::Matrix, false), ";color=blue");
        assert_eq!(p(&list, Style::Matrix, false), ";color=blue,black,brown");
        assert_eq!(p(&list, Style::Matrix, true), ";color=blue;color=black;color=brown");
        assert_eq!(p(&object, Style::Matrix, false), ";color=R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Matrix, true), ";R=100;G=200;B=150");
    }

    #[test]
    fn values_are_encoded_and_delimiters_are_not() {
        assert_eq!(query_pairs("q", &json!(["a,b", "c d"]), Style::Form, false, false), ["q=a%2Cb,c%20d"]);
        assert_eq!(query_pairs("q", &json!("a/b?c"), Style::Form, true, true), ["q=a/b?c"]);
        assert_eq!(path_segment("p", &json!(["a/b", "c"]), Style::Simple, false), "a%2Fb,c");
        assert_eq!(header_value(&json!({ "a": 1, "b": "x y" }), true), "a=1,b=x y");
        assert_eq!(encode_segment("a b/c%"), "a%20b%2Fc%25");
        assert_eq!(encode_value("CN=Dylan Bloggs,OU=x@y;z:1"), "CN%3DDylan%20Bloggs%2COU%3Dx%40y%3Bz%3A1");
        assert_eq!(encode_value("a-b.c_d~e"), "a-b.c_d~e");
    }

    #[test]
    fn form_bodies_follow_each_property_encoding() {
        let body = json!({ "To": "+1 555", "Tags": ["a", "b"], "Meta": { "k": "v" }, "Skip": null, "Ids": [1, 2] });
        let encodings = [Encoding::new("Ids", Style::Form, false, false, false), Encoding::new("Meta", Style::Form, true, false, true)];
        assert_eq!(form_text(&body, &encodings).unwrap(), "To=%2B1%20555&Tags=a&Tags=b&Meta=%7B%22k%22%3A%22v%22%7D&Ids=1,2");
        assert!(form_text(&json!([1]), &[]).is_err());
    }

    #[test]
    fn nested_deep_objects_lists_and_absent_values() {
        let value = json!({ "a": { "b": 1 }, "l": [1, 2], "n": null, "s": "x y" });
        assert_eq!(query_pairs("f", &value, Style::DeepObject, true, false), ["f[a][b]=1", "f[l]=1", "f[l]=2", "f[s]=x%20y"]);
        assert_eq!(query_pairs("f", &json!(["x y"]), Style::DeepObject, false, false), ["f=x%20y"]);
        assert_eq!(query_pairs("q", &Value::Null, Style::Form, true, false), ["q="]);
        assert_eq!(query_pairs("q", &json!("a/b"), Style::Form, true, false), ["q=a%2Fb"]);
        assert_eq!(query_pairs("q", &json!({ "a": "x/y" }), Style::Form, false, true), ["q=a,x/y"]);
        assert_eq!(query_pairs("q", &json!([[1, 2]]), Style::Form, true, false), ["q=%5B1%2C2%5D"]);
    }

    #[test]
    fn empty_and_absent_path_values() {
        assert_eq!(path_segment("c", &json!([]), Style::Matrix, false), ";c");
        assert_eq!(path_segment("c", &Value::Null, Style::Matrix, false), ";c");
        assert_eq!(path_segment("c", &json!(true), Style::Label, false), ".true");
        assert_eq!(path_segment("c", &json!({ "a": "x/y" }), Style::Simple, true), "a=x%2Fy");
        assert_eq!(header_value(&json!({ "a": 1, "b": "x y" }), false), "a,1,b,x y");
        assert_eq!(header_value(&json!(["x y", 2]), false), "x y,2");
        assert_eq!(header_text("h", &json!("x/y"), false).unwrap(), "x/y");
        assert_eq!(path_text("p", &json!("x/y"), Style::Simple, false).unwrap(), "x%2Fy");
        assert_eq!(query_text("q", &json!(["a", "b"]), Style::Form, true, false).unwrap(), "q=a&q=b");
        assert_eq!(json_text("j", &json!({ "a": 1 })).unwrap(), "{\"a\":1}");
    }
}
