//! Multipart bodies (`multipart/form-data`): the parts a builder collects from its typed
//! body, kept as bytes so that a retried request sends them again, and written by reqwest's
//! `multipart` (boundaries, part headers, quoting) for each attempt.

use serde::{Deserialize, Serialize};

{%- if client %}
use super::error::{Error, InvalidInput};
{%- endif %}

/// A file for a binary part of a multipart body: its bytes and, optionally, the file name
/// and the media type the part declares (`application/octet-stream` unless set here or by
/// the API description).
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Reads a file (a blocking read) into a part named after the file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let mut part = FilePart::new(std::fs::read(path)?);
        part.file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(part)
    }

    /// The file name the part declares (`filename=` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type, such as `image/png`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart").field("bytes", &self.bytes.len()).field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

// As JSON (a type shared with a JSON body), the bytes as `Vec<u8>` has them.
impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.bytes.serialize(serializer)
    }
}

// From JSON: the bytes alone, or an object that also names the file and its media type
// (`{"bytes": [..], "file_name": "a.png", "content_type": "image/png"}`, what the command
// line's `@path` flags build).
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Bytes(Vec<u8>),
            File {
                bytes: Vec<u8>,
                #[serde(default)]
                file_name: Option<String>,
                #[serde(default)]
                content_type: Option<String>,
            },
        }
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Bytes(bytes) => FilePart::new(bytes),
            Repr::File { bytes, file_name, content_type } => FilePart { bytes, file_name, content_type },
        })
    }
}

{%- if client %}

/// The parts of one multipart body, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    name: &'static str,
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Multipart {
    /// A text part (a scalar, as `ToParam` writes it).
    #[allow(dead_code)] // which kinds of part are used depends on the API
    pub(crate) fn text(&mut self, name: &'static str, text: String, content_type: Option<&'static str>) {
        self.parts.push(Part { name, bytes: text.into_bytes(), file_name: None, content_type: content_type.map(str::to_string) });
    }

    /// A part holding a value's JSON text, `application/json` unless the API says otherwise.
    #[allow(dead_code)] // which kinds of part are used depends on the API
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, content_type: Option<&'static str>) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| Error::InvalidInput(InvalidInput { name: format!("body.{name}"), value: None, rule: format!("must serialize to JSON: {e}") }))?;
        self.parts.push(Part { name, bytes, file_name: None, content_type: Some(content_type.unwrap_or("application/json").to_string()) });
        Ok(())
    }

    /// A file part: the file's own media type first, then the API's, then
    /// `application/octet-stream`.
    #[allow(dead_code)] // which kinds of part are used depends on the API
    pub(crate) fn file(&mut self, name: &'static str, file: crate::FilePart, content_type: Option<&'static str>) {
        let content_type = file.content_type.or_else(|| content_type.map(str::to_string)).unwrap_or_else(|| "application/octet-stream".to_string());
        self.parts.push(Part { name, bytes: file.bytes, file_name: file.file_name, content_type: Some(content_type) });
    }

    /// The body for one attempt.
    pub(crate) fn form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let mut body = reqwest::multipart::Part::bytes(part.bytes.clone());
            if let Some(file_name) = &part.file_name {
                body = body.file_name(file_name.clone());
            }
            if let Some(content_type) = &part.content_type {
                body = body.mime_str(content_type).map_err(|_| Error::InvalidInput(InvalidInput { name: format!("body.{}", part.name), value: Some(content_type.clone()), rule: "must be a media type".to_string() }))?;
            }
            form = form.part(part.name, body);
        }
        Ok(form)
    }
}

{%- endif %}
{%- if mock %}
#[cfg(feature = "mock")]
impl Multipart {
    /// Whether a received body (with its `Content-Type`, which carries the boundary) holds
    /// exactly these parts in this order: names, file names, media types and bytes. The
    /// boundary is the client's random choice, so the bytes cannot be compared whole.
    pub(crate) fn matches(&self, content_type: Option<&str>, body: &[u8]) -> bool {
        let Some(boundary) = content_type.and_then(boundary) else { return false };
        match received_parts(body, &boundary) {
            Some(received) => received.len() == self.parts.len() && received.iter().zip(&self.parts).all(|(got, want)| got.name == want.name && got.file_name == want.file_name && got.content_type == want.content_type && got.bytes == want.bytes),
            None => false,
        }
    }
}

/// The `boundary` parameter of a `multipart/*` media type, unquoted.
#[cfg(feature = "mock")]
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_string())
    })
}

/// A received part, as the mock compares it.
#[cfg(feature = "mock")]
struct ReceivedPart {
    name: String,
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// The parts of a `multipart/form-data` body (RFC 7578): `None` when it is not one. Written
/// here rather than taken from a crate because the mock's matchers are synchronous and see
/// the whole body, while the maintained parsers (multer) are asynchronous streams; it reads
/// what reqwest writes, in a test double, and never sees untrusted input in production.
#[cfg(feature = "mock")]
fn received_parts(body: &[u8], boundary: &str) -> Option<Vec<ReceivedPart>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut sections = split(body, &delimiter).into_iter();
    sections.next()?; // the preamble, empty as reqwest writes it
    let mut parts = Vec::new();
    for section in sections {
        if section.starts_with(b"--") {
            return Some(parts); // the close delimiter
        }
        let section = section.strip_prefix(b"\r\n")?.strip_suffix(b"\r\n")?;
        let end = section.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&section[..end]).ok()?;
        let mut part = ReceivedPart { name: String::new(), bytes: section[end + 4..].to_vec(), file_name: None, content_type: None };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':')?;
            if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_string());
            } else if name.eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').skip(1) {
                    let (key, text) = param.split_once('=')?;
                    let text = text.trim().trim_matches('"').to_string();
                    match key.trim() {
                        "name" => part.name = text,
                        "filename" => part.file_name = Some(text),
                        _ => {}
                    }
                }
            }
        }
        parts.push(part);
    }
    None // no close delimiter: a truncated body
}

/// `haystack` split at each occurrence of `delimiter`.
#[cfg(feature = "mock")]
fn split<'a>(haystack: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + delimiter.len() <= haystack.len() {
        if &haystack[at..at + delimiter.len()] == delimiter {
            pieces.push(&haystack[start..at]);
            at += delimiter.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(&haystack[start..]);
    pieces
}
{%- endif %}
