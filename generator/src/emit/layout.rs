//! Lists the spec can grow, laid out one entry per line after printing, so that adding an
//! entry adds a line and moves none. `prettyplease` fills a macro call's tokens like a
//! paragraph and keeps a short struct literal on one line; both would re-wrap their
//! neighbours when an entry is added, and the reviewer of a spec change would have to
//! compare two paragraphs to find one field.

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
    use super::one_entry_per_line;

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
}
