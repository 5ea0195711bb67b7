//! The document's patterns, each compiled once per process and shared by every stage and
//! thread: the build decides which engine runs a pattern, and emission checks its example
//! values against it. Compiling is the costly part (a pattern with Unicode classes builds a
//! large automaton), and the same few patterns recur on hundreds of fields.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

type Compiled = Option<Arc<fancy_regex::Regex>>;

static COMPILED: LazyLock<Mutex<HashMap<String, Compiled>>> = LazyLock::new(Default::default);

/// `pattern` compiled by `fancy-regex` (which hands what needs no backtracking to the
/// `regex` crate's engine), or `None` when it does not compile.
pub fn compiled(pattern: &str) -> Compiled {
    // A poisoned lock only means another thread panicked while compiling; the map is whole.
    let mut compiled = COMPILED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = compiled.get(pattern) {
        return known.clone();
    }
    let regex = fancy_regex::Regex::new(pattern).ok().map(Arc::new);
    compiled.insert(pattern.to_string(), regex.clone());
    regex
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
    fn a_pattern_is_compiled_once_and_shared() {
        let first = compiled("^shared-[0-9]+$").expect("compiles");
        let again = compiled("^shared-[0-9]+$").expect("compiles");
        assert!(Arc::ptr_eq(&first, &again));
        assert!(first.is_match("shared-42").unwrap());
        assert!(compiled("(").is_none());
    }
}
