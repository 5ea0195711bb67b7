//! The contract caller: a program that calls every operation of a generated crate once,
//! through its public API, with the values its rustdoc examples use (every required
//! parameter and a body with every required field), and prints one JSON line per operation
//! saying how the call ended. `cargo xtask contract` builds it against the crate and runs it
//! against Prism, which validates each request against the document.
//!
//! Nothing in it is written per document: the calls come from the model like the examples.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::examples::call_chain;
use crate::model::{Api, Operation, SecurityScheme, StreamFormat};

/// The source of the caller's `main.rs` for the crate `crate_ident` generated from `api`.
pub fn contract_caller(api: &Api, crate_ident: &str) -> Result<String, String> {
    let krate = format_ident!("{crate_ident}");
    let mut calls = Vec::new();
    let mut functions = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let function = format_ident!("call_{index}");
        let id = &op.id;
        let (client, prism, body) = match call_chain(api, op, crate_ident) {
            Some(chain) => {
                let call = call_once(op, quote!(#(#chain).*), &krate);
                (
                    quote!(client),
                    quote!(prism),
                    quote! {
                        let call = || async { #call };
                        let outcome = call().await;
                        match reply_defect(&outcome, prism) {
                            Some(defect) => {
                                prism.from_schema.store(true, Ordering::SeqCst);
                                let again = call().await;
                                prism.from_schema.store(false, Ordering::SeqCst);
                                report(#id, again, Some(defect));
                            }
                            None => report(#id, outcome, None),
                        }
                    },
                )
            }
            None => (
                quote!(_client),
                quote!(_prism),
                quote! {
                    not_callable(#id, "no value that passes the client's checks could be made for a required parameter or body field");
                },
            ),
        };
        functions.push(quote! {
            #[allow(deprecated)]
            async fn #function(#client: &#krate::Client, #prism: &PrismReplies) {
                #body
            }
        });
        calls.push(quote! {
            if #index >= from {
                #function(&client, &prism).await;
            }
        });
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
    // An API key sent as `Authorization` carries a value of the other scheme's form too:
    // Prism checks only that a key is there, and the form for OAuth 2.0 or bearer operations.
    let mut keys: Vec<(&str, &str)> = api_key_headers
        .iter()
        .map(|header| {
            let value = if header.eq_ignore_ascii_case("authorization") {
                authorization
            } else {
                "contract-key"
            };
            (*header, value)
        })
        .collect();
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
    // Operations with a scheme of their own get credentials of its form for it.
    let mut own_schemes: Vec<&str> =
        api.operations.iter().flat_map(|op| op.security.iter().map(String::as_str)).collect();
    own_schemes.sort_unstable();
    own_schemes.dedup();
    let scheme_credentials = own_schemes.iter().map(|name| {
        let scheme = api.security.iter().find(|s| s.name() == *name);
        let credentials = match scheme {
            Some(SecurityScheme::HttpBasic { .. }) => {
                quote!(#krate::Credentials::basic("contract-user", "contract-password"))
            }
            Some(SecurityScheme::ApiKey { header, .. }) => {
                quote!(#krate::Credentials::api_keys([(#header, "contract-key")]))
            }
            // Bearer, OAuth 2.0 of any flow, and schemes the client has no form for.
            _ => quote!(#krate::Credentials::bearer("contract-token")),
        };
        quote!(.credentials_for(#name, #credentials))
    });
    let mut json_lines: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.success.stream.as_ref())
        .filter(|stream| stream.format == StreamFormat::JsonLines)
        .map(|stream| stream.media_type.as_str())
        .collect();
    json_lines.sort_unstable();
    json_lines.dedup();
    let file = quote! {
        use std::io::Write;
        #[allow(unused_imports)] // only when an operation's reply is a stream of events
        use futures_util::StreamExt;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};

        /// The JSON-lines media types the operations ask for.
        const JSON_LINES: &[&str] = &[#(#json_lines),*];

        /// What Prism says of its own replies (its `sl-violations` header), and whether to ask
        /// it for a reply made from the schema instead of the document's example.
        #[derive(Default)]
        struct PrismReplies {
            from_schema: AtomicBool,
            violations: Mutex<Option<String>>,
        }

        impl #krate::Hook for PrismReplies {
            fn before_attempt(&self, request: &mut #krate::HookRequest<'_>) {
                // Prism is given JSON-lines replies declared as JSON (it cannot write JSON
                // lines): ask for that, and read its one value as the one line.
                let accept = request.headers().get("accept").and_then(|v| v.to_str().ok()).unwrap_or_default();
                if JSON_LINES.contains(&accept) {
                    if let Ok(value) = "application/json".parse() {
                        request.headers_mut().insert("accept", value);
                    }
                }
                if self.from_schema.load(Ordering::SeqCst) {
                    if let Ok(value) = "dynamic=true".parse() {
                        request.headers_mut().insert("prefer", value);
                    }
                }
            }

            fn after_attempt(&self, reply: &#krate::HookReply<'_>) {
                // Prism quotes the document's patterns, which may hold non-ASCII text (`µs`).
                let violations = reply.headers().and_then(|h| h.get("sl-violations")).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                if let Ok(mut slot) = self.violations.lock() {
                    *slot = violations;
                }
            }
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let base_url = std::env::args().nth(1).expect("the base URL is the first argument");
            // The calls before this one were made against a Prism that has since exited.
            let from: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);
            let prism = Arc::new(PrismReplies::default());
            let client = #krate::Client::builder()
                .base_url(base_url)
                .hook(prism.clone())
                .credentials(#credentials)
                #(#scheme_credentials)*
                .retry(#krate::RetryPolicy::disabled())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("the client builds");
            #(#calls)*
        }

        /// One line of the report: how the call of `id` ended.
        /// A reply Prism made that breaks the document is named in its `sl-violations`: kept,
        /// since it says the reply decoded although Prism's mock got it wrong.
        /// A call made again after its example reply broke the document carries that defect:
        /// it is accepted only if Prism's reply made from the schema decodes.
        fn report(id: &str, outcome: Result<(u16, Option<String>), #krate::Error>, example_defect: Option<serde_json::Value>) {
            let mut line = match outcome {
                Ok((status, violations)) => serde_json::json!({"id": id, "outcome": "accepted", "status": status, "reply_violations": violations}),
                // Prism names what it found wrong in `sl-violations`, whatever body it sends.
                Err(#krate::Error::Api(reply)) => serde_json::json!({"id": id, "outcome": "rejected", "status": reply.status, "detail": reply.raw, "violations": reply.headers.get("sl-violations").and_then(|v| v.to_str().ok())}),
                Err(#krate::Error::Decode { status, message, body }) => serde_json::json!({"id": id, "outcome": "decode_failed", "status": status, "detail": message, "body": body}),
                Err(#krate::Error::InvalidInput(invalid)) => serde_json::json!({"id": id, "outcome": "not_callable", "detail": format!("the client refused its own example: {invalid}")}),
                Err(other) => serde_json::json!({"id": id, "outcome": "failed", "detail": other.to_string()}),
            };
            if let Some(defect) = example_defect {
                line["example_defect"] = defect;
            }
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
        }

        /// A reply that did not decode although Prism itself says it breaks the document's
        /// reply schema (the document's example contradicts its schema): the decoder's
        /// message and Prism's findings.
        fn reply_defect(outcome: &Result<(u16, Option<String>), #krate::Error>, prism: &PrismReplies) -> Option<serde_json::Value> {
            let Err(#krate::Error::Decode { message, .. }) = outcome else { return None };
            let violations = prism.violations.lock().ok()?.take()?;
            // Prism's findings are a JSON list, after "Too many violations! " when it cut it
            // short; a finding on the reply is located under "response".
            let on_reply = violations.contains(r#""location":["response""#);
            on_reply.then(|| serde_json::json!({"decode": message, "violations": violations}))
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

/// One call of an operation by its builder `chain`, as `Result<(status, sl-violations), Error>`.
/// An operation whose only reply is a stream of events is read to its end, every event
/// decoded; the others are read whole and decoded.
fn call_once(op: &Operation, chain: TokenStream, krate: &Ident) -> TokenStream {
    // Only a stream: the reply's media type is the stream's (Lichess's JSON lines). One that
    // also offers another form (OpenAI's speech as bytes or events) is called for that form.
    let streamed_only =
        op.success.stream.as_ref().is_some_and(|stream| {
            op.success.media_type.as_deref() == Some(stream.media_type.as_str())
        });
    if !streamed_only {
        return quote! {
            #chain.send_with_response().await.map(|reply| (reply.status(), reply.header("sl-violations").map(str::to_string)))
        };
    }
    quote! {
        match #chain.send_events().await {
            Ok(reply) => {
                let (status, violations) = (reply.status(), reply.header("sl-violations").map(str::to_string));
                let mut events = reply.into_body();
                while let Some(event) = events.next().await {
                    event?;
                }
                Ok::<_, #krate::Error>((status, violations))
            }
            Err(error) => Err(error),
        }
    }
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
        "[package]\nname = \"{crate_name}-contract\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{crate_name} = {{ path = {crate_path:?} }}\nserde_json = \"1\"\nfutures-util = {{ version = \"0.3\", default-features = false }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    );
    for line in crate_manifest.lines() {
        if line.starts_with("chrono ") || line.starts_with("uuid ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
