//! What several xtasks share: a pinned cargo tool installed under `target/`, and a generated
//! section of a Markdown page kept between two HTML comment markers.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `target/<dir>/bin/<krate>`, installed at `version` (locked) if it is not there yet: pinned
/// so that every machine reports with the same tool, and under `target/` so that nothing
/// outside the checkout changes.
pub fn cargo_tool(root: &Path, dir: &str, krate: &str, version: &str) -> Result<PathBuf, String> {
    let install = root.join("target").join(dir);
    let binary = install.join("bin").join(krate);
    if !binary.exists() {
        eprintln!("installing {krate} {version} into {}", install.display());
        let status = Command::new(env!("CARGO"))
            .args(["install", "--quiet", "--locked", krate, "--version", version, "--root"])
            .arg(&install)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("cargo install {krate} failed"));
        }
    }
    Ok(binary)
}

/// The markers of one generated section: `<!-- {name}:start -->` and `<!-- {name}:end -->`.
pub struct Section {
    pub name: &'static str,
    /// Written before the section when the page does not have it yet.
    pub heading_if_missing: &'static str,
}

impl Section {
    fn markers(&self) -> (String, String) {
        (format!("<!-- {}:start -->", self.name), format!("<!-- {}:end -->", self.name))
    }

    /// `text` with the section's content replaced by `content` (appended if it has none).
    pub fn replace_in(&self, text: &str, content: &str) -> String {
        let (start_marker, end_marker) = self.markers();
        let section = format!("{start_marker}\n{content}{end_marker}");
        match (text.find(&start_marker), text.find(&end_marker)) {
            (Some(start), Some(end)) if start < end => {
                format!("{}{section}{}", &text[..start], &text[end + end_marker.len()..])
            }
            _ => format!("{}\n\n{}{section}\n", text.trim_end(), self.heading_if_missing),
        }
    }

    /// Rewrites the section in the page at `doc`.
    pub fn write(&self, doc: &Path, content: &str) -> Result<(), String> {
        let text = std::fs::read_to_string(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
        std::fs::write(doc, self.replace_in(&text, content))
            .map_err(|e| format!("{}: {e}", doc.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: Section = Section { name: "demo", heading_if_missing: "## Demo\n\n" };

    #[test]
    fn a_section_is_replaced_between_its_markers_and_the_rest_kept() {
        let text = "before\n<!-- demo:start -->\nold\n<!-- demo:end -->\nafter\n";
        assert_eq!(
            SECTION.replace_in(text, "new\n"),
            "before\n<!-- demo:start -->\nnew\n<!-- demo:end -->\nafter\n"
        );
    }

    #[test]
    fn a_missing_section_is_appended_under_its_heading() {
        assert_eq!(
            SECTION.replace_in("page\n", "new\n"),
            "page\n\n## Demo\n\n<!-- demo:start -->\nnew\n<!-- demo:end -->\n"
        );
    }
}
