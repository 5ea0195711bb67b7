//! The files rendered from askama templates: the runtime, `lib.rs`, `Cargo.toml`, README.

use askama::Template;

use super::features::Features;
use super::{CrateInfo, Files};
use crate::deprecation::{replacement_names, Naming, Prose};
use crate::model::{Api, Kind, Operation, SecurityScheme, TypeBody};

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    crate_name: &'a str,
    crate_version: &'a str,
    title: &'a str,
    spec_name: &'a str,
    cli: bool,
    mock: bool,
    backtracking: bool,
    features: Features,
    tag_features: &'a [String],
    tag_feature_list: String,
    types_only: bool,
}

#[derive(Template)]
#[template(path = "types_only/lib.rs.j2", escape = "none")]
struct TypesOnlyLib<'a> {
    title: &'a str,
    version: &'a str,
    crate_ident: String,
    has_multipart: bool,
}

#[derive(Template)]
#[template(path = "types_only/runtime_mod.rs", escape = "none")]
struct TypesOnlyRuntimeMod {
    features: Features,
}

#[derive(Template)]
#[template(path = "types_only/error.rs", escape = "none")]
struct TypesOnlyError;

#[derive(Template)]
#[template(path = "cli/mod.rs", escape = "none")]
struct CliMod<'a> {
    bin_name: &'a str,
    about: String,
    default_base_url: &'a str,
    has_digest: bool,
    has_client_credentials: bool,
    has_multipart: bool,
}

#[derive(Template)]
#[template(path = "cli/main.rs", escape = "none")]
struct CliMain {
    crate_ident: String,
}

#[derive(Template)]
#[template(path = "mock/mod.rs", escape = "none")]
struct MockMod {
    crate_ident: String,
    example: String,
    has_multipart: bool,
}

#[derive(Template)]
#[template(path = "lib.rs.j2", escape = "none")]
struct LibRs<'a> {
    has_client_credentials: bool,
    has_digest: bool,
    has_multipart: bool,
    has_events: bool,
    /// Deprecated operations: method, sunset date, and the linked replacements.
    replacements: Vec<(String, String, String)>,
    cli: bool,
    mock: bool,
    title: &'a str,
    version: &'a str,
    crate_ident: String,
    default_base_url: &'a str,
    example: Option<String>,
    per_tag: bool,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    crate_name: &'a str,
    title: &'a str,
    spec_name: &'a str,
    operation_count: usize,
    type_count: usize,
    operations: &'a [Operation],
    /// Per operation, what its row says beside the operationId: `(deprecated; use `x`)`.
    notes: Vec<String>,
}

/// The crate docs' table of deprecated operations that name a replacement in the document.
fn replacement_rows(api: &Api) -> Vec<(String, String, String)> {
    api.operations
        .iter()
        .filter_map(|op| {
            let deprecation = op.deprecation.as_ref()?;
            let links = replacement_names(api, deprecation, Naming::Link, Prose::Skip);
            (!links.is_empty()).then(|| {
                (
                    op.names.method.bare().to_string(),
                    deprecation.sunset.clone().unwrap_or_else(|| "-".into()),
                    links.join(", "),
                )
            })
        })
        .collect()
}

/// The README's note on an operation: deprecated, and what to call instead.
fn readme_note(api: &Api, op: &Operation) -> String {
    let Some(deprecation) = &op.deprecation else { return String::new() };
    let replacements = replacement_names(api, deprecation, Naming::Method, Prose::Skip);
    match replacements.is_empty() {
        true => " (deprecated)".to_string(),
        false => format!(" (deprecated; use {})", replacements.join(" and ")),
    }
}

/// What the runtime templates need to know about authentication.
struct Security {
    has_digest: bool,
    digest_scheme: String,
    /// An HTTP Basic scheme: `Credentials::basic`.
    has_basic: bool,
    basic_scheme: String,
    /// An API key in a header: `Credentials::api_key`, sent in `api_key_header`.
    has_api_key: bool,
    api_key_scheme: String,
    api_key_header: String,
    has_client_credentials: bool,
    client_credentials_scheme: String,
    token_url: String,
}

impl Security {
    fn of(api: &Api) -> Self {
        let mut security = Security {
            has_digest: false,
            digest_scheme: String::new(),
            has_basic: false,
            basic_scheme: String::new(),
            has_api_key: false,
            api_key_scheme: String::new(),
            api_key_header: String::new(),
            has_client_credentials: false,
            client_credentials_scheme: String::new(),
            token_url: String::new(),
        };
        for scheme in &api.security {
            match scheme {
                SecurityScheme::HttpDigest { name } if !security.has_digest => {
                    security.has_digest = true;
                    security.digest_scheme = name.clone();
                }
                SecurityScheme::HttpBasic { name } if !security.has_basic => {
                    security.has_basic = true;
                    security.basic_scheme = name.clone();
                }
                SecurityScheme::ApiKey { name, header } if !security.has_api_key => {
                    security.has_api_key = true;
                    security.api_key_scheme = name.clone();
                    security.api_key_header = header.clone();
                }
                SecurityScheme::OAuth2ClientCredentials { name, token_url }
                    if !security.has_client_credentials =>
                {
                    security.has_client_credentials = true;
                    security.client_credentials_scheme = name.clone();
                    security.token_url = token_url.clone();
                }
                _ => {}
            }
        }
        security
    }
}

#[derive(Template)]
#[template(path = "runtime/mod.rs", escape = "none")]
struct RuntimeMod {
    has_client_credentials: bool,
    has_digest: bool,
    features: Features,
}

#[derive(Template)]
#[template(path = "runtime/client.rs", escape = "none")]
struct RuntimeClient<'a> {
    crate_ident: &'a str,
    /// Some operation has its own `security`: `ClientBuilder::credentials_for`.
    has_scheme_credentials: bool,
    /// A scheme an operation names, for the doc example of `credentials_for`.
    example_scheme: &'a str,
    default_base_url: &'a str,
    has_digest: bool,
    has_client_credentials: bool,
    has_multipart: bool,
    has_events: bool,
    token_url: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/auth.rs", escape = "none")]
struct RuntimeAuth<'a> {
    has_digest: bool,
    digest_scheme: &'a str,
    has_basic: bool,
    basic_scheme: &'a str,
    has_api_key: bool,
    api_key_scheme: &'a str,
    api_key_header: &'a str,
    has_client_credentials: bool,
    client_credentials_scheme: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/retry.rs", escape = "none")]
struct RuntimeRetry;

#[derive(Template)]
#[template(path = "runtime/hooks.rs", escape = "none")]
struct RuntimeHooks<'a> {
    crate_ident: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/paginate.rs", escape = "none")]
struct RuntimePaginate;

#[derive(Template)]
#[template(path = "runtime/error.rs", escape = "none")]
struct RuntimeError {
    error_body_type: String,
    error_code_access: Option<String>,
}

#[derive(Template)]
#[template(path = "runtime/validate.rs", escape = "none")]
struct RuntimeValidate {
    backtracking: bool,
    features: Features,
}

#[derive(Template)]
#[template(path = "runtime/object.rs", escape = "none")]
struct RuntimeObject;

#[derive(Template)]
#[template(path = "runtime/style.rs", escape = "none")]
struct RuntimeStyle;

#[derive(Template)]
#[template(path = "runtime/request.rs", escape = "none")]
struct RuntimeRequest {
    has_multipart: bool,
    has_scheme_credentials: bool,
}

#[derive(Template)]
#[template(path = "runtime/multipart.rs", escape = "none")]
struct RuntimeMultipart {
    /// The typed mock's part-by-part matching, behind the `mock` feature.
    mock: bool,
    /// The parts a request builder collects (not with `--types-only`).
    client: bool,
}

#[derive(Template)]
#[template(path = "runtime/events.rs", escape = "none")]
struct RuntimeEvents;

#[derive(Template)]
#[template(path = "runtime/reply.rs", escape = "none")]
struct RuntimeReply;

#[derive(Template)]
#[template(path = "runtime/pending.rs", escape = "none")]
struct RuntimePending {
    features: Features,
}

/// `backtracking`: some pattern needs `fancy-regex`, which the crate then depends on.
pub fn render(api: &Api, info: &CrateInfo, backtracking: bool) -> Result<Files, String> {
    let default_base_url = api.default_base_url.as_deref().unwrap_or("http://localhost");
    let security = Security::of(api);
    let features = Features::of(api);
    let mut files = Files::new();
    let mut add = |path: &str, rendered: askama::Result<String>| -> Result<(), String> {
        let mut text = rendered.map_err(|e| format!("internal error: rendering {path}: {e}"))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        files.insert(path.to_string(), text);
        Ok(())
    };
    // The crate is printed by prettyplease and laid out for reviewable diffs; `cargo fmt` in a
    // workspace that holds it (ours, or a user's that vendors it) leaves it as generated.
    add(
        "rustfmt.toml",
        Ok("# Generated code: formatted by the generator, not by rustfmt.\ndisable_all_formatting = true\n".to_string()),
    )?;
    let tag_features = api.tag_features.as_ref().map_or(&[][..], |features| &features.names[..]);
    add(
        "Cargo.toml",
        CargoToml {
            crate_name: &info.name,
            crate_version: &info.version,
            title: &api.title,
            spec_name: &info.spec_name,
            cli: info.cli,
            mock: info.mock,
            backtracking,
            features,
            tag_features,
            tag_feature_list: tag_features
                .iter()
                .map(|f| format!("{f:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            types_only: info.types_only,
        }
        .render(),
    )?;
    if info.types_only {
        // The model types and what they need: their JSON impls, checks and error.
        let crate_ident = info.name.replace('-', "_");
        let lib = TypesOnlyLib {
            title: &api.title,
            version: &api.version,
            crate_ident,
            has_multipart: features.multipart,
        };
        add("src/lib.rs", lib.render())?;
        add("src/runtime/mod.rs", TypesOnlyRuntimeMod { features }.render())?;
        add("src/runtime/error.rs", TypesOnlyError.render())?;
        add("src/runtime/object.rs", RuntimeObject.render())?;
        add("src/runtime/validate.rs", RuntimeValidate { backtracking, features }.render())?;
        if features.multipart {
            add(
                "src/runtime/multipart.rs",
                RuntimeMultipart { mock: false, client: false }.render(),
            )?;
        }
        return Ok(files);
    }
    add(
        "README.md",
        Readme {
            crate_name: &info.name,
            title: &api.title,
            spec_name: &info.spec_name,
            operation_count: api.operations.len(),
            type_count: api.types.len(),
            operations: &api.operations,
            notes: api.operations.iter().map(|op| readme_note(api, op)).collect(),
        }
        .render(),
    )?;
    add(
        "src/lib.rs",
        LibRs {
            has_client_credentials: security.has_client_credentials,
            has_digest: security.has_digest,
            has_multipart: features.multipart,
            has_events: features.events,
            replacements: replacement_rows(api),
            cli: info.cli,
            mock: info.mock,
            title: &api.title,
            version: &api.version,
            crate_ident: info.name.replace('-', "_"),
            default_base_url,
            example: example_call(api),
            per_tag: api.tag_features.is_some(),
        }
        .render(),
    )?;
    add(
        "src/runtime/mod.rs",
        RuntimeMod {
            has_client_credentials: security.has_client_credentials,
            has_digest: security.has_digest,
            features,
        }
        .render(),
    )?;
    add(
        "src/runtime/client.rs",
        RuntimeClient {
            crate_ident: &info.name.replace('-', "_"),
            has_scheme_credentials: features.scheme_credentials,
            example_scheme: api
                .operations
                .iter()
                .find_map(|op| op.security.first())
                .map_or("", String::as_str),
            default_base_url,
            has_digest: security.has_digest,
            has_client_credentials: security.has_client_credentials,
            has_multipart: features.multipart,
            has_events: features.events,
            token_url: &security.token_url,
        }
        .render(),
    )?;
    add(
        "src/runtime/auth.rs",
        RuntimeAuth {
            has_digest: security.has_digest,
            digest_scheme: &security.digest_scheme,
            has_basic: security.has_basic,
            basic_scheme: &security.basic_scheme,
            has_api_key: security.has_api_key,
            api_key_scheme: &security.api_key_scheme,
            api_key_header: &security.api_key_header,
            has_client_credentials: security.has_client_credentials,
            client_credentials_scheme: &security.client_credentials_scheme,
        }
        .render(),
    )?;
    add("src/runtime/retry.rs", RuntimeRetry.render())?;
    add(
        "src/runtime/hooks.rs",
        RuntimeHooks { crate_ident: &info.name.replace('-', "_") }.render(),
    )?;
    add("src/runtime/paginate.rs", RuntimePaginate.render())?;
    let (error_body_type, error_code_access) = error_body(api);
    add("src/runtime/error.rs", RuntimeError { error_body_type, error_code_access }.render())?;
    add("src/runtime/validate.rs", RuntimeValidate { backtracking, features }.render())?;
    add("src/runtime/object.rs", RuntimeObject.render())?;
    add("src/runtime/style.rs", RuntimeStyle.render())?;
    add(
        "src/runtime/request.rs",
        RuntimeRequest {
            has_multipart: features.multipart,
            has_scheme_credentials: features.scheme_credentials,
        }
        .render(),
    )?;
    if features.multipart {
        add(
            "src/runtime/multipart.rs",
            RuntimeMultipart { mock: info.mock, client: true }.render(),
        )?;
    }
    if features.events {
        add("src/runtime/events.rs", RuntimeEvents.render())?;
    }
    add("src/runtime/reply.rs", RuntimeReply.render())?;
    add("src/runtime/pending.rs", RuntimePending { features }.render())?;
    let crate_ident = info.name.replace('-', "_");
    if info.cli {
        let about = format!(
            "A command line for {}: one subcommand per operation, grouped by tag.",
            api.title.replace('"', "'")
        );
        add(
            "src/cli/mod.rs",
            CliMod {
                bin_name: &info.name,
                about,
                default_base_url,
                has_digest: security.has_digest,
                has_client_credentials: security.has_client_credentials,
                has_multipart: features.multipart,
            }
            .render(),
        )?;
        add(
            &format!("src/bin/{}.rs", info.name),
            CliMain { crate_ident: crate_ident.clone() }.render(),
        )?;
    }
    if info.mock {
        let example = match api.operations.first() {
            Some(op) => format!(
                "// server.{}()/* pin parameters */.respond(/* the reply */).await;",
                op.names.expect_method
            ),
            None => String::new(),
        };
        add(
            "src/mock/mod.rs",
            MockMod { crate_ident, example, has_multipart: features.multipart }.render(),
        )?;
    }
    Ok(files)
}

/// The Rust type of error bodies and, when it has an `errorCode` text field, how to read it.
fn error_body(api: &Api) -> (String, Option<String>) {
    let Some(ty) = &api.error_type else { return ("serde_json::Value".to_string(), None) };
    let Kind::Named(id) = ty.kind else { return ("serde_json::Value".to_string(), None) };
    let def = &api.types[id];
    let access = match &def.body {
        TypeBody::Struct(fields) => fields
            .iter()
            .find(|f| f.wire_name == "errorCode" && f.ty.kind == Kind::String)
            .map(|f| {
                if f.required && !f.nullable {
                    format!("self.body.as_ref().map(|b| b.{}.as_str())", f.rust_name)
                } else {
                    format!("self.body.as_ref().and_then(|b| b.{}.as_deref())", f.rust_name)
                }
            }),
        _ => None,
    };
    (format!("crate::types::{}", def.name), access)
}

/// A call for the crate docs' example: the first operation whose required values are all
/// path parameters, filled with their schema examples or placeholders.
fn example_call(api: &Api) -> Option<String> {
    let op = api.operations.iter().find(|op| {
        op.body.as_ref().is_none_or(|b| !b.required)
            && op.params.iter().all(|p| {
                !p.required
                    || p.location == crate::model::ParamLocation::Path && p.ty.kind == Kind::String
            })
    })?;
    let mut call = format!("{}()", op.names.method);
    for param in op.params.iter().filter(|p| p.required) {
        let value = param.example.as_deref().unwrap_or("example");
        call.push_str(&format!(".{}({value:?})", param.rust_name));
    }
    Some(call)
}
