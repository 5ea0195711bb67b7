//! A thin command line over the library: `openapi-rust-gen SPEC OUT [--crate-name NAME] [--cli] [--mock]`.
//! Maintainers use `cargo xtask codegen`, which calls the same library.

use std::path::PathBuf;

// Emission allocates millions of small token and syntax-tree nodes; mimalloc makes that
// markedly cheaper than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut options = openapi_rust_gen::Options::default();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--crate-name" => options.crate_name = iter.next().unwrap_or_default(),
            "--api-version" => options.api_version = iter.next(),
            "--strict" => options.strict = true,
            "--cli" => options.cli = true,
            "--mock" => options.mock = true,
            "-h" | "--help" => {
                println!("usage: openapi-rust-gen SPEC OUT [--crate-name NAME] [--api-version YYYY-MM-DD] [--strict] [--cli] [--mock]");
                return ExitCode::SUCCESS;
            }
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [spec, out] = positional.as_slice() else {
        eprintln!("usage: openapi-rust-gen SPEC OUT [--crate-name NAME] [--api-version YYYY-MM-DD] [--strict] [--cli] [--mock]");
        return ExitCode::from(2);
    };
    match openapi_rust_gen::generate(spec, &options) {
        Ok(generated) => {
            for diagnostic in &generated.report {
                eprintln!("{diagnostic}");
            }
            if let Err(e) = openapi_rust_gen::write::write_atomically(out, &generated.files) {
                eprintln!("error: writing {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}
