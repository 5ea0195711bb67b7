//! Property tests: random small but valid specs (odd names, every schema type, nesting,
//! optional and nullable fields, enums, references) always generate, and generate the
//! same bytes twice.

use std::path::Path;

mod support;

use openapi_rust_gen::{generate, Options};
use proptest::prelude::*;
use support::random_spec::{schema, spec};

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_specs_generate_deterministically(root in schema(), body in schema(), case in 0u32..1_000_000) {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("properties");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("case-{case}.json"));
        std::fs::write(&path, spec(root, body).to_string()).unwrap();
        let first = generate(&path, &Options::default());
        let second = generate(&path, &Options::default());
        match (first, second) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.files, b.files),
            (Err(a), _) => prop_assert!(false, "a valid spec was rejected: {}", a),
            (_, Err(b)) => prop_assert!(false, "a valid spec was rejected: {}", b),
        }
    }
}
