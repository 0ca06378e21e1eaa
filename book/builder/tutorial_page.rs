//! The source tutorial, section by section: the Korean as written
//! (`book/tutorial/mmap-munmap-msync.ko.md`), each section followed by its
//! English reading (`book/tutorial/english-reading.md`). Both files have
//! the same six sections in the same order; the page is built from them so
//! that neither is copied.

use anyhow::{Result, bail};

/// What opens each Korean section: the page's introduction is what comes
/// before the first (the template of translations holds that part alone).
pub const SECTION_START: &str = "<div class=\"tutorial-original\" lang=\"ko\">";

/// The page's Markdown.
pub fn page(korean: &str, english: &str) -> Result<String> {
    let (_, korean_sections) = sections(korean);
    let (preamble, english_sections) = sections(english);
    if korean_sections.len() != english_sections.len() {
        bail!(
            "the tutorial has {} sections and its English reading {}: they must pair up",
            korean_sections.len(),
            english_sections.len()
        );
    }
    let mut page = preamble;
    for (korean, english) in korean_sections.iter().zip(&english_sections) {
        page.push_str(&format!(
            "\n{SECTION_START}\n\n{}\n</div>\n\
             <div class=\"tutorial-reading\" lang=\"en\">\n\n{}\n</div>\n",
            demote(korean),
            english.replacen("## ", "#### ", 1)
        ));
    }
    Ok(page)
}

/// The text before the first section heading, and each section from its
/// heading on. A section heading is a `## ` or `### ` line outside code.
fn sections(text: &str) -> (String, Vec<String>) {
    let mut preamble = String::new();
    let mut sections: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && (line.starts_with("## ") || line.starts_with("### ")) {
            sections.push(String::new());
        }
        let target = sections.last_mut().unwrap_or(&mut preamble);
        target.push_str(line);
        target.push('\n');
    }
    (preamble, sections)
}

/// Every section heading at level 2, so the page's outline is flat.
fn demote(section: &str) -> String {
    let mut lines = section.lines();
    let heading = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches('#')
        .trim();
    let rest: Vec<&str> = lines.collect();
    format!("## {heading}\n{}\n", rest.join("\n"))
}
