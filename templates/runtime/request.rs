//! A request prepared by an operation builder: its path segments, query, headers and body,
//! and the URL they make.

use reqwest::Method;
use url::Url;

use super::error::Error;
use super::validate::ToParam;

/// A request prepared by an operation builder, after validation.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    /// Path segments, percent-encoded.
    segments: Vec<String>,
    query: Vec<QueryPart>,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) accept: Option<&'static str>,
    pub(super) body: Option<(&'static str, Vec<u8>)>,
{%- if has_multipart %}
    /// A multipart body, written anew for each attempt.
    pub(super) multipart: Option<super::multipart::Multipart>,
{%- endif %}
    /// The caller asked for an enveloped reply (`envelope=true`), to be unwrapped.
    pub(super) enveloped: bool,
    /// The caller wants a success reply's body as a stream, not read here.
    pub(super) streamed: bool,
{%- if has_scheme_credentials %}
    /// The security schemes the operation's own `security` accepts, in its order.
    pub(super) security: &'static [&'static str],
{%- endif %}
}

/// One parameter's part of the query string.
#[derive(Debug)]
enum QueryPart {
    /// A name and a value, form-encoded when the URL is built.
    Pair(&'static str, String),
    /// `name=value` pairs already encoded by a parameter's style.
    Encoded(String),
}

impl Request {
    /// A request for `method` on the path made of `segments`, each already percent-encoded
    /// by the builder (the path's own text as a URL writes it, each parameter's value as its
    /// style says), accepting the reply's versioned media type (`accept`) if it has one.
    pub(crate) fn new(operation_id: &'static str, method: Method, accept: Option<&'static str>, segments: &[&str]) -> Self {
        let segments = segments.iter().map(|s| s.to_string()).collect();
        Request { operation_id, method, segments, query: Vec::new(), headers: Vec::new(), accept, body: None, {% if has_multipart %}multipart: None, {% endif %}enveloped: false, streamed: false{% if has_scheme_credentials %}, security: &[]{% endif %} }
    }
{%- if has_scheme_credentials %}

    /// The security schemes the operation's own `security` accepts, in its order, for the
    /// client to pick the credentials given for one of them.
    pub(crate) fn security(&mut self, schemes: &'static [&'static str]) {
        self.security = schemes;
    }
{%- endif %}

    /// Marks the reply as wrapped in an envelope, which the client unwraps.
    // Not every API has an envelope parameter.
    #[allow(dead_code)]
    pub(crate) fn enveloped(&mut self, enveloped: bool) {
        self.enveloped = enveloped;
    }

    /// Adds an optional query parameter if it is set.
    // Not every API has optional query parameters.
    #[allow(dead_code)]
    pub(crate) fn query_opt(&mut self, name: &'static str, value: Option<impl ToParam>) {
        if let Some(value) = value {
            self.query(name, value.to_param());
        }
    }

    /// Adds a list-valued query parameter: the name once per item (`?a=1&a=2`).
    // Not every API has list-valued query parameters.
    #[allow(dead_code)]
    pub(crate) fn query_each<T: ToParam>(&mut self, name: &'static str, values: impl IntoIterator<Item = T>) {
        for value in values {
            self.query(name, value.to_param());
        }
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push(QueryPart::Pair(name, value));
    }

    /// Adds a query parameter's `name=value` pairs as its style wrote them (lists, objects,
    /// maps, unions); an empty list exploded has none.
    // Not every API has such parameters.
    #[allow(dead_code)]
    pub(crate) fn query_encoded(&mut self, pairs: String) {
        if !pairs.is_empty() {
            self.query.push(QueryPart::Encoded(pairs));
        }
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn json_body<T: serde::Serialize>(&mut self, media_type: &'static str, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidInput(super::error::InvalidInput { name: "body".to_string(), value: None, rule: format!("must serialize to JSON: {e}") })
        })?;
        self.body = Some((media_type, bytes));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body, each property written by its encoding.
    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn form_body<T: serde::Serialize>(&mut self, media_type: &'static str, body: &T, encodings: &[super::style::Encoding]) -> Result<(), Error> {
        self.body = Some((media_type, super::style::form_text(body, encodings)?.into_bytes()));
        Ok(())
    }

{%- if has_multipart %}
    /// A multipart body (`multipart/form-data`); reqwest sets its `Content-Type` with the
    /// boundary.
    #[allow(dead_code)]
    pub(crate) fn multipart_body(&mut self, _media_type: &'static str, parts: super::multipart::Multipart) {
        self.multipart = Some(parts);
    }
{%- endif %}

    // Not every API has operations that need this.
    #[allow(dead_code)]
    pub(crate) fn bytes_body(&mut self, media_type: &'static str, body: Vec<u8>) {
        self.body = Some((media_type, body));
    }

    /// The full URL: base URL, then each segment, then the query. A segment `.` or `..`
    /// is refused: URLs resolve them away, so the request would reach another resource.
    pub(super) fn url(&self, base: &Url) -> Result<Url, Error> {
        if let Some(dots) = self.segments.iter().find(|segment| is_dot_segment(segment)) {
            return Err(Error::InvalidInput(super::error::InvalidInput {
                name: "path".to_string(),
                value: Some(dots.clone()),
                rule: "a path parameter cannot be `.` or `..`, which URLs resolve away".to_string(),
            }));
        }
        let mut url = base.clone();
        let base_path = base.path().strip_suffix('/').unwrap_or(base.path());
        let mut path = String::with_capacity(base_path.len() + self.segments.iter().map(|s| s.len() + 1).sum::<usize>());
        path.push_str(base_path);
        for segment in &self.segments {
            path.push('/');
            path.push_str(segment);
        }
        url.set_path(&path);
        if !self.query.is_empty() {
            // A query the base URL carries is kept in front.
            let mut query = base.query().unwrap_or_default().to_string();
            for part in &self.query {
                if !query.is_empty() {
                    query.push('&');
                }
                match part {
                    QueryPart::Pair(name, value) => {
                        query.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
                        query.push('=');
                        query.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
                    }
                    QueryPart::Encoded(pairs) => query.push_str(pairs),
                }
            }
            url.set_query(Some(&query));
        }
        Ok(url)
    }
}

/// `.` and `..`, also percent-encoded, which URL parsers treat as dot segments.
fn is_dot_segment(segment: &str) -> bool {
    [".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"].iter().any(|dots| segment.eq_ignore_ascii_case(dots))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(request: &Request, base: &str) -> Result<String, Error> {
        request.url(&Url::parse(base).unwrap()).map(|url| url.to_string())
    }

    #[test]
    fn the_url_is_the_base_then_the_segments_then_the_query_in_order() {
        let mut request = Request::new("op", Method::GET, None, &["orgs", &super::super::style::encode_value("a b/c")]);
        request.query("name", "x&y".into());
        request.query_encoded(String::new());
        request.query_encoded("ids=1&ids=2".into());
        request.query_opt("absent", None::<String>);
        request.query_opt("present", Some(true));
        request.query_each("n", [1, 2]);
        assert_eq!(
            url_of(&request, "https://h.test/api/?key=k").unwrap(),
            "https://h.test/api/orgs/a%20b%2Fc?key=k&name=x%26y&ids=1&ids=2&present=true&n=1&n=2"
        );
        let request = Request::new("op", Method::GET, None, &["orgs"]);
        assert_eq!(url_of(&request, "https://h.test/api").unwrap(), "https://h.test/api/orgs");
    }

    #[test]
    fn dot_segments_are_refused_even_percent_encoded() {
        for dots in [".", "..", "%2E", "%2e%2E", ".%2e", "%2E."] {
            let request = Request::new("op", Method::GET, None, &["orgs", dots]);
            assert!(matches!(url_of(&request, "https://h.test/"), Err(Error::InvalidInput(_))), "{dots}");
        }
        let request = Request::new("op", Method::GET, None, &["..."]);
        assert_eq!(url_of(&request, "https://h.test/").unwrap(), "https://h.test/...");
    }

    #[test]
    fn a_path_value_keeps_its_delimiters_as_data() {
        // RFC 6570's `{name}`: a comma in a string is the value's, not the style's list
        // delimiter, so it is percent-encoded; the path's own `:` and `@` stay as written.
        let value = super::super::style::encode_value("CN=Dylan Bloggs,OU=Users");
        let request = Request::new("op", Method::GET, None, &["users", &value, "@me:check"]);
        assert_eq!(url_of(&request, "https://h.test/").unwrap(), "https://h.test/users/CN%3DDylan%20Bloggs%2COU%3DUsers/@me:check");
    }

    #[test]
    fn headers_bodies_and_the_envelope_are_kept_for_sending() {
        let mut request = Request::new("op", Method::POST, Some("application/json"), &[]);
        request.header("x-request-id", "42".into());
        request.enveloped(true);
        assert_eq!((request.headers.as_slice(), request.enveloped), (&[("x-request-id", "42".to_string())][..], true));
        request.bytes_body("application/octet-stream", vec![1, 2]);
        assert_eq!(request.body, Some(("application/octet-stream", vec![1, 2])));
        let form = serde_json::json!({"a": "b c", "n": 1});
        request.form_body("application/x-www-form-urlencoded", &form, &[]).unwrap();
        assert_eq!(request.body, Some(("application/x-www-form-urlencoded", b"a=b%20c&n=1".to_vec())));
        request.json_body("application/json", &form).unwrap();
        assert_eq!(request.body, Some(("application/json", br#"{"a":"b c","n":1}"#.to_vec())));
    }
}
