//! `openapi-rust-gen`: the generator's command line (`codegen`, `spec-diff`, and the short
//! form `openapi-rust-gen SPEC OUT`). `cargo xtask codegen` and `cargo xtask spec-diff` run the
//! same code, [`openapi_rust_gen::command`], with the repository's defaults.

use std::process::ExitCode;

fn main() -> ExitCode {
    openapi_rust_gen::command::main(std::env::args_os())
}
