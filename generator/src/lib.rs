//! `openapi-rust-gen`: turns an OpenAPI 3.0/3.1 document into a typed async Rust client.
//!
//! The pipeline, one module per stage (see `ARCHITECTURE.md`):
//! [`load`] (text to a JSON value, with positions in errors) → [`resolve`] (`$ref`s,
//! including other files) → [`build`] (the [`model`](mod@model)) → [`emit`] (tokens, formatted once)
//! → [`write`](mod@write) (all-or-nothing swap, or a drift check).

pub mod build;
pub mod command;
pub mod deprecation;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod load;
pub mod model;
pub mod names;
mod regexes;
pub mod resolve;
pub mod write;

use std::path::Path;

// One allocator for every entry point: see the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use diagnostic::{Diagnostic, Failure, Location, Severity};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Cargo package name of the generated crate.
    pub crate_name: String,
    pub crate_version: String,
    /// Pick, per operation, the newest dated media type on or before this `YYYY-MM-DD`.
    pub api_version: Option<String>,
    /// Fail if anything had to be degraded.
    pub strict: bool,
    /// Also generate the command-line client, behind the crate's `cli` feature.
    pub cli: bool,
    /// Also generate the test doubles (a mock server), behind the crate's `mock` feature.
    pub mock: bool,
    /// API-specific rules no document states (the Atlas `envelope` parameter).
    pub rules: build::Rules,
    /// Put each tag's operations (and the types only they reach) behind a cargo feature;
    /// `None` decides by size (above [`build::tag_features::AUTOMATIC_ABOVE`] operations).
    pub features_per_tag: Option<bool>,
    /// Only the model types and their validation: no client, runtime, command line or mocks,
    /// and no `reqwest` or `tokio` (for servers and webhook receivers).
    pub types_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "api-client".into(),
            crate_version: "0.1.0".into(),
            api_version: None,
            strict: false,
            cli: false,
            mock: false,
            rules: build::Rules::default(),
            features_per_tag: None,
            types_only: false,
        }
    }
}

/// A generated crate and what was degraded on the way.
pub struct Generated {
    pub files: emit::Files,
    pub report: Vec<Diagnostic>,
    pub operation_count: usize,
    pub type_count: usize,
    /// The model the crate was emitted from (for tools that write more code for it, such as
    /// the contract caller).
    pub api: model::Api,
}

/// Loads, resolves and builds the model of a spec (the first half of the pipeline), for
/// tools such as the spec diff.
pub fn model(
    spec: &Path,
    api_version: Option<&str>,
) -> Result<(model::Api, Vec<Diagnostic>), Failure> {
    let docs = resolve::Documents::load(spec)?;
    Ok(build::build(&docs, api_version, &build::Rules::default())?)
}

/// Runs the pipeline up to, not including, writing.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Failure> {
    let timings = std::env::var_os("OPENAPI_RUST_GEN_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let lap = |stage: &str| {
        if timings {
            eprintln!("timing: {stage} done at {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
    };
    let docs = resolve::Documents::load(spec)?;
    lap("load and resolve");
    let (mut api, report) = build::build(&docs, options.api_version.as_deref(), &options.rules)?;
    let per_tag = options
        .features_per_tag
        .unwrap_or(api.operations.len() > build::tag_features::AUTOMATIC_ABOVE);
    if per_tag && !options.types_only {
        api.tag_features = Some(build::tag_features::plan(&api));
    }
    // The parsed documents are the largest structure; emission needs only the model.
    drop(docs);
    lap("build");
    if options.strict && !report.is_empty() {
        let mut diagnostics = report;
        for diagnostic in &mut diagnostics {
            diagnostic.severity = Severity::Error;
        }
        return Err(Failure(diagnostics));
    }
    let spec_name =
        spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "spec".into());
    let info = emit::CrateInfo {
        name: options.crate_name.clone(),
        version: options.crate_version.clone(),
        spec_name,
        cli: options.cli && !options.types_only,
        mock: options.mock && !options.types_only,
        types_only: options.types_only,
    };
    let files = emit::emit(&api, &info)
        .map_err(|message| Failure(vec![Diagnostic::error(spec, Location::Document, message)]))?;
    lap("emit");
    Ok(Generated {
        files,
        report,
        operation_count: api.operations.len(),
        type_count: api.types.len(),
        api,
    })
}
