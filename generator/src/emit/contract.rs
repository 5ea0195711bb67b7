//! The contract caller: a program that calls every operation of a generated crate once,
//! through its public API, with the values its rustdoc examples use (every required
//! parameter and a body with every required field), and prints one JSON line per operation
//! saying how the call ended. `cargo xtask contract` builds it against the crate and runs it
//! against Prism, which validates each request against the document.
//!
//! Nothing in it is written per document: the calls come from the model like the examples.

use quote::{format_ident, quote};

use super::examples::call_chain;
use crate::model::{Api, SecurityScheme};

/// The source of the caller's `main.rs` for the crate `crate_ident` generated from `api`.
pub fn contract_caller(api: &Api, crate_ident: &str) -> Result<String, String> {
    let krate = format_ident!("{crate_ident}");
    let mut calls = Vec::new();
    let mut functions = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let function = format_ident!("call_{index}");
        let id = &op.id;
        let (client, body) = match call_chain(api, op, crate_ident) {
            Some(chain) => (
                quote!(client),
                quote! {
                    let outcome = #(#chain).*.send_with_response().await.map(|reply| (reply.status(), reply.header("sl-violations").map(str::to_string)));
                    report(#id, outcome);
                },
            ),
            None => (
                quote!(_client),
                quote! {
                    not_callable(#id, "no value that passes the client's checks could be made for a required parameter or body field");
                },
            ),
        };
        functions.push(quote! {
            #[allow(deprecated)]
            async fn #function(#client: &#krate::Client) {
                #body
            }
        });
        calls.push(quote!(#function(&client).await;));
    }
    // Prism checks that the credentials an operation asks for are present, not what they
    // are: an API key or Basic credentials when the document has such a scheme, else a bearer
    // token (OAuth 2.0 of any flow, bearer, or none).
    let has = |wanted: fn(&SecurityScheme) -> bool| api.security.iter().any(wanted);
    let api_key_headers: Vec<&str> = api
        .security
        .iter()
        .filter_map(|s| match s {
            SecurityScheme::ApiKey { header, .. } => Some(header.as_str()),
            _ => None,
        })
        .collect();
    // With API keys, operations that ask for another scheme (OAuth 2.0 of any flow, bearer,
    // Basic) get its `Authorization` header too: one client serves every operation.
    let authorization = if has(|s| matches!(s, SecurityScheme::HttpBasic { .. })) {
        "Basic Y29udHJhY3QtdXNlcjpjb250cmFjdC1wYXNzd29yZA=="
    } else {
        "Bearer contract-token"
    };
    let mut keys: Vec<(&str, &str)> =
        api_key_headers.iter().map(|header| (*header, "contract-key")).collect();
    if !keys.is_empty() && !keys.iter().any(|(h, _)| h.eq_ignore_ascii_case("authorization")) {
        keys.push(("authorization", authorization));
    }
    let (key_headers, key_values): (Vec<&str>, Vec<&str>) = keys.into_iter().unzip();
    let credentials = if !key_headers.is_empty() {
        quote!(#krate::Credentials::api_keys([#((#key_headers, #key_values)),*]))
    } else if has(|s| matches!(s, SecurityScheme::HttpBasic { .. })) {
        quote!(#krate::Credentials::basic("contract-user", "contract-password"))
    } else {
        quote!(#krate::Credentials::bearer("contract-token"))
    };
    let file = quote! {
        use std::io::Write;

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let base_url = std::env::args().nth(1).expect("the base URL is the first argument");
            let client = #krate::Client::builder()
                .base_url(base_url)
                .credentials(#credentials)
                .retry(#krate::RetryPolicy::disabled())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("the client builds");
            #(#calls)*
        }

        /// One line of the report: how the call of `id` ended.
        /// A reply Prism made that breaks the document is named in its `sl-violations`: kept,
        /// since it says the reply decoded although Prism's mock got it wrong.
        fn report(id: &str, outcome: Result<(u16, Option<String>), #krate::Error>) {
            let line = match outcome {
                Ok((status, violations)) => serde_json::json!({"id": id, "outcome": "accepted", "status": status, "reply_violations": violations}),
                // Prism names what it found wrong in `sl-violations`, whatever body it sends.
                Err(#krate::Error::Api(reply)) => serde_json::json!({"id": id, "outcome": "rejected", "status": reply.status, "detail": reply.raw, "violations": reply.headers.get("sl-violations").and_then(|v| v.to_str().ok())}),
                Err(#krate::Error::Decode { status, message, body }) => serde_json::json!({"id": id, "outcome": "decode_failed", "status": status, "detail": message, "body": body}),
                Err(#krate::Error::InvalidInput(invalid)) => serde_json::json!({"id": id, "outcome": "not_callable", "detail": format!("the client refused its own example: {invalid}")}),
                Err(other) => serde_json::json!({"id": id, "outcome": "failed", "detail": other.to_string()}),
            };
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
        }

        #[allow(dead_code)] // only when some operation cannot be called
        fn not_callable(id: &str, why: &str) {
            let line = serde_json::json!({"id": id, "outcome": "not_callable", "detail": why});
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }

        #(#functions)*
    };
    let parsed: syn::File = syn::parse2(file)
        .map_err(|e| format!("internal error: the contract caller does not parse: {e}"))?;
    Ok(prettyplease::unparse(&parsed))
}

/// The caller's `Cargo.toml`: the generated crate by path, what `main.rs` uses, and the
/// crate's own date and UUID dependencies (its examples build such values), as the crate's
/// manifest (`crate_manifest`) names them.
pub fn contract_caller_manifest(
    crate_name: &str,
    crate_path: &str,
    crate_manifest: &str,
) -> String {
    let mut out = format!(
        "[package]\nname = \"{crate_name}-contract\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{crate_name} = {{ path = {crate_path:?} }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    );
    for line in crate_manifest.lines() {
        if line.starts_with("chrono ") || line.starts_with("uuid ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
