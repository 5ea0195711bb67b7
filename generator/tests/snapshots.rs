//! Snapshot tests: the code emitted for small focused specs, and the message for each
//! kind of bad input. Review changes with `cargo insta review` (or accept with
//! `INSTA_UPDATE=always cargo test -p openapi-rust-gen`).

use std::path::Path;

use openapi_rust_gen::{generate, Options};

fn emitted(fixture: &str) -> String {
    let generated = generate(Path::new(fixture), &Options::default())
        .unwrap_or_else(|e| panic!("{fixture} generates: {e}"));
    let mut out = String::new();
    for diagnostic in &generated.report {
        out.push_str(&format!("// {diagnostic}\n"));
    }
    for file in ["src/types.rs", "src/operations.rs", "src/patterns.rs"] {
        out.push_str(&format!("// ===== {file}\n{}", generated.files[file]));
    }
    out
}

/// A document written for one test, as `api.yaml` in a folder of its own.
fn inline_spec(name: &str, text: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("api.yaml");
    std::fs::write(&spec, text).unwrap();
    spec
}

/// What the generator makes, with the default options, of a document written for one test.
fn generated_inline(name: &str, text: &str) -> openapi_rust_gen::Generated {
    generate(&inline_spec(name, text), &Options::default())
        .unwrap_or_else(|e| panic!("{name} generates: {e}"))
}

fn error_message(fixture: &str) -> String {
    // A `$ref` that leads nowhere is degraded, so it stops generation only with `--strict`.
    let strict = fixture.contains("dangling-ref") || fixture.contains("external-ref");
    match generate(Path::new(fixture), &Options { strict, ..Options::default() }) {
        Ok(_) => panic!("{fixture} must be rejected"),
        Err(failure) => failure.to_string(),
    }
}

#[test]
fn names_keywords_digits_and_collisions() {
    insta::assert_snapshot!(emitted("tests/fixtures/names.yaml"));
}

#[test]
fn composition_recursion_maps_and_versions() {
    insta::assert_snapshot!(emitted("tests/fixtures/composition.yaml"));
}

#[test]
fn pagination_and_patch_bodies() {
    insta::assert_snapshot!(emitted("tests/fixtures/paging.yaml"));
}

#[test]
fn parameter_styles_unions_content_big_numbers_and_3_1_schemas() {
    insta::assert_snapshot!(emitted("tests/fixtures/parameters.yaml"));
}

#[test]
fn generated_names_never_collide_with_the_documents_names() {
    insta::assert_snapshot!(emitted("tests/fixtures/hygiene.yaml"));
}

#[test]
fn the_manifest_lists_only_the_dependencies_the_api_uses() {
    let manifest = |fixture: &str| {
        generate(Path::new(fixture), &Options::default()).unwrap().files["Cargo.toml"].clone()
    };
    // Bearer tokens, no formats: none of the optional crates.
    let plain = manifest("tests/fixtures/hygiene.yaml");
    for absent in ["digest_auth", "email_address", "chrono", "uuid", "fancy-regex"] {
        assert!(!plain.contains(absent), "{absent} in\n{plain}");
    }
    // Dates (a union with a `date` shape) but still no Digest, emails or UUIDs.
    let dated = manifest("tests/fixtures/parameters.yaml");
    assert!(dated.contains("\nchrono = "), "{dated}");
    for absent in ["digest_auth", "email_address", "uuid ="] {
        assert!(!dated.contains(absent), "{absent} in\n{dated}");
    }
    // Our Atlas spec: Digest and email checks.
    let atlas = manifest("../spec/atlas-invites.yaml");
    for present in ["\ndigest_auth = ", "\nemail_address = "] {
        assert!(atlas.contains(present), "{present} missing in\n{atlas}");
    }
}

#[test]
fn deprecations_link_their_replacements() {
    insta::assert_snapshot!(emitted("tests/fixtures/replacements.yaml"));
}

#[test]
fn the_command_line_names_replacements_by_subcommand() {
    let generated = generate(
        Path::new("tests/fixtures/replacements.yaml"),
        &Options { cli: true, ..Options::default() },
    )
    .unwrap();
    let table = &generated.files["src/cli/operations.rs"];
    assert!(table.contains("(sunset); use `things new-get` instead"), "{table}");
    assert!(table.contains("use `things new-get` and `things new-list` instead"), "{table}");
}

#[test]
fn a_replacement_that_leads_nowhere_fails_strict_mode_at_its_pointer() {
    let strict = generate(
        Path::new("tests/fixtures/replacements.yaml"),
        &Options { strict: true, ..Options::default() },
    );
    let message = strict.err().expect("strict generation fails").to_string();
    assert!(message.contains("tests/fixtures/replacements.yaml#/paths/~1old-missing/get/x-replaced-by: `oldMissing` is replaced by `noSuchOperation`, which is no operation of this document"), "{message}");
    assert!(message.contains("#/paths/~1old-chain/get/x-replaced-by: `oldChain` is replaced by `oldGet`, which is itself deprecated"), "{message}");
}

#[test]
fn our_spec_passes_strict_mode() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/atlas-invites.yaml");
    let generated =
        generate(&spec, &Options { strict: true, cli: true, mock: true, ..Options::default() });
    assert!(generated.is_ok(), "{}", generated.err().unwrap());
}

#[test]
fn error_messages() {
    let cases = [
        "invalid-yaml.yaml",
        "invalid-json.json",
        "empty.yaml",
        "swagger2.yaml",
        "unknown-version.yaml",
        "dangling-ref.yaml",
        "ref-cycle.yaml",
        "external-ref.yaml",
        "duplicate-operation-id.yaml",
        "undeclared-path-param.yaml",
        "unused-path-param.yaml",
        "unknown-type.yaml",
        "alias-bomb.yaml",
        "deep-nesting.yaml",
        "deep-nesting.json",
    ];
    let mut out = String::new();
    for case in cases {
        out.push_str(&format!(
            "## {case}\n{}\n\n",
            error_message(&format!("tests/fixtures/errors/{case}"))
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn binary_input_is_rejected() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("garbage.yaml");
    std::fs::write(&path, [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]).unwrap();
    let message = error_message(path.to_str().unwrap());
    assert!(
        message.ends_with(
            "garbage.yaml: the file is binary (it contains NUL bytes), not YAML or JSON"
        ),
        "{message}"
    );
}

#[test]
fn a_dangling_ref_is_degraded_with_its_pointer_and_x_extensions_are_not_followed() {
    for fixture in
        ["tests/fixtures/errors/dangling-ref.yaml", "tests/fixtures/errors/external-ref.yaml"]
    {
        let generated = generate(Path::new(fixture), &Options::default())
            .unwrap_or_else(|e| panic!("{fixture} generates leniently: {e}"));
        let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
        assert_eq!(report.len(), 1, "{report:?}");
        assert!(report[0].starts_with(&format!("degraded: {fixture}#/paths/~1a/get/responses/200/content/application~1json/schema: the `$ref` ")), "{report:?}");
        // What it named is any JSON value.
        assert!(generated.files["src/operations.rs"].contains("json -> serde_json::Value"));
    }
    let spec = inline_spec("x-extension-ref", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-topics:\n  - title: Guide\n    content:\n      $ref: ./guide.md\npaths:\n  /a:\n    get:\n      x-doc: {$ref: 'missing.yaml#/x'}\n      responses: {'204': {description: none}}\n");
    let generated = generate(&spec, &Options { strict: true, ..Options::default() })
        .expect("references under x- extensions are never followed");
    assert!(generated.report.is_empty());
}

#[test]
fn strict_mode_fails_on_degraded_constructs() {
    let spec = Path::new("tests/fixtures/names.yaml");
    let lenient = generate(spec, &Options::default()).expect("lenient generation succeeds");
    assert!(!lenient.report.is_empty(), "the fixture has a construct that is degraded");
    let strict = generate(spec, &Options { strict: true, ..Options::default() });
    let message = strict.err().expect("strict generation fails").to_string();
    assert!(message.starts_with("error: tests/fixtures/names.yaml#/"), "{message}");
}

#[test]
fn a_structured_body_or_reply_the_client_cannot_type_is_a_degraded_note() {
    // An XML body and reply described by object schemas are sent and returned as bytes: that
    // loses their types, so each is a note with its pointer. A binary upload, a binary
    // download and a text reply lose nothing, so they are not.
    let spec = inline_spec(
        "untyped-bodies",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /xml:\n    post:\n      operationId: putXml\n      requestBody:\n        content:\n          application/xml:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/xml:\n              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}\n  /raw:\n    post:\n      operationId: putRaw\n      requestBody:\n        content:\n          image/png:\n            schema: {type: string, format: binary}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/octet-stream:\n              schema: {type: string, format: binary}\n  /text:\n    get:\n      operationId: getText\n      responses:\n        '200':\n          description: ok\n          content:\n            text/plain:\n              schema: {type: object}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n",
    );
    let generated = generate(&spec, &Options::default()).unwrap();
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 2, "{report:?}");
    assert!(report[0].contains("#/paths/~1xml/post/requestBody/content/application~1xml/schema: the `application/xml` body of `PutXml`"), "{report:?}");
    assert!(report[1].contains("#/paths/~1xml/post/responses/200/content/application~1xml/schema: the `application/xml` reply of `PutXml`"), "{report:?}");
    let strict = generate(&spec, &Options { strict: true, ..Options::default() });
    assert!(strict.is_err(), "a degraded body is fatal with --strict");
}

#[test]
fn exclusive_bounds_are_checked_and_examples_respect_them_and_formats() {
    // 3.1's numeric exclusiveMinimum; 3.0's boolean form is read the same way (below).
    let generated = generated_inline(
        "exclusive-bounds",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: hours, in: query, required: true, schema: {type: integer, exclusiveMinimum: 0, maximum: 48}}\n        - {name: ratio, in: query, schema: {type: number, minimum: 0, exclusiveMaximum: 1}}\n        - {name: site, in: query, required: true, schema: {type: string, format: uri}}\n      responses: {'204': {description: none}}\n",
    );
    let operations = &generated.files["src/operations.rs"];
    assert!(
        operations
            .contains("check_bounds(\"hours\", &hours, Some(0.0), true, Some(48.0), false)?;"),
        "{operations}"
    );
    assert!(
        operations.contains("check_bounds(\"ratio\", value, Some(0.0), false, Some(1.0), true)?;"),
        "{operations}"
    );
    // The rustdoc example passes them: one above the exclusive bound, a URI for `format: uri`.
    assert!(operations.contains(".hours(1)"), "{operations}");
    assert!(operations.contains(".site(\"https://example.com/\")"), "{operations}");
    let v30 = inline_spec("exclusive-bounds-3.0", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: hours, in: query, required: true, schema: {type: integer, minimum: 0, exclusiveMinimum: true}}\n      responses: {'204': {description: none}}\n");
    let operations = &generate(&v30, &Options::default()).unwrap().files["src/operations.rs"];
    assert!(
        operations.contains("check_bounds(\"hours\", &hours, Some(0.0), true, None, false)?;"),
        "{operations}"
    );
}

#[test]
fn a_query_string_in_a_path_key_becomes_constant_query_parameters() {
    // OpenAI's document tells its beta operations apart so: `/responses?beta=true`.
    let spec = inline_spec(
        "query-in-path",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /responses:\n    post:\n      operationId: create\n      responses: {'204': {description: none}}\n  /responses?beta=true&v=2:\n    post:\n      operationId: createBeta\n      responses: {'204': {description: none}}\n",
    );
    let generated = generate(&spec, &Options { mock: true, ..Options::default() }).unwrap();
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("#/paths/~1responses?beta=true&v=2/post: the path key `/responses?beta=true&v=2` carries a query string"), "{report:?}");
    let operations = &generated.files["src/operations.rs"];
    let beta = &operations[operations.find("fn prepare(self)").unwrap()..];
    let beta = &beta[beta.find("\"createBeta\"").unwrap()..];
    assert!(beta.contains("&[\"responses\"]"), "the path is what precedes the query: {beta}");
    assert!(beta.contains("request.query(\"beta\", \"true\".to_string());\n        request.query(\"v\", \"2\".to_string());"), "{beta}");
    assert!(generated.files["src/mock/expectations.rs"]
        .contains("expectation.query(\"beta\", \"true\".to_string());"));
}

#[test]
fn a_raw_scalar_body_gets_an_example_of_its_type() {
    // A `text/plain` boolean (Meilisearch's settings) and a string with an example (Lichess's
    // game ids): the rustdoc example sends a value of the type, not placeholder bytes.
    let spec = inline_spec(
        "scalar-bodies",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /flag:\n    put:\n      operationId: putFlag\n      requestBody:\n        required: true\n        content:\n          text/plain:\n            schema: {type: boolean}\n      responses: {'204': {description: none}}\n  /ids:\n    post:\n      operationId: postIds\n      requestBody:\n        required: true\n        content:\n          text/plain:\n            schema: {type: string}\n            example: 'a,b,c'\n      responses: {'204': {description: none}}\n",
    );
    let operations = &generate(&spec, &Options::default()).unwrap().files["src/operations.rs"];
    assert!(operations.contains(".put_flag().body(b\"true\".to_vec())"), "{operations}");
    assert!(operations.contains(".post_ids().body(b\"a,b,c\".to_vec())"), "{operations}");
}

#[test]
fn a_properties_map_given_by_reference_is_read_as_that_map_and_noted() {
    // DigitalOcean's `properties: {$ref: 'attributes.yml#/droplet_ids'}`: the map by reference.
    let generated = generated_inline(
        "properties-ref",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /lb:\n    post:\n      operationId: addDroplets\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              properties: {$ref: '#/components/x-attributes/droplets'}\n              required: [droplet_ids]\n      responses: {'204': {description: none}}\ncomponents:\n  x-attributes:\n    droplets:\n      droplet_ids: {type: array, items: {type: integer}}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub droplet_ids: Vec<i64>,"), "{types}");
    assert!(!types.contains("r#ref"), "{types}");
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("#/paths/~1lb/post/requestBody/content/application~1json/schema/properties: `properties` is itself a `$ref`"), "{report:?}");
}

#[test]
fn choices_that_refine_their_object_are_typed_with_its_properties() {
    // OpenAI's `anyOf: [{required: [file_ids]}, {required: [files]}]` beside the properties,
    // and Xero's NI category, whose choices narrow a property's `enum` and require another.
    let generated = generated_inline(
        "refining-choices",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /batches:\n    post:\n      operationId: createBatch\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Batch'}\n      responses: {'204': {description: none}}\n  /categories:\n    post:\n      operationId: createCategory\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Category'}\n      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n    Batch:\n      type: object\n      properties:\n        file_ids: {type: array, minItems: 1, items: {type: string}}\n        files: {type: array, minItems: 1, items: {type: string}}\n        note: {type: string}\n      anyOf:\n        - required: [file_ids]\n        - required: [files]\n    Category:\n      type: object\n      required: [letter]\n      properties:\n        letter: {type: string, enum: [A, B, V]}\n        postcode: {type: string}\n        since: {type: string, format: date}\n      oneOf:\n        - required: [postcode]\n          properties:\n            letter: {enum: [A, B]}\n        - required: [since]\n          properties:\n            letter: {enum: [V]}\n",
    );
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "nothing is lost, so nothing is degraded: {report:?}");
    let types = &generated.files["src/types.rs"];
    let struct_of = |name: &str| {
        let start = types
            .find(&format!("pub struct {name} {{"))
            .unwrap_or_else(|| panic!("{name}: {types}"));
        types[start..start + types[start..].find("\n}").unwrap()].to_string()
    };
    // Each choice is the object's properties with the choice's `required`.
    let first = struct_of("BatchVariant1");
    assert!(first.contains("pub file_ids: Vec<String>,"), "{first}");
    assert!(first.contains("pub files: Option<Vec<String>>,"), "{first}");
    assert!(first.contains("pub note: Option<String>,"), "{first}");
    let second = struct_of("BatchVariant2");
    assert!(second.contains("pub file_ids: Option<Vec<String>>,"), "{second}");
    assert!(second.contains("pub files: Vec<String>,"), "{second}");
    // A property the choice narrows takes the choice's schema; the object's `required` stays.
    let narrowed = struct_of("CategoryVariant2");
    assert!(narrowed.contains("pub letter: CategoryVariant2Letter,"), "{narrowed}");
    assert!(narrowed.contains("pub since: chrono::NaiveDate,"), "{narrowed}");
    assert!(narrowed.contains("pub postcode: Option<String>,"), "{narrowed}");
    let letters = &types[types.find("pub enum CategoryVariant2Letter").unwrap()..];
    assert!(letters[..letters.find('}').unwrap()].contains("V,"), "{letters}");
    assert!(!letters[..letters.find('}').unwrap()].contains("A,"), "{letters}");
    // The example sets the first alternative's required names.
    let operations = &generated.files["src/operations.rs"];
    assert!(operations.contains("api_client::types::Batch::BatchVariant1("), "{operations}");
    assert!(operations.contains("file_ids: vec![\"example\".to_string()],"), "{operations}");
}

#[test]
fn a_union_example_picks_a_choice_that_no_other_choice_accepts() {
    // Atlas' search index definition: the text choice requires `mappings`, the vector
    // choice requires nothing, so a text value is also a vector value and a server checking
    // `oneOf` refuses it; a vector value without `mappings` matches one choice only.
    // PagerDuty's actions: no choice requires anything, but one optional field tells them
    // apart (a nested object whose required field the other choice's lacks).
    // A discriminator's property carries the value that selects the choice.
    let spec = inline_spec(
        "union-examples",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /index:\n    put:\n      operationId: putIndex\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              oneOf:\n                - $ref: '#/components/schemas/Text'\n                - $ref: '#/components/schemas/Vector'\n      responses: {'204': {description: none}}\n  /action:\n    put:\n      operationId: putAction\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              oneOf:\n                - $ref: '#/components/schemas/Script'\n                - $ref: '#/components/schemas/Job'\n      responses: {'204': {description: none}}\n  /pet:\n    put:\n      operationId: putPet\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              oneOf:\n                - $ref: '#/components/schemas/Cat'\n                - $ref: '#/components/schemas/Dog'\n              discriminator:\n                propertyName: kind\n                mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}\n      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n    Text:\n      type: object\n      required: [mappings]\n      properties:\n        mappings: {type: object, properties: {dynamic: {type: boolean}}}\n    Vector:\n      type: object\n      properties:\n        fields: {type: array, items: {type: string}}\n    Script:\n      type: object\n      properties:\n        name: {type: string}\n        data: {type: object, properties: {script: {type: string}}}\n    Job:\n      type: object\n      properties:\n        name: {type: string}\n        data: {type: object, required: [job_id], properties: {job_id: {type: string}}}\n    Cat:\n      type: object\n      properties:\n        kind: {type: string, enum: [cat, dog]}\n    Dog:\n      type: object\n      properties:\n        kind: {type: string, enum: [cat, dog]}\n        bark: {type: boolean}\n",
    );
    let operations = &generate(&spec, &Options::default()).unwrap().files["src/operations.rs"];
    let example = |method: &str| {
        let start = operations
            .find(&format!(".{method}()\n"))
            .unwrap_or_else(|| panic!("{method}: {operations}"));
        operations[start..start + operations[start..].find(".send()").unwrap()].to_string()
    };
    let index = example("put_index");
    assert!(index.contains("PutIndexBody::Vector("), "{index}");
    let action = example("put_action");
    assert!(action.contains("PutActionBody::Script("), "{action}");
    assert!(action.contains("data: Some(api_client::types::ScriptData::default())"), "{action}");
    let pet = example("put_pet");
    assert!(pet.contains("PutPetBody::Cat("), "{pet}");
    assert!(pet.contains("kind: Some(api_client::types::CatKind::Cat)"), "{pet}");
}

#[test]
fn min_properties_is_checked_and_examples_fill_it() {
    // Atlas' rolling index keys: one entry each (`minProperties: 1`, `maxProperties: 1`).
    let generated = generated_inline(
        "min-properties",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /index:\n    post:\n      operationId: createIndex\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [keys]\n              properties:\n                keys:\n                  type: array\n                  items: {type: object, minProperties: 1, maxProperties: 1, additionalProperties: {type: string}}\n      responses: {'204': {description: none}}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("check_entries(\n"), "{types}");
    assert!(
        types.contains("item.len(),\n                    Some(1),\n                    Some(1),"),
        "{types}"
    );
    assert!(generated.files["src/runtime/validate.rs"].contains("fn check_entries("));
    let operations = &generated.files["src/operations.rs"];
    assert!(
        operations.contains(
            "[(\"example1\".to_string(), \"example\".to_string())].into_iter().collect()"
        ),
        "{operations}"
    );
}

#[test]
fn unique_items_are_checked_and_examples_make_different_items() {
    // Discord's bulk delete: two to a hundred message ids, no id twice.
    let generated = generated_inline(
        "unique-items",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /delete:\n    post:\n      operationId: bulkDelete\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [messages, counts]\n              properties:\n                messages: {type: array, minItems: 2, uniqueItems: true, items: {type: string, pattern: '^(0|[1-9][0-9]*)$'}}\n                counts: {type: array, minItems: 3, uniqueItems: true, items: {type: integer, minimum: 5}}\n                tags: {type: array, minItems: 2, items: {type: string}}\n      responses: {'204': {description: none}}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("check_unique(&format!(\"{}.messages\", at), value)?;"), "{types}");
    assert!(types.contains("check_unique(&format!(\"{}.counts\", at), value)?;"), "{types}");
    assert!(!types.contains("check_unique(&format!(\"{}.tags\", at), value)?;"), "{types}");
    let operations = &generated.files["src/operations.rs"];
    assert!(
        operations.contains("messages: vec![\"1\".to_string(), \"0\".to_string()],"),
        "{operations}"
    );
    assert!(operations.contains("counts: vec![5, 6, 7],"), "{operations}");
}

#[test]
fn an_object_with_min_properties_is_checked_and_its_example_sets_enough_fields() {
    // Figma's variables: an object of optional lists that must carry at least one; and a
    // webhook whose `required` names `team_id` without describing it, which the example sends.
    let generated = generated_inline(
        "object-min-properties",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /variables:\n    post:\n      operationId: postVariables\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              minProperties: 1\n              properties:\n                variables: {type: array, items: {type: string}}\n                modes: {type: array, items: {type: string}}\n      responses: {'204': {description: none}}\n  /webhooks:\n    put:\n      operationId: putWebhook\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [endpoint, team_id]\n              properties:\n                endpoint: {type: string}\n      responses: {'204': {description: none}}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(
        types.contains("check_entries(\n            at,\n            [self.variables.is_some(), self.modes.is_some()]"),
        "{types}"
    );
    let operations = &generated.files["src/operations.rs"];
    assert!(operations.contains("variables: Some(vec![\"example\".to_string()]),"), "{operations}");
    assert!(operations.contains("team_id: Some(serde_json::json!({})),"), "{operations}");
}

#[test]
fn a_content_map_given_by_reference_is_read_from_its_file_and_noted() {
    // Lob's split files: `content: {$ref: responses/x.yml}`, the whole map in another file,
    // whose schema's own `$ref` is relative to that file.
    let spec = inline_spec(
        "content-ref",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /balance:\n    post:\n      operationId: topUp\n      requestBody:\n        required: true\n        content: {$ref: 'resources/requests/top_up.yml'}\n      responses:\n        '200':\n          description: the balance\n          content: {$ref: 'resources/responses/balance.yml'}\n",
    );
    let resources = spec.parent().unwrap().join("resources");
    for dir in ["requests", "responses", "models"] {
        std::fs::create_dir_all(resources.join(dir)).unwrap();
    }
    std::fs::write(
        resources.join("requests/top_up.yml"),
        "application/json:\n  schema: {$ref: '../models/top_up.yml'}\n",
    )
    .unwrap();
    std::fs::write(
        resources.join("responses/balance.yml"),
        "application/json:\n  schema: {$ref: '../models/balance.yml'}\n",
    )
    .unwrap();
    std::fs::write(
        resources.join("models/top_up.yml"),
        "title: TopUp\ntype: object\nrequired: [amount]\nproperties: {amount: {type: integer}}\n",
    )
    .unwrap();
    std::fs::write(
        resources.join("models/balance.yml"),
        "title: Balance\ntype: object\nproperties: {balance: {type: number}}\n",
    )
    .unwrap();
    let generated = generate(&spec, &Options::default()).unwrap();
    let operations = &generated.files["src/operations.rs"];
    assert!(operations.contains("\"application/json\""), "{operations}");
    assert!(!operations.contains("$ref"), "{operations}");
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub struct TopUp {"), "{types}");
    assert!(types.contains("pub amount: i64,"), "{types}");
    assert!(types.contains("pub struct Balance {"), "{types}");
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 2, "{report:?}");
    assert!(
        report[0]
            .contains("#/paths/~1balance/post/requestBody/content: `content` is itself a `$ref`"),
        "{report:?}"
    );
    assert!(
        report[1]
            .contains("#/paths/~1balance/post/responses/200/content: `content` is itself a `$ref`"),
        "{report:?}"
    );
}

#[test]
fn scalar_all_of_parts_make_one_scalar_with_every_parts_checks() {
    // Lob's ids: `allOf: [{$ref: a string with a pattern}, {type: string, description}]`.
    let generated = generated_inline(
        "scalar-all-of",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /checks:\n    post:\n      operationId: createCheck\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [bank]\n              properties:\n                bank:\n                  allOf:\n                    - $ref: '#/components/schemas/BankId'\n                    - {type: string, description: The bank., maxLength: 20}\n                amount:\n                  allOf:\n                    - {type: integer, minimum: 1}\n                    - {type: integer, minimum: 5}\n      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n    BankId: {type: string, pattern: '^bank_[a-z]+$'}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub bank: String,"), "{types}");
    assert!(types.contains("pub amount: Option<i64>,"), "{types}");
    assert!(!types.contains("pub struct CreateCheckBodyBank"), "{types}");
    assert!(types.contains("check_pattern("), "{types}");
    assert!(types.contains("check_length("), "{types}");
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("properties/amount: the `allOf` parts give different values for `minimum`; the first part's is checked"), "{report:?}");
}

#[test]
fn an_all_of_part_with_a_choice_of_required_lists_is_noted_and_examples_follow_its_first() {
    // Lob's addresses: `allOf: [fields, {anyOf: [{required: [name]}, {required: [company]}]}]`.
    let generated = generated_inline(
        "required-choices",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /addresses:\n    post:\n      operationId: createAddress\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Address'}\n      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n    Address:\n      allOf:\n        - type: object\n          required: [line1]\n          properties: {line1: {type: string}}\n        - type: object\n          anyOf:\n            - {title: with a name, required: [name]}\n            - {title: with a company, required: [company]}\n          properties:\n            name: {type: string}\n            company: {type: string}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub name: Option<String>,"), "{types}");
    assert!(types.contains("pub company: Option<String>,"), "{types}");
    let operations = &generated.files["src/operations.rs"];
    assert!(operations.contains("name: Some("), "{operations}");
    assert!(!operations.contains("company: Some("), "{operations}");
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("Address/allOf/1: `anyOf` of `required` lists ([name], [company]) is not checked before sending"), "{report:?}");
}

#[test]
fn required_names_beside_choices_are_required_in_each_choice() {
    // Lob's proofs: `required: [kind, params]` beside `oneOf` choices that declare them.
    let generated = generated_inline(
        "required-beside-choices",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /proofs:\n    post:\n      operationId: createProof\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              required: [kind, params]\n              oneOf:\n                - {title: Card, type: object, properties: {kind: {type: string, enum: [card]}, params: {type: object, properties: {front: {type: string}}}}}\n                - {title: Letter, type: object, properties: {kind: {type: string, enum: [letter]}, params: {type: object, properties: {file: {type: string}}}}}\n      responses: {'204': {description: none}}\n",
    );
    let types = &generated.files["src/types.rs"];
    for variant in ["CreateProofBodyVariant1", "CreateProofBodyVariant2"] {
        assert!(types.contains(&format!("pub kind: {variant}Kind,")), "{types}");
        assert!(types.contains(&format!("pub params: {variant}Params,")), "{types}");
    }
    assert!(!types.contains("pub params: Option<"), "{types}");
}

#[test]
fn a_ref_cycle_in_a_reply_an_all_of_part_or_a_choice_is_degraded_not_fatal() {
    // Found by the property test: `Root: {$ref: Root}` as a reply stopped generation.
    let generated = generated_inline(
        "ref-cycles",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /thing:\n    post:\n      operationId: postThing\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                a: {allOf: [{$ref: '#/components/schemas/Loop'}, {type: string}]}\n              allOf: [{anyOf: [{$ref: '#/components/schemas/Loop'}]}]\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Loop'}}}}\ncomponents:\n  schemas:\n    Loop: {$ref: '#/components/schemas/Loop'}\n",
    );
    let report: Vec<String> = generated.report.iter().map(ToString::to_string).collect();
    assert!(
        report
            .iter()
            .any(|r| r.contains("properties/a/allOf/0: this `allOf` part is a `$ref` cycle")),
        "{report:?}"
    );
    assert!(
        report.iter().any(|r| r.contains("contains itself with no object in between")),
        "{report:?}"
    );
    let operations = &generated.files["src/operations.rs"];
    assert!(operations.contains("serde_json::Value"), "the reply is any JSON value: {operations}");
}

#[test]
fn an_any_of_with_a_null_choice_is_an_optional_value_of_the_other_choice() {
    // OpenAI's 3.1 way of saying nullable: `anyOf: [{type: string}, {type: 'null'}]`.
    let generated = generated_inline(
        "null-choice",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /delta:\n    get:\n      operationId: getDelta\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [content, refusal]\n                properties:\n                  content: {anyOf: [{type: string}, {type: 'null'}]}\n                  refusal: {$ref: '#/components/schemas/Refusal'}\n                  role: {oneOf: [{type: 'null'}, {type: string, enum: [user, assistant]}]}\n                  tokens: {type: object, additionalProperties: {oneOf: [{type: object, properties: {userId: {type: string}}}, {type: 'null'}]}}\ncomponents:\n  schemas:\n    Refusal: {anyOf: [{type: string, maxLength: 9}, {type: 'null'}]}\n",
    );
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub content: Option<String>,"), "{types}");
    assert!(types.contains("pub refusal: Option<String>,"), "{types}");
    assert!(types.contains("pub role: Option<GetDeltaResponseRole>,"), "{types}");
    assert!(types.contains("pub enum GetDeltaResponseRole {"), "{types}");
    // A map's values carry no `Option`: there the choice stays a union that decodes `null`.
    assert!(
        types.contains(
            "pub tokens: Option<std::collections::BTreeMap<String, GetDeltaResponseTokensValue>>,"
        ),
        "{types}"
    );
    assert!(types.contains("pub enum GetDeltaResponseTokensValue {"), "{types}");
    assert!(generated.report.is_empty(), "{:?}", generated.report);
}
