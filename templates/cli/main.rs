//! The command line: see the `cli` module of the library.

fn main() -> std::process::ExitCode {
    {{ crate_ident }}::cli::main()
}
