//! Helpers shared by test binaries.
#![allow(dead_code)]

pub mod random_spec;
