//! Reference resolution: the root document and every file its `$ref`s reach, and the
//! lookup of a `$ref` string to the value it points at.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location};
use crate::load;

/// Which document a value comes from (an index into [`Documents`]).
pub type DocId = usize;

/// A place in one of the documents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub doc: DocId,
    pub pointer: String,
}

/// The root document plus every external document reachable through `$ref`.
pub struct Documents {
    paths: Vec<PathBuf>,
    /// Each loaded file's index in `paths`: split documents have thousands of files.
    index: std::collections::HashMap<PathBuf, DocId>,
    values: Vec<Value>,
    /// What loading had to approximate (degraded), in the order the files were read.
    notes: Vec<Diagnostic>,
    /// `$ref`s that lead nowhere, each reported once (degraded) where the build met it.
    dangling: std::sync::Mutex<Dangling>,
    /// Files a `$ref` names that could not be loaded, with why.
    unloadable: std::collections::HashMap<PathBuf, String>,
    /// What a dangling `$ref` stands for: an empty object, which as a schema is any JSON
    /// value, as a response or request body one without content.
    nothing: Value,
}

/// The dangling `$ref`s met so far: each place once, its note in the order met.
#[derive(Default)]
struct Dangling {
    places: std::collections::HashSet<Place>,
    notes: Vec<Diagnostic>,
}

/// How many `$ref`s may be followed in a row before it is called a cycle.
const MAX_REF_CHAIN: usize = 64;

impl Documents {
    /// Loads the root document and, transitively, every file its `$ref`s name.
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        let mut notes = Vec::new();
        let root_value = load::load_document_noting(root, &mut notes)?;
        load::check_version(root, &root_value)?;
        let mut docs = Self::from_root(root, root_value)?;
        notes.append(&mut docs.notes);
        docs.notes = notes;
        Ok(docs)
    }

    /// Builds the set from an already parsed root (external files are read from disk).
    pub fn from_root(root: &Path, root_value: Value) -> Result<Self, Diagnostic> {
        let root = normalize(root);
        let index = std::collections::HashMap::from([(root.clone(), 0)]);
        let mut docs = Documents {
            paths: vec![root],
            index,
            values: vec![root_value],
            notes: Vec::new(),
            dangling: Default::default(),
            unloadable: Default::default(),
            nothing: Value::Object(Default::default()),
        };
        let mut next = 0;
        while next < docs.values.len() {
            let mut external = Vec::new();
            collect_external_refs(&docs.values[next], &mut String::new(), &mut external);
            for (reference, _pointer) in external {
                let file = reference.split('#').next().unwrap_or_default();
                let target = resolve_relative(&docs.paths[next], file);
                if docs.index.contains_key(&target) || docs.unloadable.contains_key(&target) {
                    continue;
                }
                // A file that cannot be loaded makes its references dangling: reported where
                // the build meets them, and fatal only with `--strict`.
                let value = match load::load_document_noting(&target, &mut docs.notes) {
                    Ok(value) => value,
                    Err(e) => {
                        docs.unloadable.insert(target, e.message);
                        continue;
                    }
                };
                docs.index.insert(target.clone(), docs.paths.len());
                docs.paths.push(target);
                docs.values.push(value);
            }
            next += 1;
        }
        Ok(docs)
    }

    /// How many files the document spans.
    pub fn file_count(&self) -> usize {
        self.paths.len()
    }

    /// What loading had to approximate, as degraded diagnostics, then the dangling
    /// references the build met.
    pub fn notes(&self) -> Vec<Diagnostic> {
        let dangling = self.dangling.lock().unwrap_or_else(|p| p.into_inner());
        self.notes.iter().chain(&dangling.notes).cloned().collect()
    }

    /// Whether a value is what a dangling `$ref` stands for (see [`Documents::lookup`]).
    pub fn is_nothing(&self, value: &Value) -> bool {
        std::ptr::eq(value, &self.nothing)
    }

    /// Every loaded file's value, the root first.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.values.iter()
    }

    pub fn root(&self) -> &Value {
        &self.values[0]
    }

    pub fn path(&self, doc: DocId) -> &Path {
        &self.paths[doc]
    }

    /// One file's document, as loaded.
    pub fn value(&self, doc: DocId) -> &Value {
        &self.values[doc]
    }

    /// Looks a `$ref` string up, relative to the document it appears in. A reference that
    /// leads nowhere is degraded, not fatal: it is reported with its place, and stands for an
    /// empty object (any JSON value as a schema, no content as a body).
    pub fn lookup(&self, from: &Place, reference: &str) -> Result<(Place, &Value), Diagnostic> {
        let (file, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let doc = if file.is_empty() {
            from.doc
        } else {
            let target = resolve_relative(&self.paths[from.doc], file);
            match self.index.get(&target) {
                Some(doc) => *doc,
                None => {
                    let why = self.unloadable.get(&target).map_or("not loaded", String::as_str);
                    return Ok(self.dangling(
                        from,
                        reference,
                        &format!("its file cannot be loaded: {why}"),
                    ));
                }
            }
        };
        let pointer = percent_decode(fragment);
        match self.values[doc].pointer(&pointer) {
            Some(value) => Ok((Place { doc, pointer }, value)),
            None => Ok(self.dangling(from, reference, "nothing is at that location")),
        }
    }

    /// Follows `$ref`s from `value` until a value without one, detecting cycles.
    pub fn deref<'a>(
        &'a self,
        place: Place,
        value: &'a Value,
    ) -> Result<(Place, &'a Value), Diagnostic> {
        let mut place = place;
        let mut value = value;
        let mut seen = Vec::new();
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            if seen.contains(&place) || seen.len() > MAX_REF_CHAIN {
                return Err(Diagnostic::error(self.path(place.doc), Location::Pointer(place.pointer.clone()), format!("the `$ref` `{reference}` leads back to itself (a reference cycle with nothing in between)")));
            }
            seen.push(place.clone());
            let (next_place, next_value) = self.lookup(&place, reference)?;
            place = next_place;
            value = next_value;
        }
        Ok((place, value))
    }

    /// Reports a dangling `$ref` once and gives what it stands for.
    fn dangling(&self, from: &Place, reference: &str, why: &str) -> (Place, &Value) {
        let mut dangling = self.dangling.lock().unwrap_or_else(|p| p.into_inner());
        if dangling.places.insert(from.clone()) {
            dangling.notes.push(Diagnostic::degraded(
                self.path(from.doc),
                &from.pointer,
                format!("the `$ref` `{reference}` does not resolve ({why}); what it names is taken as any JSON value, or as no content"),
            ));
        }
        (from.clone(), &self.nothing)
    }
}

fn resolve_relative(base: &Path, file: &str) -> PathBuf {
    let file = percent_decode(file);
    normalize(&base.parent().unwrap_or_else(|| Path::new(".")).join(file))
}

/// `a/./b/../c` as `a/c`, without touching the file system, so that one file reached by two
/// spellings is loaded once and named one way in messages.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Decodes `%XX` escapes in a reference (pointers in URIs may be percent-encoded).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The external `$ref`s under `value` with the pointer of the object holding each. One
/// pointer buffer grows and shrinks along the walk: building a pointer for every node of a
/// large document was a fifth of its loading.
fn collect_external_refs(value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) {
    fn descend(
        item: &Value,
        token: std::fmt::Arguments,
        pointer: &mut String,
        out: &mut Vec<(String, String)>,
    ) {
        // Scalars hold no `$ref`.
        if item.is_object() || item.is_array() {
            let len = pointer.len();
            let _ = std::fmt::Write::write_fmt(pointer, token);
            collect_external_refs(item, pointer, out);
            pointer.truncate(len);
        }
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                // Vendor extensions and example values are never read through a `$ref` by
                // any emitter (a documentation topic pointing at a Markdown file, say).
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                if key == "$ref" {
                    if let Some(reference) = item.as_str() {
                        if !reference.starts_with('#')
                            && !reference.starts_with("http:")
                            && !reference.starts_with("https:")
                        {
                            out.push((reference.to_string(), pointer.clone()));
                        }
                    }
                } else {
                    let token = crate::diagnostic::escape_token(key);
                    descend(item, format_args!("/{token}"), pointer, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                descend(item, format_args!("/{i}"), pointer, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_has_one_name_however_it_is_reached() {
        assert_eq!(
            resolve_relative(Path::new("spec/root.yaml"), "./models/../models/a.yml"),
            PathBuf::from("spec/models/a.yml")
        );
        assert_eq!(
            resolve_relative(Path::new("spec/resources/x/op.yml"), "../../models/a.yml"),
            PathBuf::from("spec/models/a.yml")
        );
        assert_eq!(normalize(Path::new("../spec/./a.yaml")), PathBuf::from("../spec/a.yaml"));
    }
}
