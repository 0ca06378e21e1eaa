//! Reading a gettext catalogue (`.po`, `.pot`) with polib, which panics on
//! a header that lacks one of the fields it expects; a translator's edit
//! that drops one gets a line saying which, instead.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use polib::catalog::Catalog;

/// The header fields polib requires.
const HEADER_FIELDS: [&str; 6] = [
    "Project-Id-Version:",
    "POT-Creation-Date:",
    "PO-Revision-Date:",
    "Language-Team:",
    "MIME-Version:",
    "Content-Type:",
];

pub fn parse(file: &Path) -> Result<Catalog> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    // The header is the first entry, up to the first blank line.
    let header = text.split("\n\n").next().unwrap_or("");
    for field in HEADER_FIELDS {
        if !header.contains(&format!("\"{field}")) {
            bail!("{}: the header has no `{field}` line", file.display());
        }
    }
    polib::po_file::parse(file).map_err(|error| anyhow!("{}: {error}", file.display()))
}
