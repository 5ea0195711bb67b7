//! Building the intermediate model from resolved documents.

mod content;
pub mod media;
mod operations;
mod patterns;
mod plan;
pub mod tag_features;
mod types;

use serde_json::Value;

pub use media::is_json;
pub use plan::Rules;
pub use types::MAX_SCHEMA_DEPTH;

use crate::diagnostic::Diagnostic;
use crate::model::{Api, Kind, SecurityScheme, SuccessBody, TypeBody, TypeId, Usage, ValueType};
use crate::resolve::Documents;

/// Builds the model; degraded constructs are returned beside it.
pub fn build(
    docs: &Documents,
    api_version: Option<&str>,
    rules: &Rules,
) -> Result<(Api, Vec<Diagnostic>), Diagnostic> {
    // The types ask for each pattern's engine as they meet it; most are compiled by then.
    crate::regexes::compile_ahead(docs.values());
    let root = docs.root();
    let mut type_builder = types::TypeBuilder::new(docs);
    type_builder.declare_components()?;
    let mut op_builder =
        operations::OperationBuilder::new(docs, &mut type_builder, api_version.map(str::to_string));
    let operations = op_builder.build_all()?;
    let mut error_schemas = std::mem::take(&mut op_builder.error_schemas);
    // The most used error schema wins; on a tie, the first seen (stable sort keeps order).
    error_schemas.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let error_type = error_schemas.into_iter().next().map(|(ty, _)| ty);

    let mut api = Api {
        title: root.pointer("/info/title").and_then(Value::as_str).unwrap_or("API").to_string(),
        version: root
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        description: root
            .pointer("/info/description")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        default_base_url: root
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .map(|s| s.trim_end_matches('/').to_string()),
        operations,
        types: std::mem::take(&mut type_builder.types),
        security: security_schemes(root),
        error_type,
        tags: root
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| {
                Some((
                    tag.get("name")?.as_str()?.to_string(),
                    tag.get("description").and_then(Value::as_str).map(|d| d.trim().to_string()),
                ))
            })
            .collect(),
        patterns: Vec::new(),
        tag_features: None,
    };
    mark_usage(&mut api);
    find_pagination(&mut api);
    let mut report = docs.notes();
    plan::plan(&mut api, rules, docs.path(0), &mut report);
    if let Some(webhooks) =
        root.get("webhooks").and_then(Value::as_object).filter(|w| !w.is_empty())
    {
        // Requests the API sends to its users: nothing for a client to call.
        let names: Vec<&str> = webhooks.keys().map(String::as_str).collect();
        report.push(Diagnostic::degraded(docs.path(0), "/webhooks", format!("the webhooks {} describe requests the API sends, not operations a client calls; no code is generated for them", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))));
    }
    report.append(&mut type_builder.report);
    Ok((api, report))
}

fn security_schemes(root: &Value) -> Vec<SecurityScheme> {
    let Some(schemes) = root.pointer("/components/securitySchemes").and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, scheme) in schemes {
        let name = name.clone();
        let field = |key: &str| {
            scheme.get(key).and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase()
        };
        match field("type").as_str() {
            "http" => match field("scheme").as_str() {
                "digest" => out.push(SecurityScheme::HttpDigest { name }),
                "basic" => out.push(SecurityScheme::HttpBasic { name }),
                "bearer" => out.push(SecurityScheme::HttpBearer { name }),
                _ => {}
            },
            "oauth2" => {
                if let Some(token_url) =
                    scheme.pointer("/flows/clientCredentials/tokenUrl").and_then(Value::as_str)
                {
                    out.push(SecurityScheme::OAuth2ClientCredentials {
                        name,
                        token_url: token_url.to_string(),
                    });
                }
            }
            "apikey" if field("in") == "header" => {
                out.push(SecurityScheme::ApiKey {
                    name,
                    header: scheme
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                });
            }
            _ => {}
        }
    }
    out
}

/// Marks each type as reachable from a request body, a response, or both.
fn mark_usage(api: &mut Api) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    let mut patch_roots = Vec::new();
    for op in &api.operations {
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut request_roots);
            if op.http_method.eq_ignore_ascii_case("patch") {
                named_in(&body.ty, &mut patch_roots);
            }
        }
        for param in &op.params {
            named_in(&param.ty, &mut request_roots);
        }
        if let SuccessBody::Json(ty) = &op.success.body {
            named_in(ty, &mut response_roots);
        }
        if let Some(stream) = &op.success.stream {
            named_in(&stream.item, &mut response_roots);
        }
    }
    if let Some(ty) = &api.error_type {
        named_in(ty, &mut response_roots);
    }
    type Flag = fn(&mut Usage) -> &mut bool;
    let flags: [(Vec<TypeId>, Flag); 3] = [
        (request_roots, |u| &mut u.request),
        (response_roots, |u| &mut u.response),
        (patch_roots, |u| &mut u.patch),
    ];
    for (roots, flag) in flags {
        for id in reachable(api, roots) {
            *flag(&mut api.types[id].usage) = true;
        }
    }
}

/// Every named type reachable from `roots` through fields, variants and aliases, each once.
pub fn reachable(api: &Api, roots: Vec<TypeId>) -> Vec<TypeId> {
    let mut seen = vec![false; api.types.len()];
    let mut out = Vec::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        out.push(id);
        match &api.types[id].body {
            TypeBody::Struct(fields) => fields.iter().for_each(|f| named_in(&f.ty, &mut stack)),
            TypeBody::Union { variants, .. } => {
                variants.iter().for_each(|v| named_in(&v.ty, &mut stack))
            }
            TypeBody::Alias(ty) => named_in(ty, &mut stack),
            TypeBody::Enum { .. } => {}
        }
    }
    out
}

/// Pushes the named types that a value type refers to directly.
pub fn named_in(ty: &ValueType, out: &mut Vec<TypeId>) {
    match &ty.kind {
        Kind::Named(id) => out.push(*id),
        Kind::Array(inner) | Kind::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Marks list operations that page with `pageNum`/`itemsPerPage` and reply with `results`
/// (and usually `totalCount`), the convention of the Atlas API.
fn find_pagination(api: &mut Api) {
    for op in &mut api.operations {
        let is_integer = |p: &crate::model::Param| matches!(p.ty.kind, Kind::Int32 | Kind::Int64);
        let Some(page_param) =
            op.params.iter().position(|p| p.wire_name == "pageNum" && is_integer(p))
        else {
            continue;
        };
        if !op.params.iter().any(|p| p.wire_name == "itemsPerPage") {
            continue;
        }
        let SuccessBody::Json(ValueType { kind: Kind::Named(id), .. }) = &op.success.body else {
            continue;
        };
        if op.success.nullable {
            continue;
        }
        let TypeBody::Struct(fields) = &api.types[*id].body else { continue };
        let Some(results) = fields.iter().find(|f| f.wire_name == "results") else { continue };
        let Kind::Array(item) = &results.ty.kind else { continue };
        let total_field = fields
            .iter()
            .find(|f| f.wire_name == "totalCount" && matches!(f.ty.kind, Kind::Int32 | Kind::Int64))
            .map(|f| (f.rust_name.to_string(), f.required && !f.nullable));
        op.pagination = Some(crate::model::Pagination {
            page_param,
            items_field: results.rust_name.to_string(),
            items_required: results.required && !results.nullable,
            item_type: (**item).clone(),
            total_field,
        });
    }
}
