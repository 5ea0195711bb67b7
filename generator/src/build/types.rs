//! Schemas to types: every schema becomes a [`ValueType`]; objects, enums and unions
//! become named [`TypeDef`]s, reused when the same schema is reached again.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};
use crate::model::{
    Checks, EnumValue, Field, Kind, TypeBody, TypeDef, TypeId, Usage, ValueType, Variant,
};
use crate::names::{pascal, snake, Scope, RESERVED_TYPE_NAMES};
use crate::resolve::{Documents, Place};

/// How deeply schemas may nest (through properties, items and references) before the
/// generator gives up instead of overflowing its stack.
pub const MAX_SCHEMA_DEPTH: usize = 256;

pub struct TypeBuilder<'d> {
    docs: &'d Documents,
    pub types: Vec<TypeDef>,
    by_place: HashMap<Place, TypeId>,
    /// Non-named schemas being expanded right now, to catch `A = array of A`.
    expanding: Vec<Place>,
    names: Scope,
    depth: usize,
    /// Per distinct pattern: whether it needs the backtracking engine, or why no engine takes it.
    pattern_verdicts: HashMap<String, Result<bool, String>>,
    pub report: Vec<Diagnostic>,
}

impl<'d> TypeBuilder<'d> {
    pub fn new(docs: &'d Documents) -> Self {
        TypeBuilder {
            docs,
            types: Vec::new(),
            by_place: HashMap::new(),
            expanding: Vec::new(),
            // Names the generated crate uses for its own items.
            names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            depth: 0,
            pattern_verdicts: HashMap::new(),
            report: Vec::new(),
        }
    }

    /// Declares every schema under `components/schemas` first, in document order, so they
    /// keep their own names even when an inline schema with the same name comes earlier.
    pub fn declare_components(&mut self) -> Result<(), Diagnostic> {
        let Some(schemas) =
            self.docs.root().pointer("/components/schemas").and_then(Value::as_object)
        else {
            return Ok(());
        };
        for (name, schema) in schemas {
            let place = Place { doc: 0, pointer: push_pointer("/components/schemas", name) };
            self.value_type(&place, schema, name)?;
        }
        Ok(())
    }

    fn degraded(&mut self, place: &Place, message: impl Into<String>) {
        self.report.push(Diagnostic::degraded(self.docs.path(place.doc), &place.pointer, message));
    }

    /// The value type of `schema` where the caller carries a `null` (a field, a reply):
    /// `anyOf: [X, {type: 'null'}]`, directly or behind a `$ref`, is X, the `null` being the
    /// field's or reply's `Option`. Elsewhere (map values, items) such a choice stays a union
    /// that decodes `null`.
    pub fn value_type_allowing_null(
        &mut self,
        place: &Place,
        schema: &Value,
        hint: &str,
    ) -> Result<ValueType, Diagnostic> {
        let Ok((target_place, target)) = self.docs.deref(place.clone(), schema) else {
            return self.value_type(place, schema, hint);
        };
        match target.as_object().and_then(|o| nullable_choice(&target_place, o)) {
            Some((child, choice)) => {
                let name = match schema.get("$ref") {
                    Some(_) => reference_name(self.docs, &target_place, hint),
                    None => hint.to_string(),
                };
                self.value_type(&child, choice, &name)
            }
            None => self.value_type(place, schema, hint),
        }
    }

    /// The value type of `schema`, found at `place`; `hint` names it if it needs a name.
    pub fn value_type(
        &mut self,
        place: &Place,
        schema: &Value,
        hint: &str,
    ) -> Result<ValueType, Diagnostic> {
        if self.depth >= MAX_SCHEMA_DEPTH {
            return Err(Diagnostic::error(
                self.docs.path(place.doc),
                crate::diagnostic::Location::Pointer(place.pointer.clone()),
                format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"),
            ));
        }
        self.depth += 1;
        let result = self.value_type_inner(place, schema, hint);
        self.depth -= 1;
        result
    }

    fn value_type_inner(
        &mut self,
        place: &Place,
        schema: &Value,
        hint: &str,
    ) -> Result<ValueType, Diagnostic> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let (target, value) = self.docs.lookup(place, reference)?;
            let name = reference_name(self.docs, &target, hint);
            // Before `needs_name`, which would make a struct of any `allOf`.
            if let Some(object) = value.as_object() {
                if let Some(merged) = self.scalar_all_of(&target, object)? {
                    return self.value_type(&target, &merged, &name);
                }
            }
            if needs_name(value) {
                return Ok(ValueType::new(Kind::Named(self.named(&target, value, &name)?)));
            }
            if self.expanding.contains(&target) {
                self.degraded(place, format!("`{reference}` contains itself with no object in between; typed as any JSON value"));
                return Ok(ValueType::new(Kind::Any));
            }
            self.expanding.push(target.clone());
            let result = self.value_type(&target, value, &name);
            self.expanding.pop();
            return result;
        }
        let Some(object) = schema.as_object() else {
            // `true`, `{}` and friends (3.1 boolean schemas): any value.
            return Ok(ValueType::new(Kind::Any));
        };
        if let Some(single) = single_all_of(object) {
            let child = Place { doc: place.doc, pointer: format!("{}/allOf/0", place.pointer) };
            return self.value_type(&child, single, hint);
        }
        if let Some((index, part)) = self.annotated_choice(place, object)? {
            let child =
                Place { doc: place.doc, pointer: format!("{}/allOf/{index}", place.pointer) };
            return self.value_type(&child, part, hint);
        }
        if let Some(merged) = self.scalar_all_of(place, object)? {
            return self.value_type(place, &merged, hint);
        }
        if needs_name(schema) {
            return Ok(ValueType::new(Kind::Named(self.named(place, schema, hint)?)));
        }
        if let Some(types) = several_types(object) {
            // 3.1's `type: [string, integer]` is the union of one shape per type, each with
            // the schema's other keywords (`format`, bounds, `items`).
            let shapes = types.iter().map(|single| {
                let mut shape = object.clone();
                shape.insert("type".to_string(), Value::String(single.to_string()));
                Value::Object(shape)
            });
            let mut union = Map::from_iter([("oneOf".to_string(), Value::Array(shapes.collect()))]);
            if let Some(doc) = object.get("description") {
                union.insert("description".to_string(), doc.clone());
            }
            let union = Value::Object(union);
            return Ok(ValueType::new(Kind::Named(self.named(place, &union, hint)?)));
        }
        let ty = primary_type(object);
        let kind = match ty.as_deref() {
            Some("string") => match object.get("format").and_then(Value::as_str) {
                Some("date-time") => Kind::DateTime,
                Some("date") => Kind::Date,
                Some("uuid") => Kind::Uuid,
                Some("binary") => Kind::Bytes,
                // 3.1: binary content is a string with a media type and no text encoding
                // (`contentEncoding: binary`, used by some documents, says so too).
                _ if object.get("contentEncoding").and_then(Value::as_str) == Some("binary") => {
                    Kind::Bytes
                }
                _ if object.contains_key("contentMediaType")
                    && !object.contains_key("contentEncoding")
                    && !object
                        .get("contentMediaType")
                        .and_then(Value::as_str)
                        .is_some_and(|m| m.starts_with("text/") || m.contains("json")) =>
                {
                    Kind::Bytes
                }
                _ => Kind::String,
            },
            Some("boolean") => Kind::Bool,
            Some("integer") => match object.get("format").and_then(Value::as_str) {
                Some("int32") => Kind::Int32,
                _ => Kind::Int64,
            },
            Some("number") => match object.get("format").and_then(Value::as_str) {
                Some("float") => Kind::Float,
                _ => Kind::Double,
            },
            Some("array") => {
                if object.contains_key("prefixItems") {
                    self.degraded(place, "`prefixItems` (a tuple) is not modelled: every item is typed by `items`, or as any JSON value");
                }
                let items_place =
                    Place { doc: place.doc, pointer: format!("{}/items", place.pointer) };
                let item = match object.get("items") {
                    Some(items) => self.value_type(&items_place, items, &format!("{hint}Item"))?,
                    None => ValueType::new(Kind::Any),
                };
                Kind::Array(Box::new(item))
            }
            Some("object") | None => match object.get("additionalProperties") {
                Some(values @ Value::Object(map)) if !map.is_empty() => {
                    let values_place = Place {
                        doc: place.doc,
                        pointer: format!("{}/additionalProperties", place.pointer),
                    };
                    Kind::Map(Box::new(self.value_type(
                        &values_place,
                        values,
                        &format!("{hint}Value"),
                    )?))
                }
                _ => Kind::Any,
            },
            Some("null") => Kind::Any,
            Some(other) => {
                return Err(Diagnostic::error(
                    self.docs.path(place.doc),
                    crate::diagnostic::Location::Pointer(format!("{}/type", place.pointer)),
                    format!("unknown schema type `{other}`"),
                )
                .with_hint("OpenAPI types are string, number, integer, boolean, array, object and (3.1) null"));
            }
        };
        let mut checks = self.checks(place, object, &kind);
        if let Some(values) = enum_values(object).filter(|_| !matches!(kind, Kind::String)) {
            let numbers: Option<Vec<f64>> =
                values.iter().filter(|v| !v.is_null()).map(Value::as_f64).collect();
            match numbers {
                Some(numbers) if matches!(kind, Kind::Int32 | Kind::Int64 | Kind::Float | Kind::Double) && !numbers.is_empty() => checks.one_of = numbers,
                _ => self.degraded(place, "the `enum` values do not fit the schema's type (only string and number enums are supported), so they are not checked"),
            }
        }
        let format = match kind {
            Kind::String | Kind::Bytes => {
                object.get("format").and_then(Value::as_str).map(str::to_string)
            }
            _ => None,
        };
        Ok(ValueType { kind, checks, format })
    }

    fn checks(&mut self, place: &Place, object: &Map<String, Value>, kind: &Kind) -> Checks {
        let mut checks = Checks::default();
        if matches!(kind, Kind::String) {
            if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
                // Many fields share a pattern; each distinct one is compiled once.
                let verdict = match self.pattern_verdicts.get(pattern) {
                    Some(verdict) => verdict.clone(),
                    None => {
                        let verdict = crate::regexes::engine(pattern);
                        self.pattern_verdicts.insert(pattern.to_string(), verdict.clone());
                        verdict
                    }
                };
                match verdict {
                    Ok(backtracking) => {
                        checks.pattern = Some(pattern.to_string());
                        checks.backtracking = backtracking;
                    }
                    Err(e) => self.degraded(place, format!("the pattern `{pattern}` is not supported by `regex` or `fancy-regex`, so it is not checked: {e}")),
                }
            }
            checks.email = object.get("format").and_then(Value::as_str) == Some("email");
            checks.min_length = object.get("minLength").and_then(Value::as_u64);
            checks.max_length = object.get("maxLength").and_then(Value::as_u64);
        }
        if matches!(kind, Kind::Array(_)) {
            checks.min_items =
                object.get("minItems").and_then(Value::as_u64).filter(|&min| min > 0);
            checks.max_items = object.get("maxItems").and_then(Value::as_u64);
            checks.unique_items = object.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        }
        if matches!(kind, Kind::Map(_)) {
            checks.min_properties =
                object.get("minProperties").and_then(Value::as_u64).filter(|&min| min > 0);
            checks.max_properties = object.get("maxProperties").and_then(Value::as_u64);
        }
        if matches!(kind, Kind::Int32 | Kind::Int64 | Kind::Float | Kind::Double) {
            checks.minimum = object.get("minimum").and_then(Value::as_f64);
            checks.maximum = object.get("maximum").and_then(Value::as_f64);
            // 3.0: a boolean that makes `minimum` exclusive; 3.1 (JSON Schema 2020-12): the
            // exclusive bound itself, the stricter of the two winning.
            match object.get("exclusiveMinimum") {
                Some(Value::Bool(exclusive)) => {
                    checks.exclusive_minimum = *exclusive && checks.minimum.is_some()
                }
                Some(bound) => {
                    if let Some(bound) =
                        bound.as_f64().filter(|b| checks.minimum.is_none_or(|m| *b >= m))
                    {
                        (checks.minimum, checks.exclusive_minimum) = (Some(bound), true);
                    }
                }
                None => {}
            }
            match object.get("exclusiveMaximum") {
                Some(Value::Bool(exclusive)) => {
                    checks.exclusive_maximum = *exclusive && checks.maximum.is_some()
                }
                Some(bound) => {
                    if let Some(bound) =
                        bound.as_f64().filter(|b| checks.maximum.is_none_or(|m| *b <= m))
                    {
                        (checks.maximum, checks.exclusive_maximum) = (Some(bound), true);
                    }
                }
                None => {}
            }
        }
        checks
    }

    /// A type named after `hint`, registered under `key` before its body is built (so a
    /// schema that contains itself finds it), with a placeholder body the caller replaces;
    /// `Err` with the type already registered under `key` (built, or being built).
    fn reserve(
        &mut self,
        key: Place,
        hint: &str,
        origin: &str,
        doc: Option<String>,
        placeholder: TypeBody,
    ) -> Result<(TypeId, String), TypeId> {
        if let Some(id) = self.by_place.get(&key) {
            return Err(*id);
        }
        let id = self.types.len();
        let name = self.names.claim(pascal(hint));
        self.types.push(TypeDef {
            name: name.clone(),
            origin: origin.to_string(),
            doc,
            body: placeholder,
            usage: Usage::default(),
            validated: false,
            min_properties: None,
            max_properties: None,
        });
        self.by_place.insert(key, id);
        Ok((id, name))
    }

    /// [`Self::reserve`] for a struct made from the schema at `place` beside the type the
    /// schema itself names: registered under the place with `tag` appended (`#merged`,
    /// `#struct`), so each is built once too.
    fn reserve_struct(
        &mut self,
        place: &Place,
        tag: &str,
        schema: &Value,
        hint: &str,
    ) -> Result<(TypeId, String), TypeId> {
        let key = Place { doc: place.doc, pointer: format!("{}{tag}", place.pointer) };
        let doc = description(schema);
        self.reserve(key, hint, &place.pointer, doc, TypeBody::Struct(Vec::new()))
    }

    /// The named type for the schema at `place`, built once.
    fn named(&mut self, place: &Place, schema: &Value, hint: &str) -> Result<TypeId, Diagnostic> {
        let placeholder = TypeBody::Alias(ValueType::new(Kind::Any));
        let (id, name) = match self.reserve(
            place.clone(),
            hint,
            &place.pointer,
            description(schema),
            placeholder,
        ) {
            Ok(reserved) => reserved,
            Err(known) => return Ok(known),
        };
        let body = self.body(place, schema, &name)?;
        if matches!(body, TypeBody::Struct(_)) {
            let count = |key: &str| schema.get(key).and_then(Value::as_u64);
            self.types[id].min_properties = count("minProperties").filter(|&min| min > 0);
            self.types[id].max_properties = count("maxProperties");
        }
        self.types[id].body = body;
        Ok(id)
    }

    fn body(&mut self, place: &Place, schema: &Value, name: &str) -> Result<TypeBody, Diagnostic> {
        let empty = Map::new();
        let object = schema.as_object().unwrap_or(&empty);
        if let Some(values) = enum_values(object) {
            return Ok(self.string_enum(place, &values));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(choices) = object.get(key).and_then(Value::as_array) {
                return self.union(place, object, key, choices, name);
            }
        }
        Ok(TypeBody::Struct(self.struct_fields(place, schema, name)?))
    }

    fn union(
        &mut self,
        place: &Place,
        object: &Map<String, Value>,
        key: &str,
        choices: &[Value],
        name: &str,
    ) -> Result<TypeBody, Diagnostic> {
        let own_id = self.by_place[place];
        let discriminator = object
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping: Vec<(String, String)> = object
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(tag, target)| {
                        target.as_str().map(|t| (tag.clone(), t.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut variants = Vec::new();
        let mut scope = Scope::with_reserved(&["Unknown"]);
        for (i, choice) in choices.iter().enumerate() {
            let choice_place =
                Place { doc: place.doc, pointer: format!("{}/{key}/{i}", place.pointer) };
            let reference = choice.get("$ref").and_then(Value::as_str);
            let hint = format!("{name}Variant{}", i + 1);
            let mut ty = match self.refining_choice(object, &choice_place, choice)? {
                Some((choice_place, choice)) => {
                    // A referenced choice merged with the object is a type of its own,
                    // named after both.
                    let hint = match reference.and_then(|r| r.rsplit('/').next()) {
                        Some(target) => format!("{name}{}", pascal(target)),
                        None => hint,
                    };
                    ValueType::new(Kind::Named(self.merged_choice(
                        place,
                        object,
                        &choice_place,
                        &choice,
                        &hint,
                    )?))
                }
                None => self.value_type(&choice_place, choice, &hint)?,
            };
            if ty.kind == Kind::Named(own_id) {
                // A variant that is only `allOf: [this union]` (a subtype adding nothing):
                // it stands for the union's own properties, as a struct of its own.
                let Some(reference) = reference else {
                    self.degraded(&choice_place, "a choice that is the union itself is left out");
                    continue;
                };
                let (target, value) = self.docs.lookup(&choice_place, reference)?;
                let variant_name = target.pointer.rsplit('/').next().unwrap_or(name).to_string();
                ty = ValueType::new(Kind::Named(self.named_struct(
                    &target,
                    value,
                    &variant_name,
                )?));
            }
            let wanted = match &ty.kind {
                Kind::Named(id) => self.types[*id].name.clone(),
                other => kind_label(other).to_string(),
            };
            let tag = discriminator.as_ref().map(|_| {
                let schema_name = reference
                    .map(|r| r.rsplit('/').next().unwrap_or_default().to_string())
                    .unwrap_or_else(|| wanted.clone());
                mapping
                    .iter()
                    .find(|(_, target)| Some(target.as_str()) == reference)
                    .map(|(tag, _)| tag.clone())
                    .unwrap_or(schema_name)
            });
            let rust_name = match &tag {
                Some(tag) => scope.claim(pascal(tag)),
                None => scope.claim(wanted),
            };
            variants.push(Variant { rust_name, ty, tag, boxed: false });
        }
        if discriminator.is_none() {
            self.check_shared_properties(place, object, key, &variants);
        }
        Ok(TypeBody::Union { variants, discriminator })
    }

    /// A choice that refines the object around the union: the object declares properties
    /// and the choice is an object that lacks some of them (`{required: [file_ids]}`, or
    /// narrower `enum`s of the object's properties with the names it then requires). JSON
    /// Schema applies both, so the choice is typed as the object's properties merged with
    /// its own (see [`merged_choice`](Self::merged_choice)). `None` for a choice that
    /// already has every property (the Atlas documents repeat them) or is not an object.
    fn refining_choice(
        &self,
        object: &Map<String, Value>,
        choice_place: &Place,
        choice: &Value,
    ) -> Result<Option<(Place, Value)>, Diagnostic> {
        let empty = Map::new();
        let shared = object.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        // `required` beside the choices names properties the choices declare (Lob's proofs).
        let outer_required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if (shared.is_empty() && outer_required.is_empty())
            || is_reference_only(&Value::Object(shared.clone()))
        {
            return Ok(None);
        }
        let (resolved_place, resolved) = self.docs.deref(choice_place.clone(), choice)?;
        let Some(target) = resolved.as_object() else { return Ok(None) };
        let object_like =
            ["properties", "required", "allOf"].iter().any(|k| target.contains_key(*k))
                && !["oneOf", "anyOf", "enum", "const", "items"]
                    .iter()
                    .any(|k| target.contains_key(*k))
                && primary_type(target).is_none_or(|ty| ty == "object");
        // The choice's own properties, through its `allOf` parts, as the struct would read them.
        let declares = |wire: &str| {
            target.get("properties").and_then(|p| p.get(wire)).is_some()
                || target.get("allOf").and_then(Value::as_array).is_some_and(|parts| {
                    parts.iter().any(|part| {
                        let part = self.docs.deref(resolved_place.clone(), part).map(|(_, v)| v);
                        part.is_ok_and(|p| p.get("properties").and_then(|p| p.get(wire)).is_some())
                    })
                })
        };
        let requires = |wire: &str| {
            let listed = |schema: &Value| {
                schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n == wire))
            };
            listed(resolved)
                || target.get("allOf").and_then(Value::as_array).is_some_and(|parts| {
                    parts.iter().any(|part| {
                        let part = self.docs.deref(resolved_place.clone(), part).map(|(_, v)| v);
                        part.is_ok_and(listed)
                    })
                })
        };
        let lacks_some = shared.keys().any(|wire| !declares(wire))
            || outer_required.iter().any(|wire| !requires(wire));
        Ok((object_like && lacks_some).then(|| (resolved_place.clone(), resolved.clone())))
    }

    /// The struct of a refining choice: the properties of the object around the union, then
    /// the choice's (a property both declare takes the choice's narrower schema), and the
    /// `required` names of both.
    fn merged_choice(
        &mut self,
        place: &Place,
        object: &Map<String, Value>,
        choice_place: &Place,
        choice: &Value,
        hint: &str,
    ) -> Result<TypeId, Diagnostic> {
        let (id, name) = match self.reserve_struct(choice_place, "#merged", choice, hint) {
            Ok(reserved) => reserved,
            Err(known) => return Ok(known),
        };
        // The union around this struct is the object's choices: only its properties here.
        let mut outer = object.clone();
        outer.remove("oneOf");
        outer.remove("anyOf");
        let outer = Value::Object(outer);
        let mut gathered = Gathered::default();
        self.collect_fields(place, &outer, &name, &mut gathered)?;
        self.collect_fields(choice_place, choice, &name, &mut gathered)?;
        self.types[id].body = TypeBody::Struct(self.finish_fields(choice_place, gathered));
        Ok(id)
    }

    /// Properties beside `oneOf`/`anyOf` apply to every choice. The union keeps only the
    /// choices, so nothing is lost when each choice is a struct that has them all (as in the
    /// Atlas documents); otherwise the missing ones are reported.
    fn check_shared_properties(
        &mut self,
        place: &Place,
        object: &Map<String, Value>,
        key: &str,
        variants: &[Variant],
    ) {
        let Some(shared) = object.get("properties").and_then(Value::as_object) else { return };
        for variant in variants {
            // A choice that is not a struct has none of the properties.
            let fields: &[Field] = match variant.ty.kind {
                Kind::Named(id) => match &self.types[id].body {
                    TypeBody::Struct(fields) => fields,
                    _ => &[],
                },
                _ => &[],
            };
            let missing: Vec<&str> = shared
                .keys()
                .map(String::as_str)
                .filter(|wire| !fields.iter().any(|f| f.wire_name == *wire))
                .collect();
            if !missing.is_empty() {
                let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
                self.degraded(place, format!("properties beside `{key}` are ignored, and the choice `{}` lacks {list}; the type is the union of the `{key}` choices", variant.rust_name));
                return;
            }
        }
    }

    /// `allOf: [{$ref: a union, an enum, an array or a scalar}, {nullable: true}]` (and other
    /// parts that only annotate: descriptions, defaults, examples): the value is the
    /// referenced one, since merging the parts' properties, as for objects, would leave an
    /// empty struct.
    fn annotated_choice<'v>(
        &self,
        place: &Place,
        object: &'v Map<String, Value>,
    ) -> Result<Option<(usize, &'v Value)>, Diagnostic> {
        let Some(parts) = object.get("allOf").and_then(Value::as_array) else { return Ok(None) };
        if object.contains_key("properties")
            || object.contains_key("oneOf")
            || object.contains_key("anyOf")
        {
            return Ok(None);
        }
        let mut structural = parts.iter().enumerate().filter(|(_, part)| !only_annotates(part));
        let (Some((index, part)), None) = (structural.next(), structural.next()) else {
            return Ok(None);
        };
        if parts.len() < 2 {
            return Ok(None);
        }
        let part_place =
            Place { doc: place.doc, pointer: format!("{}/allOf/{index}", place.pointer) };
        let (_, target) = self.docs.deref(part_place, part)?;
        // A union, an enum, or a value of another type than an object (an array, a scalar):
        // nothing of it would survive as a struct's properties.
        let choice = target.as_object().is_some_and(|t| {
            !t.contains_key("properties")
                && (t.contains_key("oneOf")
                    || t.contains_key("anyOf")
                    || t.contains_key("enum")
                    || primary_type(t).is_some_and(|ty| ty != "object"))
        });
        Ok(choice.then_some((index, part)))
    }

    /// `allOf` parts that all describe one scalar (Lob's `allOf: [{$ref: an id with a
    /// pattern}, {type: string, description: ..}]`): one schema with every part's keywords,
    /// since merging them as an object's properties would leave an empty struct. A keyword
    /// two parts give different values keeps the first, noted as degraded.
    fn scalar_all_of(
        &mut self,
        place: &Place,
        object: &Map<String, Value>,
    ) -> Result<Option<Value>, Diagnostic> {
        const SHAPES: &[&str] =
            &["properties", "additionalProperties", "items", "allOf", "oneOf", "anyOf", "not"];
        let Some(parts) = object.get("allOf").and_then(Value::as_array) else { return Ok(None) };
        if parts.len() < 2 || SHAPES.iter().any(|k| *k != "allOf" && object.contains_key(*k)) {
            return Ok(None);
        }
        let mut resolved = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_place =
                Place { doc: place.doc, pointer: format!("{}/allOf/{index}", place.pointer) };
            // A part in a `$ref` cycle is not a scalar: the struct path notes the cycle.
            let Ok((_, target)) = self.docs.deref(part_place, part) else { return Ok(None) };
            match target.as_object() {
                Some(target) if !SHAPES.iter().any(|k| target.contains_key(*k)) => {
                    resolved.push(target)
                }
                _ => return Ok(None),
            }
        }
        let mut types = resolved.iter().filter_map(|part| primary_type(part));
        let Some(ty) = types.next() else { return Ok(None) };
        if !matches!(ty.as_str(), "string" | "integer" | "number" | "boolean")
            || types.any(|other| other != ty && !(ty == "number" && other == "integer"))
        {
            return Ok(None);
        }
        let mut merged = object.clone();
        merged.remove("allOf");
        let mut conflicts = Vec::new();
        for part in resolved {
            for (key, value) in part {
                match merged.get(key) {
                    None => {
                        merged.insert(key.clone(), value.clone());
                    }
                    Some(known) if known == value || !constrains(key) => {}
                    Some(_) => conflicts.push(key.clone()),
                }
            }
        }
        if !conflicts.is_empty() {
            self.degraded(
                place,
                format!(
                    "the `allOf` parts give different values for {}; the first part's is checked",
                    conflicts.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        Ok(Some(Value::Object(merged)))
    }

    /// A struct from the properties of `schema` (and its `allOf` parts), ignoring any
    /// `oneOf`/`anyOf` it has; used for subtypes that add nothing to their base.
    fn named_struct(
        &mut self,
        place: &Place,
        schema: &Value,
        hint: &str,
    ) -> Result<TypeId, Diagnostic> {
        let (id, name) = match self.reserve_struct(place, "#struct", schema, hint) {
            Ok(reserved) => reserved,
            Err(known) => return Ok(known),
        };
        // The properties of the base the subtype points at.
        let empty = Map::new();
        let (base_place, base) = match single_all_of(schema.as_object().unwrap_or(&empty)) {
            Some(part) => self.docs.deref(
                Place { doc: place.doc, pointer: format!("{}/allOf/0", place.pointer) },
                part,
            )?,
            None => (place.clone(), schema),
        };
        self.types[id].body = TypeBody::Struct(self.struct_fields(&base_place, base, &name)?);
        Ok(id)
    }

    fn string_enum(&mut self, place: &Place, values: &[Value]) -> TypeBody {
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for value in values {
            match value {
                // A value listed twice is one value.
                Value::String(wire) if out.iter().any(|known: &EnumValue| known.wire == *wire) => {}
                Value::String(wire) => {
                    out.push(EnumValue { wire: wire.clone(), rust_name: scope.claim(pascal(wire)) })
                }
                Value::Null => {}
                other => self.degraded(
                    place,
                    format!("the enum value {other} is not a string and is left out"),
                ),
            }
        }
        let catch_all = scope.claim("Unknown".to_string());
        TypeBody::Enum { values: out, catch_all }
    }

    /// The fields of an object schema and its `allOf` parts. A name `required` lists that no
    /// part declares: JSON Schema asks for it with any value, but servers that publish such
    /// descriptions leave it out of their replies (DigitalOcean, PagerDuty, Xero), so it is an
    /// optional field of any JSON value, and a degraded note.
    fn struct_fields(
        &mut self,
        place: &Place,
        schema: &Value,
        type_name: &str,
    ) -> Result<Vec<Field>, Diagnostic> {
        let mut gathered = Gathered::default();
        self.collect_fields(place, schema, type_name, &mut gathered)?;
        Ok(self.finish_fields(place, gathered))
    }

    /// The fields gathered from a schema's parts, with a field of any JSON value for each
    /// `required` name no part declares.
    fn finish_fields(&mut self, place: &Place, gathered: Gathered) -> Vec<Field> {
        let Gathered { mut fields, mut scope, required, chosen, .. } = gathered;
        for field in fields.iter_mut() {
            field.example_sets |= chosen.contains(&field.wire_name);
            // A part's `required` applies to every part's properties, also to those of a
            // later part (`allOf: [{required: [country]}, {properties: {country: ..}}]`).
            field.required |= required.contains(&field.wire_name);
        }
        for wire in required {
            if fields.iter().any(|f| f.wire_name == wire) {
                continue;
            }
            self.degraded(
                place,
                format!("`required` names `{wire}`, which no part of the schema describes: an optional field of any JSON value"),
            );
            fields.push(Field {
                rust_name: scope.claim_ident(snake(&wire)),
                wire_name: wire,
                ty: ValueType::new(Kind::Any),
                boxed: false,
                required: false,
                nullable: false,
                read_only: false,
                write_only: false,
                deprecated: false,
                example_sets: true,
                doc: Some(
                    "Listed as required by the API description, which does not describe it (any JSON value)."
                        .to_string(),
                ),
                default: None,
            });
        }
        fields
    }

    /// Gathers the properties of an object schema, merging every `allOf` part into one list.
    fn collect_fields(
        &mut self,
        place: &Place,
        schema: &Value,
        type_name: &str,
        gathered: &mut Gathered,
    ) -> Result<(), Diagnostic> {
        if gathered.visiting.contains(place) {
            return Ok(());
        }
        gathered.visiting.push(place.clone());
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                let part_place =
                    Place { doc: place.doc, pointer: format!("{}/allOf/{i}", place.pointer) };
                let (part_place, part) = match self.docs.deref(part_place.clone(), part) {
                    Ok(found) => found,
                    Err(_) => {
                        self.degraded(&part_place, "this `allOf` part is a `$ref` cycle with nothing in between; it adds no properties");
                        continue;
                    }
                };
                self.collect_fields(&part_place, part, type_name, gathered)?;
            }
        }
        self.required_choices(place, schema, gathered)?;
        let fields = &mut gathered.fields;
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties_place =
            Place { doc: place.doc, pointer: format!("{}/properties", place.pointer) };
        let properties = match schema.get("properties") {
            // `properties: {$ref: ...}`: the map itself given by reference. JSON Schema would
            // read a property named `$ref`; the document means the map it points at, as
            // reference resolvers that replace every `$ref` (Prism's, Redoc's) read it.
            Some(map) if is_reference_only(map) => {
                self.degraded(
                    &properties_place,
                    "`properties` is itself a `$ref`; read as the map of properties it points at",
                );
                Some(self.docs.deref(properties_place.clone(), map)?)
            }
            Some(map) => Some((properties_place, map)),
            None => None,
        };
        if let Some((properties_place, Value::Object(properties))) = properties {
            for (wire, property) in properties {
                let property_place = Place {
                    doc: properties_place.doc,
                    pointer: push_pointer(&properties_place.pointer, wire),
                };
                let ty = self.value_type_allowing_null(
                    &property_place,
                    property,
                    &format!("{type_name}{}", pascal(wire)),
                )?;
                let (_, target) = self.docs.deref(property_place.clone(), property)?;
                // `allOf: [{$ref: a nullable schema}, {description: ..}]`: every part allows
                // null (the referenced one says so, the annotations allow anything).
                let nullable_parts = match property.get("allOf").and_then(Value::as_array) {
                    Some(parts) if !parts.is_empty() => {
                        parts.iter().enumerate().all(|(i, part)| {
                            let part_place = Place {
                                doc: property_place.doc,
                                pointer: format!("{}/allOf/{i}", property_place.pointer),
                            };
                            let resolved =
                                self.docs.deref(part_place, part).map(|(_, v)| v).unwrap_or(part);
                            resolved.get("nullable").and_then(Value::as_bool) == Some(true)
                                || only_annotates(resolved)
                        }) && parts.iter().any(|part| part.get("$ref").is_some())
                    }
                    _ => false,
                };
                // A flag on the property, its target, or an `allOf` part that only annotates.
                let flag = |key: &str| {
                    let in_parts =
                        property.get("allOf").and_then(Value::as_array).is_some_and(|parts| {
                            parts
                                .iter()
                                .any(|part| part.get(key).and_then(Value::as_bool) == Some(true))
                        });
                    in_parts
                        || property
                            .get(key)
                            .or_else(|| target.get(key))
                            .and_then(Value::as_bool)
                            .unwrap_or(false)
                };
                let field = Field {
                    wire_name: wire.clone(),
                    rust_name: Default::default(),
                    ty,
                    boxed: false,
                    required: required.contains(&wire.as_str()),
                    nullable: flag("nullable")
                        || nullable_parts
                        || type_includes_null(property)
                        || type_includes_null(target),
                    read_only: flag("readOnly"),
                    write_only: flag("writeOnly"),
                    deprecated: flag("deprecated"),
                    example_sets: false,
                    doc: description(property).or_else(|| description(target)),
                    default: property.get("default").or_else(|| target.get("default")).cloned(),
                };
                // A later allOf part redefines a property: the later definition wins.
                if let Some(existing) = fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
                    let rust_name = std::mem::take(&mut existing.rust_name);
                    let was_required = existing.required;
                    *existing =
                        Field { rust_name, required: was_required || field.required, ..field };
                } else {
                    let rust_name = gathered.scope.claim_ident(snake(wire));
                    fields.push(Field { rust_name, ..field });
                }
            }
        }
        // `required` may name properties declared in another allOf part.
        for field in fields.iter_mut() {
            if required.contains(&field.wire_name.as_str()) {
                field.required = true;
            }
        }
        gathered.required.extend(required.iter().map(|name| name.to_string()));
        gathered.visiting.pop();
        Ok(())
    }
}

impl TypeBuilder<'_> {
    /// A part's `anyOf`/`oneOf` whose choices only list `required` names (Lob's "`name` or
    /// `company`" inside an `allOf` part): the struct keeps the fields optional, examples set
    /// the first choice's names, and the rule, not checked before sending, is a degraded note.
    fn required_choices(
        &mut self,
        place: &Place,
        schema: &Value,
        gathered: &mut Gathered,
    ) -> Result<(), Diagnostic> {
        for keyword in ["anyOf", "oneOf"] {
            let Some(choices) = schema.get(keyword).and_then(Value::as_array) else { continue };
            let mut lists = Vec::new();
            for (i, choice) in choices.iter().enumerate() {
                let choice_place =
                    Place { doc: place.doc, pointer: format!("{}/{keyword}/{i}", place.pointer) };
                let Ok((_, choice)) = self.docs.deref(choice_place, choice) else { return Ok(()) };
                match required_only(choice) {
                    Some(names) => lists.push(names),
                    None => return Ok(()),
                }
            }
            let Some(first) = lists.first() else { continue };
            gathered.chosen.extend(first.iter().cloned());
            let shown: Vec<String> =
                lists.iter().map(|names| format!("[{}]", names.join(", "))).collect();
            self.degraded(
                place,
                format!("`{keyword}` of `required` lists ({}) is not checked before sending; the fields stay optional and examples set the first list", shown.join(", ")),
            );
        }
        Ok(())
    }
}

/// The names of a choice that only lists `required` names (with a title or description).
fn required_only(choice: &Value) -> Option<Vec<String>> {
    let object = choice.as_object()?;
    let annotates = |k: &str| matches!(k, "title" | "description") || k.starts_with("x-");
    if !object.keys().all(|k| k == "required" || annotates(k)) {
        return None;
    }
    let names: Vec<String> = object
        .get("required")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// What `collect_fields` gathers for one struct across its `allOf` parts.
#[derive(Default)]
struct Gathered {
    /// Names the first choice of a part's `anyOf`/`oneOf` of `required` lists asks for.
    chosen: Vec<String>,
    fields: Vec<Field>,
    scope: Scope,
    /// The parts on the way, so a part that contains itself is read once.
    visiting: Vec<Place>,
    /// Every name a part's `required` lists, to find those no part declares.
    required: Vec<String>,
}

/// A schema made only of keywords that annotate (descriptions, flags, examples, `x-`
/// extensions): as an `allOf` part it adds no shape.
fn only_annotates(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "nullable",
        "description",
        "title",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "example",
        "examples",
    ];
    schema
        .as_object()
        .is_some_and(|o| o.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")))
}

/// Whether a keyword constrains values (two different values of it cannot both be kept),
/// unlike annotations and extensions.
fn constrains(key: &str) -> bool {
    !key.starts_with("x-")
        && !matches!(key, "description" | "title" | "example" | "examples" | "deprecated")
}

/// `{$ref: "..."}` and nothing else.
fn is_reference_only(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.len() == 1 && map.get("$ref").is_some_and(Value::is_string))
}

/// Whether a schema becomes a named type: objects with properties, string enums, unions
/// and compositions.
fn needs_name(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else { return false };
    if object.contains_key("$ref") {
        return false;
    }
    if single_all_of(object).is_some() {
        return false;
    }
    let ty = primary_type(object);
    if let Some(values) = enum_values(object) {
        return matches!(ty.as_deref(), Some("string") | None)
            && values.iter().any(Value::is_string);
    }
    ["properties", "allOf", "oneOf", "anyOf"].iter().any(|k| object.contains_key(*k))
        && matches!(ty.as_deref(), Some("object") | None)
}

/// `allOf: [X]` with nothing else that shapes the value is just `X` (often used to attach a
/// description to a reference).
fn single_all_of(object: &Map<String, Value>) -> Option<&Value> {
    let parts = object.get("allOf")?.as_array()?;
    // `required` beside the part makes its properties required: a struct of its own.
    if parts.len() != 1
        || ["properties", "oneOf", "anyOf", "enum", "additionalProperties", "required"]
            .iter()
            .any(|k| object.contains_key(*k))
    {
        return None;
    }
    parts.first()
}

/// The types of 3.1's `type: [string, integer]` (without `null`), when there are several.
fn several_types(object: &Map<String, Value>) -> Option<Vec<&str>> {
    let types = non_null(object.get("type")?.as_array()?);
    (types.len() > 1).then_some(types)
}

/// The entries of a `type` list other than `null`.
fn non_null(types: &[Value]) -> Vec<&str> {
    types.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect()
}

/// `enum`, or 3.1's `const` as an enum of one value, or a `oneOf`/`anyOf` whose every choice
/// is one constant (`oneOf: [{const: 2, title: GUILD_ONLY}, ...]`, a documented enum).
fn enum_values(object: &Map<String, Value>) -> Option<Cow<'_, [Value]>> {
    match (object.get("enum"), object.get("const")) {
        (Some(Value::Array(values)), _) => Some(Cow::Borrowed(values)),
        (None, Some(value)) => Some(Cow::Borrowed(std::slice::from_ref(value))),
        _ => constant_choices(object).map(Cow::Owned),
    }
}

/// The constants of a `oneOf`/`anyOf` whose choices are each one constant and annotations.
fn constant_choices(object: &Map<String, Value>) -> Option<Vec<Value>> {
    const ANNOTATIONS: &[&str] = &["title", "description", "deprecated", "type", "format"];
    let choices = object.get("oneOf").or_else(|| object.get("anyOf"))?.as_array()?;
    let constant = |choice: &Value| -> Option<Value> {
        let choice = choice.as_object()?;
        let value = match (choice.get("const"), choice.get("enum")) {
            (Some(value), None) => value.clone(),
            (None, Some(Value::Array(values))) if values.len() == 1 => values[0].clone(),
            _ => return None,
        };
        let annotated_only = choice.keys().all(|k| {
            k == "const" || k == "enum" || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")
        });
        annotated_only.then_some(value)
    };
    let values: Option<Vec<Value>> = choices.iter().map(constant).collect();
    values.filter(|values| !values.is_empty())
}

/// The `type`, with 3.1's `["string", "null"]` reduced to `string`; without one, the type
/// of a `const` value.
fn primary_type(object: &Map<String, Value>) -> Option<String> {
    let Some(ty) = object.get("type") else {
        return match object.get("const")? {
            Value::String(_) => Some("string".to_string()),
            Value::Bool(_) => Some("boolean".to_string()),
            Value::Number(n) if n.is_f64() => Some("number".to_string()),
            Value::Number(_) => Some("integer".to_string()),
            _ => None,
        };
    };
    match ty {
        Value::String(s) => Some(s.clone()),
        Value::Array(types) => match non_null(types).as_slice() {
            [single] => Some(single.to_string()),
            [] => Some("null".to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn type_includes_null(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|v| v == "null"))
        || null_choice(schema)
}

/// A schema that is only `null` (`{type: 'null'}`, 3.1).
fn only_null(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        let null_type = match o.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
            _ => false,
        };
        null_type && o.keys().all(|k| k == "type" || k == "description" || k == "title")
    })
}

/// `anyOf`/`oneOf` with a choice that is only `null` beside others (3.1's way to say
/// nullable, OpenAI's `anyOf: [{type: string}, {type: 'null'}]`).
pub(super) fn null_choice(schema: &Value) -> bool {
    ["anyOf", "oneOf"].iter().any(|keyword| {
        schema
            .get(*keyword)
            .and_then(Value::as_array)
            .is_some_and(|choices| choices.len() > 1 && choices.iter().any(only_null))
    })
}

/// The one choice beside a `null` choice (`anyOf: [X, {type: 'null'}]`), and its place:
/// the value is `X`, optional. `None` when there are several other choices, or properties
/// beside the choices.
fn nullable_choice<'v>(
    place: &Place,
    object: &'v Map<String, Value>,
) -> Option<(Place, &'v Value)> {
    if ["properties", "allOf", "discriminator"].iter().any(|k| object.contains_key(*k))
        || (object.contains_key("anyOf") && object.contains_key("oneOf"))
    {
        return None;
    }
    let (keyword, choices) = ["anyOf", "oneOf"]
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_array).map(|c| (*k, c)))?;
    if !choices.iter().any(only_null) {
        return None;
    }
    let mut others = choices.iter().enumerate().filter(|(_, c)| !only_null(c));
    let (index, choice) = others.next()?;
    if others.next().is_some() {
        return None;
    }
    Some((
        Place { doc: place.doc, pointer: format!("{}/{keyword}/{index}", place.pointer) },
        choice,
    ))
}

pub fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
}

fn kind_label(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "String",
        Kind::Bool => "Bool",
        Kind::Int32 | Kind::Int64 => "Integer",
        Kind::Float | Kind::Double => "Number",
        Kind::DateTime => "DateTime",
        Kind::Date => "Date",
        Kind::Uuid => "Uuid",
        Kind::Bytes => "Bytes",
        Kind::File => "File",
        Kind::Any => "Value",
        Kind::Array(_) => "Array",
        Kind::Map(_) => "Map",
        Kind::Named(_) => "Named",
    }
}

/// The name a `$ref`'s target gives its type: the last key of its pointer, or for a whole
/// file (split documents put one schema per file) the file's name without its extension.
fn reference_name(docs: &Documents, target: &Place, hint: &str) -> String {
    match target.pointer.rsplit('/').next() {
        Some(last) if !last.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => docs
            .path(target.doc)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or(hint)
            .to_string(),
    }
}
