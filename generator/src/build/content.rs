//! A `content` map (of a request body, a response or a parameter) and the place of each of
//! its media types, read once for every reader.
//!
//! OpenAPI allows a `$ref` only where a Reference Object may stand, but JSON Reference tools
//! (and Prism) follow one anywhere, and split documents use that: Lob's responses point
//! `content: {$ref: responses/x.yml}` at a file holding the whole map. Such a `$ref` is
//! followed here, at the map and at each media type, so the places of the schemas under it
//! are in the file that holds them (their own relative `$ref`s resolve from there).

use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};
use crate::resolve::{Documents, Place};

/// An object's `content` map and where it is.
pub struct Content<'d> {
    pub place: Place,
    pub map: &'d Map<String, Value>,
    /// The owner's `content` was a `$ref` to the map (where OpenAPI allows none).
    pub by_reference: Option<Place>,
}

/// One media type of a `content` map: its Media Type Object and where it is.
pub struct Media<'d> {
    pub place: Place,
    pub value: &'d Value,
}

impl<'d> Content<'d> {
    /// The `content` of `owner` (at `owner_place`), when it has one that is a map.
    pub fn of(
        docs: &'d Documents,
        owner_place: &Place,
        owner: &'d Value,
    ) -> Result<Option<Content<'d>>, Diagnostic> {
        let Some(content) = owner.get("content") else { return Ok(None) };
        let place =
            Place { doc: owner_place.doc, pointer: format!("{}/content", owner_place.pointer) };
        let by_reference = content.get("$ref").is_some().then(|| place.clone());
        let (place, content) = docs.deref(place, content)?;
        Ok(content.as_object().map(|map| Content { place, map, by_reference }))
    }

    /// A note for a `content` given by reference: read as the map it points at, as reference
    /// resolvers that replace every `$ref` (Prism's, Redoc's) read it.
    pub fn note(&self, docs: &Documents) -> Option<Diagnostic> {
        let at = self.by_reference.as_ref()?;
        Some(Diagnostic::degraded(
            docs.path(at.doc),
            &at.pointer,
            "`content` is itself a `$ref`; read as the map of media types it points at",
        ))
    }

    /// The media types offered, in the document's order.
    pub fn media_types(&self) -> impl Iterator<Item = &'d str> {
        self.map.keys().map(String::as_str)
    }

    /// The Media Type Object of `media_type` (one of [`Content::media_types`]).
    pub fn media(&self, docs: &'d Documents, media_type: &str) -> Result<Media<'d>, Diagnostic> {
        let place =
            Place { doc: self.place.doc, pointer: push_pointer(&self.place.pointer, media_type) };
        let value = self.map.get(media_type).unwrap_or(&Value::Null);
        let (place, value) = docs.deref(place, value)?;
        Ok(Media { place, value })
    }
}

impl<'d> Media<'d> {
    /// Its `schema` and that schema's place.
    pub fn schema(&self) -> (Place, Option<&'d Value>) {
        let place =
            Place { doc: self.place.doc, pointer: format!("{}/schema", self.place.pointer) };
        (place, self.value.get("schema"))
    }
}
