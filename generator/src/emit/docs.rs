//! Rustdoc from spec prose: split into `#[doc]` lines and made safe for rustdoc (no
//! accidental doctests, intra-doc links or bare URLs).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for a block of text the generator wrote, one per line. Text from
/// the spec goes through [`prose`] first.
pub fn doc_attrs(text: &str) -> TokenStream {
    let attrs = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        let line = doc_literal(&line);
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// A doc line as a raw string literal (`r"..."`, with as many `#` as its quotes need).
/// `prettyplease` prints a doc attribute as `///` and the literal's value, the same for a
/// raw or an escaped literal, but a raw one costs nothing to make and to read back, where
/// escaping each character and unescaping it again was a sixth of a large crate's run.
/// A carriage return, which a raw literal cannot hold alone, keeps the escaped form.
fn doc_literal(line: &str) -> proc_macro2::Literal {
    if line.contains('\r') {
        return proc_macro2::Literal::string(line);
    }
    let hashes = "#".repeat(raw_hashes(line));
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(line))
}

/// How many `#` a raw literal around `text` needs: one more than the longest run of `#`
/// after a `"` in it, or none when it has no `"`.
fn raw_hashes(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.len() - after.trim_start_matches('#').len() + 1)
        .max()
        .unwrap_or(0)
}

/// Spec prose made safe for rustdoc (see [`sanitize`]).
pub fn prose(text: Option<&str>) -> Option<String> {
    text.map(|t| sanitize(t).join("\n"))
}

/// Joins paragraphs (skipping empty ones) into one doc text.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Makes Markdown from a spec safe as rustdoc:
/// - fenced code blocks are marked `text` so rustdoc does not compile them;
/// - leading indentation is removed so no line becomes an indented code block;
/// - `[` and `]` outside Markdown links are escaped so they are not intra-doc links;
/// - bare URLs are wrapped in `<...>`.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Inside a list item, a following line continues it and must be indented to its text
    // (two columns after `- `, three after `1. `) to belong to it.
    let mut list_indent: Option<usize> = None;
    // After a block quote line (`> ...`), a plain line continues the quote's paragraph
    // lazily in Markdown, which clippy's `doc_lazy_continuation` flags: it gets the `> `
    // marker, so it reads as it renders. A line that starts a list ends the quote instead.
    let mut in_quote = false;
    for raw in text.trim().lines() {
        // Tabs are widths nobody agrees on (and clippy flags them in docs).
        let expanded;
        let raw = if raw.contains('\t') {
            expanded = raw.replace('\t', "    ");
            expanded.as_str()
        } else {
            raw
        };
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push("```".to_string());
            } else {
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if !in_fence && in_quote && !trimmed.is_empty() && !trimmed.starts_with('>') {
            if list_marker(trimmed).is_none() && !trimmed.starts_with('#') {
                out.push(format!("> {}", escape_prose(trimmed)));
                continue;
            }
            out.push(String::new());
        }
        if !in_fence {
            in_quote = trimmed.starts_with('>');
        }
        if in_fence {
            out.push(line.to_string());
        } else if trimmed.is_empty() {
            list_indent = None;
            out.push(String::new());
        } else if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(marker);
            out.push(escape_prose(trimmed));
        } else if let Some(indent) = list_indent {
            out.push(format!("{:indent$}{}", "", escape_prose(trimmed)));
        } else {
            out.push(escape_prose(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

/// The width of a list item's marker (`- ` is 2, `10. ` is 4), if the line starts one.
fn list_marker(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
        .then_some(digits + 2)
}

fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // Keep `[text](url)` links; escape any other bracket.
                if let Some(close) = chars[i..].iter().position(|&ch| ch == ']').map(|p| p + i) {
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(end) =
                            chars[close..].iter().position(|&ch| ch == ')').map(|p| p + close)
                        {
                            out.extend(&chars[i..=end]);
                            i = end + 1;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            'h' if starts_with(&chars[i..], "https://") || starts_with(&chars[i..], "http://") => {
                let end = chars[i..]
                    .iter()
                    .position(|ch| ch.is_whitespace() || *ch == ')' || *ch == '>')
                    .map_or(chars.len(), |p| p + i);
                let mut url: String = chars[i..end].iter().collect();
                let mut tail = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    tail.insert(0, url.pop().unwrap_or_default());
                }
                if i > 0 && chars[i - 1] == '<' {
                    out.push_str(&url);
                } else {
                    out.push('<');
                    out.push_str(&url);
                    out.push('>');
                }
                out.push_str(&tail);
                i = end;
                continue;
            }
            '<' if !chars[i + 1..].starts_with(&['h']) => out.push_str("&lt;"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(i, p)| chars.get(i) == Some(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_line_reads_back_as_written_whatever_it_holds() {
        let lines = [
            "",
            " plain",
            " a \"quote\" and a \\backslash",
            " r\"#raw\"# and \"## two",
            " ends with a quote\"",
            " ünïcödé, a tab\t and a nul\0",
            " a lone\rcarriage return",
        ];
        for line in lines {
            let literal = doc_literal(line).to_string();
            let read = syn::parse_str::<syn::LitStr>(&literal).map(|l| l.value()).ok();
            assert_eq!(read.as_deref(), Some(line), "{literal}");
        }
        assert!(doc_literal(" \"#x").to_string().starts_with("r##\""));
        assert_eq!(raw_hashes("none"), 0);
        assert_eq!(raw_hashes("a \"b"), 1);
    }

    #[test]
    fn a_block_quote_ends_before_a_line_without_its_marker() {
        // PagerDuty's and Ory's notes: a quote, then plain lines that continue it lazily.
        assert_eq!(
            sanitize("> **Note:** data is late.\nScoped OAuth requires: `a.read`\nstill\n\nafter"),
            vec![
                "> **Note:** data is late.",
                "> Scoped OAuth requires: `a.read`",
                "> still",
                "",
                "after"
            ]
        );
        assert_eq!(sanitize("> one\n- item"), vec!["> one", "", "- item"]);
    }

    #[test]
    fn prose_becomes_safe_rustdoc() {
        assert_eq!(
            sanitize("See [docs](https://x.y/z) and [brackets]."),
            vec!["See [docs](https://x.y/z) and \\[brackets\\]."]
        );
        assert_eq!(
            sanitize("Go to https://example.com/a."),
            vec!["Go to <https://example.com/a>."]
        );
        assert_eq!(
            sanitize("    indented\n```\ncode [x]\n```"),
            vec!["indented", "```text", "code [x]", "```"]
        );
        assert_eq!(sanitize("a <b> c `[x]`"), vec!["a &lt;b> c `[x]`"]);
        assert_eq!(
            sanitize("- one\ncontinued\n\nafter"),
            vec!["- one", "  continued", "", "after"]
        );
    }
}
