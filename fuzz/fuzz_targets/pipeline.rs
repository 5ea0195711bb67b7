//! Any bytes through the whole pipeline up to the formatted files (nothing is written):
//! a crate or diagnostics, never a panic, a stack overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("openapi-rust-gen-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("spec.yaml");
    if std::fs::write(&path, data).is_ok() {
        let _ = openapi_rust_gen::generate(&path, &openapi_rust_gen::Options::default());
    }
});
