//! Multipart bodies (`multipart/form-data`): the parts a builder collects from its typed
//! body, kept as bytes so that a retried request sends them again, and written by reqwest's
//! `multipart` (boundaries, part headers, quoting) for each attempt.

use serde::{Deserialize, Serialize};

use super::error::{Error, InvalidInput};

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

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(FilePart::new)
    }
}

/// The parts of one multipart body, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
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
