//! The document's patterns, each compiled once per process and shared by every stage and
//! thread: the build decides which engine runs a pattern, and emission checks its example
//! values against it. Compiling is the costly part (a pattern with Unicode classes builds a
//! large automaton), and the same few patterns recur on hundreds of fields. The table lives as
//! long as the process, which for the command line is one run; a host that generates from many
//! documents keeps the automaton of every pattern it has met.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use serde_json::Value;

type Compiled = Option<Arc<fancy_regex::Regex>>;

/// One slot per pattern, filled by whichever thread asks first while the others wait for
/// that pattern alone.
static COMPILED: LazyLock<Mutex<HashMap<String, Arc<OnceLock<Compiled>>>>> =
    LazyLock::new(Default::default);

/// `pattern` compiled by `fancy-regex` (which hands what needs no backtracking to the
/// `regex` crate's engine), or `None` when it does not compile.
pub fn compiled(pattern: &str) -> Compiled {
    let slot = {
        // A poisoned lock only means another thread panicked; the map is whole.
        let mut slots = COMPILED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match slots.get(pattern) {
            Some(slot) => slot.clone(),
            None => slots.entry(pattern.to_string()).or_default().clone(),
        }
    };
    slot.get_or_init(|| fancy_regex::Regex::new(pattern).ok().map(Arc::new)).clone()
}

/// Starts compiling, on a thread of its own, every `pattern` the documents give, in their
/// order: the build, which runs on one core and asks for each pattern as it meets it, then
/// mostly finds it compiled. The thread is not waited for; what it has not reached yet, the
/// build compiles itself.
pub fn compile_ahead<'a>(documents: impl IntoIterator<Item = &'a Value>) {
    let mut patterns = Vec::new();
    for document in documents {
        collect_patterns(document, &mut patterns);
    }
    if !patterns.is_empty() {
        std::thread::spawn(move || {
            for pattern in patterns {
                compiled(&pattern);
            }
        });
    }
}

/// The string values of `pattern` keys, outside examples and vendor extensions.
fn collect_patterns(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(pattern) if key == "pattern" => out.push(pattern.clone()),
                    _ if key.starts_with("x-") || key == "example" || key == "examples" => {}
                    _ => collect_patterns(item, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_patterns(item, out)),
        _ => {}
    }
}

/// Which engine runs `pattern`: `Ok(false)` for the `regex` crate (linear time), `Ok(true)`
/// for `fancy-regex` when the pattern needs look-around or back-references, or why neither
/// takes it. The generated crate compiles it with the same engine and version.
///
/// A pattern the `regex` crate's parser (`regex-syntax`, with the crate's defaults) accepts
/// is the `regex` crate's; `fancy-regex` compiling it proves the automaton fits.
pub fn engine(pattern: &str) -> Result<bool, String> {
    let plain = regex_syntax::Parser::new().parse(pattern);
    if compiled(pattern).is_some() {
        return Ok(plain.is_err());
    }
    match fancy_regex::Regex::new(pattern) {
        Ok(_) => Ok(plain.is_err()),
        // `fancy-regex` hands what it does not run itself to `regex`; when that part fails,
        // the `regex` crate's parser's message is the clearer one.
        Err(fancy_regex::Error::CompileError(inner))
            if matches!(*inner, fancy_regex::CompileError::InnerError(_)) =>
        {
            Err(first_line(&plain.err().map_or_else(|| inner.to_string(), |e| e.to_string()))
                .to_string())
        }
        Err(fancy) => Err(first_line(&fancy.to_string()).to_string()),
    }
}

/// The line of a multi-line parser message that says what is wrong (`regex-syntax` puts it
/// last, after the pattern and a caret line).
fn first_line(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().next().unwrap_or(text).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_goes_to_the_engine_that_runs_it() {
        assert_eq!(engine("^([a-f0-9]{24})$"), Ok(false));
        assert_eq!(engine(r"^\p{L}+$"), Ok(false));
        assert_eq!(engine("^(?!admin).*$"), Ok(true));
        assert_eq!(engine(r"^(a)\1$"), Ok(true));
        let unclosed = engine("^(a$").unwrap_err();
        assert!(unclosed.contains("without closing parenthesis"), "{unclosed}");
        // Parsed by `fancy-regex`, refused by the `regex` crate's parser it hands it to.
        let unknown = engine(r"^\p{Nope}$").unwrap_err();
        assert_eq!(unknown, "Unicode property not found");
    }

    #[test]
    fn the_patterns_of_a_document_are_found_outside_examples() {
        let document = serde_json::json!({
            "components": {"schemas": {"Id": {"type": "string", "pattern": "^[a-f0-9]{24}$"},
                "Named": {"properties": {"pattern": {"type": "string", "pattern": "^p$"}}}}},
            "paths": {"/a": {"get": {"parameters": [{"schema": {"pattern": "^q$"}}],
                "x-codeSamples": {"pattern": "^no$"}, "example": {"pattern": "^no$"}}}}
        });
        let mut found = Vec::new();
        collect_patterns(&document, &mut found);
        found.sort();
        assert_eq!(found, ["^[a-f0-9]{24}$", "^p$", "^q$"]);
    }

    #[test]
    fn a_pattern_is_compiled_once_and_shared() {
        let first = compiled("^shared-[0-9]+$").expect("compiles");
        let again = compiled("^shared-[0-9]+$").expect("compiles");
        assert!(Arc::ptr_eq(&first, &again));
        assert!(first.is_match("shared-42").unwrap());
        assert!(compiled("(").is_none());
    }
}
