//! A Rust file's leading `//!` doc comment, which is Markdown: its first
//! line names the file's subject ("Exercise 1.1: share a page with your
//! child.", "x86_64: the `syscall` instruction."), the rest explains it.
//! The book shows the doc as prose and the code after it as code, so the
//! doc is not shown twice.

use std::path::Path;

use anyhow::{Context, Result};

pub struct SourceDoc {
    /// The first line, without its closing full stop.
    pub title: String,
    /// The lines after the first, as Markdown.
    pub body: String,
    /// The 1-based line where the code after the doc comment starts.
    pub code_line: usize,
}

impl SourceDoc {
    pub fn read(file: &Path) -> Result<SourceDoc> {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let doc: Vec<&str> = text
            .lines()
            .map_while(|line| line.strip_prefix("//!"))
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect();
        let (first, rest) = doc
            .split_first()
            .with_context(|| format!("{} has no leading `//!` doc comment", file.display()))?;
        let blank_after = text
            .lines()
            .skip(doc.len())
            .take_while(|l| l.trim().is_empty())
            .count();
        Ok(SourceDoc {
            title: first.trim_end_matches('.').to_string(),
            body: rest.join("\n").trim().to_string() + "\n",
            code_line: doc.len() + blank_after + 1,
        })
    }
}
