//! The last step of the build stage, once every type and operation is read: the facts the
//! emitters render and must not decide themselves. Which types are validated and which
//! fields boxed; per parameter and body, the wire plan (how it reaches the wire) and its
//! command-line flag; the name of each distinct pattern.

use crate::diagnostic::{push_pointer, Diagnostic};
use crate::model::{
    Api, FieldFlag, FieldKind, FlagInput, Kind, Param, ParamLocation, ParamWire, Serialization,
    TypeBody, TypeId, ValueType,
};
use crate::model::{BodyPart, BodyWire, PartKind};
use crate::names::FlagScope;

/// API-specific rules that no document states, given by an option.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// The boolean query parameter that asks the server to wrap replies in an envelope the
    /// client then unwraps (`envelope` for the Atlas API); `None`: no such parameter.
    pub envelope_param: Option<String>,
}

pub fn plan(api: &mut Api, rules: &Rules, file: &std::path::Path, report: &mut Vec<Diagnostic>) {
    mark_validated(api);
    mark_boxed(api);
    plan_multipart(api, file, report);
    plan_operations(api, rules);
    api.patterns = super::patterns::name_patterns(api);
}

/// Marks the types that requests carry and that have something to check, directly or
/// through their fields, until nothing changes.
fn mark_validated(api: &mut Api) {
    loop {
        let mut changed = false;
        for id in 0..api.types.len() {
            let def = &api.types[id];
            if def.validated {
                continue;
            }
            let checked = match &def.body {
                TypeBody::Struct(_) => {
                    def.min_properties.is_some()
                        || def.max_properties.is_some()
                        || def.kept_fields().any(|f| api.has_checks(&f.ty))
                }
                TypeBody::Union { variants, .. } => variants.iter().any(|v| api.has_checks(&v.ty)),
                TypeBody::Enum { .. } => false,
                TypeBody::Alias(ty) => api.has_checks(ty),
            };
            if checked {
                api.types[id].validated = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Boxes the fields and union variants that would otherwise make a type contain itself.
fn mark_boxed(api: &mut Api) {
    for id in 0..api.types.len() {
        let boxed: Vec<bool> = match &api.types[id].body {
            TypeBody::Struct(fields) => fields
                .iter()
                .map(
                    |f| matches!(f.ty.kind, Kind::Named(target) if reaches_inline(api, target, id)),
                )
                .collect(),
            TypeBody::Union { variants, .. } => variants
                .iter()
                .map(|v| match v.ty.kind {
                    Kind::Named(target) => {
                        matches!(api.types[target].body, TypeBody::Struct(_))
                            || reaches_inline(api, target, id)
                    }
                    _ => false,
                })
                .collect(),
            _ => continue,
        };
        match &mut api.types[id].body {
            TypeBody::Struct(fields) => fields.iter_mut().zip(boxed).for_each(|(f, b)| f.boxed = b),
            TypeBody::Union { variants, .. } => {
                variants.iter_mut().zip(boxed).for_each(|(v, b)| v.boxed = b)
            }
            _ => {}
        }
    }
}

/// A multipart body's parts, one per property of its struct: binary properties become file
/// parts (their type `FilePart`), scalars text parts, the rest JSON parts. A multipart body
/// without an object schema cannot be typed part by part: it is degraded to bytes the caller
/// encodes.
fn plan_multipart(api: &mut Api, file: &std::path::Path, report: &mut Vec<Diagnostic>) {
    let mut files = Vec::new();
    for index in 0..api.operations.len() {
        let op = &api.operations[index];
        let Some(body) = op.body.as_ref().filter(|b| b.wire == BodyWire::Multipart) else {
            continue;
        };
        let fields = match body.ty.kind {
            Kind::Named(id) => match &api.types[id].body {
                TypeBody::Struct(fields) => Some((id, fields)),
                _ => None,
            },
            _ => None,
        };
        let Some((id, fields)) = fields else {
            let pointer = format!(
                "{}/{}/requestBody",
                push_pointer("/paths", &op.path),
                op.http_method.to_ascii_lowercase()
            );
            report.push(Diagnostic::degraded(file, &pointer, format!("the `{}` body of `{}` has no object schema, so its parts cannot be typed; it is sent as the bytes the caller gives", body.media_type, op.id)));
            let body = api.operations[index].body.as_mut().expect("checked above");
            body.wire = BodyWire::Bytes;
            body.ty = ValueType::new(Kind::Bytes);
            continue;
        };
        let def = &api.types[id];
        let mut parts = Vec::new();
        for (field_index, field) in fields.iter().enumerate().filter(|(_, f)| def.keeps(f)) {
            let (item, list) = match &field.ty.kind {
                Kind::Array(item) => (&**item, true),
                _ => (&field.ty, false),
            };
            let kind = match &item.kind {
                Kind::Bytes | Kind::File => {
                    files.push((id, field_index));
                    PartKind::File
                }
                Kind::Named(target) if matches!(api.types[*target].body, TypeBody::Enum { .. }) => {
                    PartKind::Text
                }
                Kind::Named(_) | Kind::Map(_) | Kind::Any | Kind::Array(_) => PartKind::Json,
                _ => PartKind::Text,
            };
            let content_type = body
                .encodings
                .iter()
                .find(|e| e.property == field.wire_name)
                .and_then(|e| e.content_type.clone());
            parts.push(BodyPart { field: field_index, kind, list, content_type });
        }
        api.operations[index].body.as_mut().expect("checked above").parts = parts;
    }
    for (id, field_index) in files {
        if let TypeBody::Struct(fields) = &mut api.types[id].body {
            let ty = &mut fields[field_index].ty;
            match &mut ty.kind {
                Kind::Array(item) => item.kind = Kind::File,
                kind => *kind = Kind::File,
            }
        }
    }
}

/// Whether `target` can reach `start` through values stored inline (not behind a `Vec` or
/// map), which means a value of type `target` inside `start` must be boxed.
fn reaches_inline(api: &Api, target: TypeId, start: TypeId) -> bool {
    let mut stack = vec![target];
    let mut seen = vec![false; api.types.len()];
    while let Some(id) = stack.pop() {
        if id == start {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        let mut push_inline = |ty: &ValueType| {
            if let Kind::Named(next) = ty.kind {
                stack.push(next);
            }
        };
        match &api.types[id].body {
            TypeBody::Struct(fields) => fields.iter().for_each(|f| push_inline(&f.ty)),
            TypeBody::Union { variants, .. } => variants.iter().for_each(|v| push_inline(&v.ty)),
            TypeBody::Alias(ty) => push_inline(ty),
            TypeBody::Enum { .. } => {}
        }
    }
    false
}

/// Each operation's parameters and body: their wire plans and command-line flags.
fn plan_operations(api: &mut Api, rules: &Rules) {
    for index in 0..api.operations.len() {
        let op = &api.operations[index];
        // Parameters' flags first, then the body fields' (a field whose flag is taken gets
        // `body-` in front).
        let mut flags = FlagScope::default();
        let plans: Vec<(ParamWire, String, FlagInput)> = op
            .params
            .iter()
            .map(|p| {
                (
                    param_wire(api, p, rules),
                    flags.claim(&p.wire_name, "param"),
                    flag_input(api, &p.ty),
                )
            })
            .collect();
        let body_flags = op.body.as_ref().map(|body| field_flags(api, &body.ty, &mut flags));
        let op = &mut api.operations[index];
        for (param, (wire, flag, input)) in op.params.iter_mut().zip(plans) {
            (param.wire, param.flag, param.flag_input) = (wire, flag, input);
        }
        if let (Some(body), Some(flags)) = (&mut op.body, body_flags) {
            body.flags = flags;
        }
    }
}

/// How a parameter reaches the wire. Plain scalars, and lists of them in the default query
/// style, keep the short forms; the rest goes through the runtime's style writer.
fn param_wire(api: &Api, param: &Param, rules: &Rules) -> ParamWire {
    let plain = |kind: &Kind| {
        !api.takes_json(kind)
            && !matches!(kind, Kind::Array(_) | Kind::Map(_) | Kind::Any | Kind::Bytes | Kind::File)
    };
    let styled = param.serialization.content.is_some()
        || param.serialization != Serialization::default_for(param.location)
        || match &param.ty.kind {
            Kind::Array(item) => param.location != ParamLocation::Query || !plain(&item.kind),
            kind => !plain(kind),
        };
    if styled {
        return ParamWire::Styled;
    }
    match (param.location, &param.ty.kind) {
        (ParamLocation::Path, _) => ParamWire::PathScalar,
        (ParamLocation::Header, _) => ParamWire::HeaderScalar,
        (ParamLocation::Query, Kind::Array(_)) => ParamWire::QueryList,
        (ParamLocation::Query, Kind::Bool)
            if rules.envelope_param.as_deref() == Some(param.wire_name.as_str()) =>
        {
            ParamWire::Envelope
        }
        (ParamLocation::Query, _) => ParamWire::QueryScalar,
    }
}

/// How the command line reads a parameter: objects, unions and maps are given as JSON.
fn flag_input(api: &Api, ty: &ValueType) -> FlagInput {
    let json = |kind: &Kind| api.takes_json(kind) || matches!(kind, Kind::Map(_));
    match &ty.kind {
        Kind::Array(item) if json(&item.kind) => FlagInput::EachJson,
        Kind::Array(_) => FlagInput::Each,
        kind if json(kind) => FlagInput::Json,
        _ => FlagInput::One,
    }
}

/// The flags of a struct body's fields simple enough to have one, claimed after the
/// parameters' flags (a field whose flag is taken gets `body-` in front).
fn field_flags(api: &Api, body: &ValueType, flags: &mut FlagScope) -> Vec<FieldFlag> {
    let Kind::Named(id) = body.kind else { return Vec::new() };
    let def = &api.types[id];
    let TypeBody::Struct(fields) = &def.body else { return Vec::new() };
    let mut out = Vec::new();
    for (index, field) in fields.iter().enumerate().filter(|(_, f)| def.keeps(f)) {
        let (kind, list) = match &field.ty.kind {
            Kind::Array(item) => (field_kind(api, item), true),
            _ => (field_kind(api, &field.ty), false),
        };
        let Some(kind) = kind else { continue };
        out.push(FieldFlag {
            field: index,
            flag: flags.claim(&field.wire_name, "body"),
            kind,
            list,
        });
    }
    out
}

fn field_kind(api: &Api, ty: &ValueType) -> Option<FieldKind> {
    Some(match &ty.kind {
        Kind::String | Kind::Date | Kind::DateTime | Kind::Uuid => FieldKind::Text,
        Kind::Named(id) if matches!(api.types[*id].body, TypeBody::Enum { .. }) => FieldKind::Text,
        Kind::Int32 | Kind::Int64 => FieldKind::Integer,
        Kind::Float | Kind::Double => FieldKind::Number,
        Kind::Bool => FieldKind::Bool,
        Kind::Named(_) | Kind::Map(_) | Kind::Any => FieldKind::Json,
        Kind::File => FieldKind::File,
        Kind::Bytes | Kind::Array(_) => return None,
    })
}
