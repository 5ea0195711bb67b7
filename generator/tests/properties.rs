//! Property tests: random small but valid specs (odd names, every schema type, nesting,
//! optional and nullable fields, enums, references; parameters of every location, style and
//! `explode`, unions, maps and `content`; names that collide with the generator's own; 3.1
//! type arrays and `const`; bounds beyond 64 bits, in YAML or JSON) always generate, and
//! generate the same bytes twice.

use std::path::Path;

mod support;

use openapi_rust_gen::{generate, Options};
use proptest::prelude::*;
use support::random_spec::{operation_id, parameters, schema, spec_text, spec_with};

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_specs_generate_deterministically(root in schema(), body in schema(), parameters in parameters(), id in operation_id(), yaml in any::<bool>(), case in 0u32..1_000_000) {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("properties");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("case-{case}.{}", if yaml { "yaml" } else { "json" }));
        std::fs::write(&path, spec_text(&spec_with(root, body, &parameters, &id), yaml)).unwrap();
        let first = generate(&path, &Options::default());
        let second = generate(&path, &Options::default());
        match (first, second) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.files, b.files),
            (Err(a), _) => prop_assert!(false, "a valid spec was rejected: {}", a),
            (_, Err(b)) => prop_assert!(false, "a valid spec was rejected: {}", b),
        }
    }
}
