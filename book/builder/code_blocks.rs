//! Real code into the lesson pages, from the files that compile.
//!
//! A lesson README is read in two places: on GitHub, and as a page of the
//! book. On GitHub it links its sources (`[src/as_written.rs](...)`); in the
//! book a reader should also see the code itself, and that code must be the
//! code that is compiled and run, never a copy that can drift. So a README
//! marks the place with an HTML comment on a line of its own, which GitHub
//! does not show:
//!
//! ```text
//! <!-- book: include src/as_written.rs:example -->
//! ```
//!
//! and this turns it into a Rust code block holding mdBook's
//! `{{#include src/as_written.rs:example}}`: the lines between
//! `// ANCHOR: example` and `// ANCHOR_END: example` in that file (a path
//! relative to the README, as its links are; `links.rs` then points it at
//! the repository). A mark whose file or anchor is missing stops the build.
//!
//! The other side, a block that is *not* compiled code (C from the
//! tutorial, the kernel's logic in outline, an example line), carries the
//! word `sketch` after its language: ```` ```c sketch ````. GitHub reads only
//! the first word; mdBook makes the rest a class of the `code` element, and
//! `assets/book.css` labels such a block as a sketch, in the page's
//! language, so that the label needs no message in the catalogue and
//! survives translation.

use std::path::Path;

use anyhow::{Context, Result, bail};

const MARK_START: &str = "<!-- book: include ";
const MARK_END: &str = " -->";

/// `text` (a README in `dir`) with each include mark made a code block.
pub fn expand(text: &str, dir: &Path) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some(target) = line
            .trim_end()
            .strip_prefix(MARK_START)
            .and_then(|rest| rest.strip_suffix(MARK_END))
        else {
            out.push_str(line);
            continue;
        };
        let (file, anchor) = target
            .split_once(':')
            .with_context(|| format!("`{}`: the mark names no anchor", line.trim_end()))?;
        let source = std::fs::read_to_string(dir.join(file))
            .with_context(|| format!("`{}`: reading {file}", line.trim_end()))?;
        for mark in ["ANCHOR", "ANCHOR_END"] {
            if !source
                .lines()
                .any(|l| l.trim() == format!("// {mark}: {anchor}"))
            {
                bail!("`{}`: {file} has no `// {mark}: {anchor}`", line.trim_end());
            }
        }
        out.push_str(&format!("```rust\n{{{{#include {file}:{anchor}}}}}\n```\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory of its own per test (they run in parallel).
    fn dir_with(test: &str, source: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("book-{test}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/a.rs"), source).unwrap();
        dir
    }

    #[test]
    fn a_mark_becomes_an_include_of_the_anchor() {
        let dir = dir_with(
            "include",
            "// ANCHOR: part\nfn f() {}\n// ANCHOR_END: part\n",
        );
        let text = "Before.\n\n<!-- book: include src/a.rs:part -->\n\nAfter.\n";
        assert_eq!(
            expand(text, &dir).unwrap(),
            "Before.\n\n```rust\n{{#include src/a.rs:part}}\n```\n\nAfter.\n"
        );
    }

    #[test]
    fn a_mark_whose_anchor_is_missing_stops_the_build() {
        let dir = dir_with("missing", "fn f() {}\n");
        let error = expand("<!-- book: include src/a.rs:part -->\n", &dir).unwrap_err();
        assert!(format!("{error:#}").contains("has no `// ANCHOR: part`"));
    }
}
