//! The one place printed code is laid out after `prettyplease`, which prints every item
//! correctly but not as a reviewer of a spec change needs it. Three passes, each with its
//! tests here, and no other module rewrites printed lines:
//! - lists the spec can grow (`json_object!` entries, builder literals) get one entry per
//!   line, so that adding an entry adds a line and moves none: `prettyplease` fills a macro
//!   call's tokens like a paragraph and keeps a short struct literal on one line, and both
//!   would re-wrap their neighbours when an entry is added;
//! - a single method call that does not fit stays on its receiver's line (`request.query(`),
//!   where `prettyplease` would leave the receiver alone on a line;
//! - items are separated by one blank line, which `prettyplease` does not print.

/// Lays out a printed module; `lists`: also one entry per line (types and operations).
pub fn lay_out(code: &str, lists: bool) -> String {
    let code: std::borrow::Cow<str> =
        if lists { one_entry_per_line(code).into() } else { code.into() };
    space_items(&join_lone_receivers(&code))
}

/// `request` alone on a line followed by `    .query_each(` and its arguments: the receiver
/// and the call are joined, and the arguments and the closing `);` moved out one level, as
/// rustfmt writes a single call. A chain of several calls is left as printed.
fn join_lone_receivers(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < lines.len() {
        match lone_receiver_call(&lines, i) {
            Some(close) => {
                out.push_str(lines[i]);
                out.push_str(lines[i + 1].trim_start());
                out.push('\n');
                for line in &lines[i + 2..=close] {
                    out.push_str(&line[4.min(indent_of(line))..]);
                    out.push('\n');
                }
                i = close + 1;
            }
            None => {
                out.push_str(lines[i]);
                out.push('\n');
                i += 1;
            }
        }
    }
    out
}

/// The index of the line closing the call when line `i` is a lone identifier whose next line
/// is one call (`.name(`) with its arguments on their own, deeper, lines and a closing `);`
/// (or `)?;`).
fn lone_receiver_call(lines: &[&str], i: usize) -> Option<usize> {
    let receiver = lines[i].trim_start();
    let is_ident = |text: &str| {
        text.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && text.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    if !is_ident(receiver) {
        return None;
    }
    let indent = indent_of(lines[i]);
    let call = lines.get(i + 1)?;
    let name = call.strip_prefix(&" ".repeat(indent + 4))?.strip_prefix('.')?.strip_suffix('(')?;
    if !is_ident(name) {
        return None;
    }
    let closing = format!("{})", " ".repeat(indent + 4));
    for (offset, line) in lines[i + 2..].iter().enumerate() {
        if line.strip_prefix(&closing).is_some_and(|end| end == ";" || end == "?;") {
            return Some(i + 2 + offset);
        }
        if indent_of(line) < indent + 8 {
            return None;
        }
    }
    None
}

/// Puts a blank line between items, which `prettyplease` does not: after a closing brace
/// that ends an item, and after the last `use` line. Never two blank lines in a row.
pub fn space_items(code: &str) -> String {
    let spaced = insert_blank_lines(code);
    let mut out = String::with_capacity(spaced.len());
    let mut previous_blank = true;
    for line in spaced.lines() {
        let blank = line.trim().is_empty();
        if blank && previous_blank {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        previous_blank = blank;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `path::to::name!(`: a macro invocation, which at item level generates items.
fn is_macro_call(line: &str) -> bool {
    let name_end =
        line.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(line.len());
    name_end > 0 && line[name_end..].starts_with("!(")
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn insert_blank_lines(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { continue };
        let next_trimmed = next.trim_start();
        let trimmed = line.trim_start();
        // A macro call right after a closing brace completes that item (`json_object!` after
        // its struct, `send_methods!` after its builder), so it stays attached to it.
        let completes_item = trimmed == "}" && is_macro_call(next_trimmed);
        let starts_item =
            ["///", "#[", "pub ", "impl", "fn "].iter().any(|p| next_trimmed.starts_with(p))
                || (is_macro_call(next_trimmed) && !completes_item);
        // (A doc comment line is never the end of an item, whatever it ends with.)
        // (`];` ends a `const` table.)
        let closes_item = (trimmed == "}"
            || trimmed == "];"
            || (trimmed.ends_with(");") && !trimmed.starts_with("//")))
            && starts_item;
        // The last `use` line: a one-line `use` or the `};` closing a wrapped one.
        let ends_use = (trimmed.starts_with("use ") && trimmed.ends_with(';'))
            || (trimmed == "};" && indent_of(line) == 0);
        let ends_uses = ends_use && !next_trimmed.starts_with("use ");
        let ends_inner_docs = trimmed.starts_with("//!") && !next_trimmed.starts_with("//!");
        let indent = line.len() - trimmed.len();
        let next_indent = next.len() - next_trimmed.len();
        if (closes_item && indent == next_indent) || ends_uses || ends_inner_docs {
            out.push('\n');
        }
    }
    out
}

/// Rewrites every `json_object!(Name { a = "a", b = "b" required })` (however the printer
/// wrapped it) and every one-line builder literal `Name { client: self, a: None }` with one
/// entry per line.
pub fn one_entry_per_line(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 8);
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("json_object!(") {
            // Gather the whole call: it ends with the line that closes it.
            let mut call = trimmed.to_string();
            while !call.trim_end().ends_with(");") {
                let Some(next) = lines.next() else { break };
                call.push(' ');
                call.push_str(next.trim());
            }
            match json_object_entries(&call) {
                Some((name, entries)) if !entries.is_empty() => {
                    out.push_str(&format!("{indent}json_object!({name} {{\n"));
                    for entry in entries {
                        out.push_str(&format!("{indent}    {entry},\n"));
                    }
                    out.push_str(&format!("{indent}}});\n"));
                }
                _ => {
                    out.push_str(indent);
                    out.push_str(&call);
                    out.push('\n');
                }
            }
            continue;
        }
        if let Some((name, fields)) = builder_literal(trimmed) {
            out.push_str(&format!("{indent}{name} {{\n"));
            for field in fields {
                out.push_str(&format!("{indent}    {field},\n"));
            }
            out.push_str(&format!("{indent}}}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `json_object!(Name { a = "a", b = "x, }" required });` → `Name` and its entries, split at
/// the commas outside string literals.
fn json_object_entries(call: &str) -> Option<(&str, Vec<String>)> {
    let inner = call.trim_end().strip_prefix("json_object!(")?.strip_suffix(");")?.trim();
    let (name, rest) = inner.split_once(' ')?;
    let body = rest.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut entries = Vec::new();
    let mut current = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for c in body.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ',' if !in_string => {
                entries.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        entries.push(current.trim().to_string());
    }
    Some((name, entries.into_iter().filter(|e| !e.is_empty()).collect()))
}

/// `GetOrgInvite { client: self, org_id: None }`: the literal a `Client` method returns,
/// when the printer kept it on one line.
fn builder_literal(line: &str) -> Option<(&str, Vec<&str>)> {
    let (name, rest) = line.split_once(" { client: self")?;
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') || name.is_empty() {
        return None;
    }
    let fields = rest.strip_suffix(" }")?;
    let mut all = vec!["client: self"];
    for field in fields.split(", ").filter(|f| !f.is_empty()) {
        // Every other field starts unset.
        let (rust, value) = field.split_once(": ")?;
        if value != "None" || !rust.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '#') {
            return None;
        }
        all.push(field);
    }
    Some((name, all))
}

#[cfg(test)]
mod tests {
    use super::{join_lone_receivers, one_entry_per_line, space_items};

    #[test]
    fn json_object_calls_get_one_entry_per_line() {
        let printed = "json_object!(\n    Thing { a = \"a\" required, odd = \"x, }\\\" y\", r#type = \"type\" }\n);\n";
        assert_eq!(one_entry_per_line(printed), "json_object!(Thing {\n    a = \"a\" required,\n    odd = \"x, }\\\" y\",\n    r#type = \"type\",\n});\n");
        assert_eq!(one_entry_per_line("json_object!(Empty {});\n"), "json_object!(Empty {});\n");
    }

    #[test]
    fn one_line_builder_literals_are_expanded_and_nothing_else() {
        let printed = "    fn m(&self) -> M<'_> {\n        M { client: self, org_id: None, r#type: None }\n    }\n";
        assert_eq!(one_entry_per_line(printed), "    fn m(&self) -> M<'_> {\n        M {\n            client: self,\n            org_id: None,\n            r#type: None,\n        }\n    }\n");
        let other = "        Point { x: 1, y: None }\n";
        assert_eq!(one_entry_per_line(other), other);
    }

    #[test]
    fn a_lone_receiver_joins_its_single_call() {
        let printed = "        request\n            .query_each(\n                \"orgMembershipStatuses\",\n                self.org_membership_statuses.into_iter().flatten(),\n            );\n        Ok(request)\n";
        assert_eq!(
            join_lone_receivers(printed),
            "        request.query_each(\n            \"orgMembershipStatuses\",\n            self.org_membership_statuses.into_iter().flatten(),\n        );\n        Ok(request)\n"
        );
        // A chain of calls, or a receiver that is an expression, stays as printed.
        let chain = "        request\n            .query(\n                a,\n            )\n            .other();\n";
        assert_eq!(join_lone_receivers(chain), chain);
        let expression =
            "        self.0\n            .query(\n                a,\n            );\n";
        assert_eq!(join_lone_receivers(expression), expression);
    }

    #[test]
    fn items_get_one_blank_line_between_them_and_a_table_is_an_item() {
        let printed = "use a::b;\npub const A: &[u8] = &[\n    1,\n];\n/// B.\npub const B: u8 = 1;\nfn f() {\n}\nfn g() {\n    let x = [\n        1,\n    ];\n}\n";
        assert_eq!(
            space_items(printed),
            "use a::b;\n\npub const A: &[u8] = &[\n    1,\n];\n\n/// B.\npub const B: u8 = 1;\nfn f() {\n}\n\nfn g() {\n    let x = [\n        1,\n    ];\n}\n"
        );
    }
}
