//! `--features-per-tag`: which cargo feature compiles each operation and each type. An
//! operation compiles with the feature of its tag (named as its command-line group); a type
//! with any of the features of the operations that reach it, and always when every tag (or
//! the error type) reaches it. A type no operation reaches compiles with `full`.

use std::collections::BTreeSet;

use super::{named_in, reachable};
use crate::model::{Api, Gate, SuccessBody, TagFeatures};

/// Above this many operations a crate is split by tag unless asked otherwise. Below it a
/// clean `cargo check` of the whole crate takes a few seconds on two cores (our 28-operation
/// crate: about 2 s, most of it dependencies), and features would only add noise to its
/// API; above it the model and builders dominate (the 514-operation upstream crate: see
/// BENCHMARKS.md).
pub const AUTOMATIC_ABOVE: usize = 100;

/// The crate's own features, which a tag's feature must not be named as.
const RESERVED: &[&str] = &["default", "full", "cli", "mock", "fuzzing"];

/// The cargo feature of a command-line group (a tag): the group's name, unless the crate
/// uses that name for a feature of its own.
pub fn feature_name(group: &str) -> String {
    if RESERVED.contains(&group) {
        format!("{group}-tag")
    } else {
        group.to_owned()
    }
}

pub fn plan(api: &Api) -> TagFeatures {
    let operations: Vec<String> =
        api.operations.iter().map(|op| feature_name(&op.names.group)).collect();
    let names: Vec<String> =
        operations.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.types.len()];
    for (op, feature) in api.operations.iter().zip(&operations) {
        let feature = names.binary_search(feature).expect("every operation's feature is named");
        let mut roots = Vec::new();
        op.params.iter().for_each(|p| named_in(&p.ty, &mut roots));
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut roots);
        }
        if let SuccessBody::Json(ty) = &op.success.body {
            named_in(ty, &mut roots);
        }
        if let Some(stream) = &op.success.stream {
            named_in(&stream.item, &mut roots);
        }
        for id in reachable(api, roots) {
            reached[id].insert(feature);
        }
    }
    let mut always = vec![false; api.types.len()];
    if let Some(ty) = &api.error_type {
        let mut roots = Vec::new();
        named_in(ty, &mut roots);
        for id in reachable(api, roots) {
            always[id] = true;
        }
    }
    let types = reached
        .into_iter()
        .zip(always)
        .map(|(features, always)| {
            if always || features.len() == names.len() {
                Gate::Always
            } else {
                Gate::Features(features.into_iter().map(|i| names[i].clone()).collect())
            }
        })
        .collect();
    TagFeatures { names, operations, types }
}
