//! Strategies for random small but valid specs, shared by the property tests.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Names that stress the name mapping: keywords, digits first, symbols, case collisions.
pub fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_string()),
        Just("self".to_string()),
        Just("3d".to_string()),
        Just("Name".to_string()),
        Just("name".to_string()),
        Just("x-y_z".to_string()),
        Just("$ref-ish".to_string()),
        Just("crate".to_string()),
        "[a-zA-Z][a-zA-Z0-9_]{0,8}",
    ]
}

pub fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "pattern": "^[a-f0-9]{4}$"})),
        Just(json!({"type": "string", "format": "email", "nullable": true})),
        Just(json!({"type": "integer", "format": "int32", "minimum": 0})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "object", "additionalProperties": {"type": "integer"}})),
        Just(json!({"type": "string", "enum": ["a", "A", "b-c", "1"]})),
        // A value listed twice (some public documents do) is one variant.
        Just(json!({"type": "string", "enum": ["on", "off", "on"]})),
        Just(json!({"$ref": "#/components/schemas/Root"})),
    ]
}

pub fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            (prop::collection::vec((name(), inner.clone(), any::<bool>()), 1..4)).prop_map(
                |fields| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (name, schema, is_required) in fields {
                        if is_required {
                            required.push(json!(name.clone()));
                        }
                        properties.insert(name, schema);
                    }
                    json!({"type": "object", "properties": properties, "required": required})
                }
            ),
            prop::collection::vec(inner, 2..3).prop_map(|choices| json!({"oneOf": choices})),
        ]
    })
}

pub fn spec(root: Value, body: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Random", "version": "1"},
        "paths": {"/things/{id}": {"post": {
            "operationId": "postThing",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}}}
        }}},
        "components": {"schemas": {"Root": root}}
    })
}

/// Names the generator itself uses in emitted code (locals, helpers, builder methods, runtime
/// and prelude types, client methods), mixed with ordinary ones: none may break the crate.
pub fn colliding_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("request".to_string()),
        Just("required".to_string()),
        Just("value".to_string()),
        Just("item".to_string()),
        Just("body".to_string()),
        Just("client".to_string()),
        Just("send".to_string()),
        Just("items".to_string()),
        Just("prepare".to_string()),
        Just("self".to_string()),
        Just("check_pattern".to_string()),
        "[a-z][a-zA-Z0-9]{0,6}",
    ]
}

/// Schemas a parameter may have: scalars, lists, objects, maps, unions and 3.1 type arrays,
/// some with bounds beyond 64 bits (see [`spec_text`]).
pub fn parameter_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string", "pattern": "^[a-z]+$"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "maximum": "HUGE", "minimum": "-HUGE"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "array", "items": {"type": "string"}})),
        Just(json!({"type": "array", "items": {"type": "integer"}})),
        Just(
            json!({"type": "object", "properties": {"R": {"type": "integer"}, "G": {"type": "string"}}})
        ),
        Just(json!({"type": "object", "additionalProperties": {"type": "string"}})),
        Just(json!({"oneOf": [{"type": "integer"}, {"type": "string", "minLength": 1}]})),
        Just(json!({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "string"}]})),
        Just(json!({"type": "string", "const": "fixed"})),
    ]
}

/// One parameter: any location, any style the location allows (and sometimes one it does not),
/// either `explode`, or described by `content`.
pub fn parameter() -> impl Strategy<Value = Value> {
    (
        colliding_name(),
        0..3usize,
        parameter_schema(),
        0..4usize,
        any::<bool>(),
        any::<bool>(),
        0..8u8,
    )
        .prop_map(|(name, location, schema, style, explode, required, content)| {
            let (location, styles): (&str, &[&str]) = match location {
                0 => ("query", &["form", "spaceDelimited", "pipeDelimited", "deepObject"]),
                1 => ("path", &["simple", "label", "matrix", "form"]),
                _ => ("header", &["simple"]),
            };
            let mut parameter =
                json!({"name": name, "in": location, "required": required || location == "path"});
            if content == 0 {
                parameter["content"] = json!({"application/json": {"schema": schema}});
            } else {
                parameter["schema"] = schema;
                parameter["style"] = json!(styles[style % styles.len()]);
                parameter["explode"] = json!(explode);
                parameter["allowReserved"] = json!(content == 1);
            }
            parameter
        })
}

/// Parameters with distinct `(name, in)`, none the fixed path parameter `id`.
pub fn parameters() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(parameter(), 0..6).prop_map(|list| {
        let mut seen = vec![("id".to_string(), "path".to_string())];
        list.into_iter()
            .filter(|p| {
                let key = (
                    p["name"].as_str().unwrap().to_string(),
                    p["in"].as_str().unwrap().to_string(),
                );
                let fresh = !seen.contains(&key);
                seen.push(key);
                fresh
            })
            .collect()
    })
}

/// Operation ids and schema names that collide with the client's own methods and types.
pub fn operation_id() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("postThing".to_string()),
        Just("execute".to_string()),
        Just("builder".to_string()),
        Just("request".to_string()),
        Just("option".to_string())
    ]
}

/// [`spec`] with extra parameters (path ones appended to the template) and an operation id.
pub fn spec_with(root: Value, body: Value, parameters: &[Value], operation_id: &str) -> Value {
    let mut document = spec(root, body);
    let mut path = "/things/{id}".to_string();
    for parameter in parameters.iter().filter(|p| p["in"] == "path") {
        path.push_str(&format!("/{{{}}}", parameter["name"].as_str().unwrap()));
    }
    let mut operation = document["paths"]["/things/{id}"].take();
    operation["post"]["operationId"] = json!(operation_id);
    operation["post"]["parameters"].as_array_mut().unwrap().extend(parameters.iter().cloned());
    document["paths"] = json!({ path: operation });
    document["components"]["schemas"]["Option"] =
        json!({"type": "object", "properties": {"some": {"type": "string"}}});
    document["components"]["schemas"]["Result"] =
        json!({"oneOf": [{"$ref": "#/components/schemas/Option"}, {"type": "string"}]});
    document
}

/// The document's text, YAML or JSON, with each `"HUGE"` placeholder written as a number
/// beyond 64 bits (which JSON values cannot hold, but documents do).
pub fn spec_text(document: &Value, yaml: bool) -> String {
    let text = if yaml { serde_yaml::to_string(document).unwrap() } else { document.to_string() };
    text.replace("\"-HUGE\"", "-340282366920938463463374607431768211455")
        .replace("\"HUGE\"", "340282366920938463463374607431768211455")
        .replace("'-HUGE'", "-340282366920938463463374607431768211455")
        .replace("HUGE", "340282366920938463463374607431768211455")
}
