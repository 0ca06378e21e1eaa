//! The English anchors, kept in a translated site.
//!
//! mdBook makes each heading's id from its text, so `## Boot time` is
//! `#boot-time` in English and an id made of Korean words in the Korean
//! site. Links carry their anchors over untranslated
//! (`reference/vm.md#boot-time`), and so does the language picker, so
//! each translated heading gets its English id as well: an empty element
//! with that id just before it. The pages are translated block by block,
//! so the n-th heading of a page is the n-th heading of its English page.

use std::path::Path;

use anyhow::{Context, Result};

use crate::check_page::pages;

/// Adds the English ids of `english`'s pages to `translated`'s.
pub fn carry_over(english: &Path, translated: &Path) -> Result<()> {
    for page in pages(translated)? {
        let relative = page.strip_prefix(translated).unwrap();
        let Ok(original) = std::fs::read_to_string(english.join(relative)) else {
            continue;
        };
        let text = std::fs::read_to_string(&page)
            .with_context(|| format!("reading {}", page.display()))?;
        let english_ids = heading_ids(&original);
        let ids = heading_ids(&text);
        if english_ids.len() != ids.len() {
            println!(
                "book: {} has {} headings and its English page {}; its English anchors are left out",
                page.display(),
                ids.len(),
                english_ids.len()
            );
            continue;
        }
        let mut out = text.clone();
        // From the end, so the earlier positions stay valid.
        for ((at, id), (_, english_id)) in ids.iter().zip(&english_ids).rev() {
            if id != english_id {
                out.insert_str(*at, &format!("<span id=\"{english_id}\"></span>"));
            }
        }
        if out != text {
            std::fs::write(&page, out).with_context(|| format!("writing {}", page.display()))?;
        }
    }
    Ok(())
}

/// Each heading's byte position and id, in order.
fn heading_ids(html: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("<h") {
        let start = from + at;
        from = start + 2;
        let rest = &html[start + 2..];
        let level_ok = rest.starts_with(|c: char| ('1'..='6').contains(&c));
        if !level_ok || !rest[1..].starts_with(" id=\"") {
            continue;
        }
        let id_start = start + 2 + 1 + " id=\"".len();
        if let Some(len) = html[id_start..].find('"') {
            found.push((start, html[id_start..id_start + len].to_string()));
        }
    }
    found
}
