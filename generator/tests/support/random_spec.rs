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
        Just(json!({"$ref": "#/components/schemas/Root"})),
    ]
}

pub fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            (prop::collection::vec((name(), inner.clone(), any::<bool>()), 1..4)).prop_map(|fields| {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (name, schema, is_required) in fields {
                    if is_required {
                        required.push(json!(name.clone()));
                    }
                    properties.insert(name, schema);
                }
                json!({"type": "object", "properties": properties, "required": required})
            }),
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

