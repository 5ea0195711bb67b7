#!/usr/bin/env bash
# Generates the crate the `decode_unions` target fuzzes (from the composition fixture); it is
# not checked in. Run from the repository root: bash fuzz/prepare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p openapi-rust-gen -- generator/tests/fixtures/composition.yaml fuzz/unions-crate --crate-name fuzz-unions
