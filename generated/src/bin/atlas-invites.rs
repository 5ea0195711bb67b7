//! The command line: see the `cli` module of the library.

fn main() -> std::process::ExitCode {
    atlas_invites::cli::main()
}
