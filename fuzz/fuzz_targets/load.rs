//! Any bytes: the loader answers with a value or a diagnostic, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = openapi_rust_gen::load::parse_document(std::path::Path::new("fuzz.yaml"), data);
});
