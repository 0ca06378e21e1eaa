//! Relative links, images and `{{#include}}`s, moved from where a page's
//! text lives in the repository to where the page lives in the book.
//!
//! A lesson README links `src/shared.rs` and `../05-example-1/README.md`
//! as the repository lays them out; in the book that README is the page
//! `lessons/01-address-spaces.md`. Each relative target is resolved against
//! the text's own directory and then pointed at: the page that a Markdown
//! file became, the exercise page for an exercise file, or otherwise the
//! file itself, which is copied into the book at its repository path. An
//! `{{#include}}` becomes an absolute path, since mdBook resolves it
//! against the staged page.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Which repository path became which page, and which files the pages
/// link to.
#[derive(Default)]
pub struct SiteMap {
    /// Repository path (relative) -> page path in the book (relative).
    pub pages: BTreeMap<PathBuf, PathBuf>,
    /// Directories that have a page of their own (a lesson's exercises).
    pub dirs: BTreeMap<PathBuf, PathBuf>,
    /// Repository files (relative) the pages link to, copied into the book.
    pub files: BTreeSet<PathBuf>,
    /// Repository directories the pages link to: each gets an `index.html`
    /// listing its files, which are copied too.
    pub listings: BTreeSet<PathBuf>,
}

impl SiteMap {
    /// `text`, whose file is at `from_repo` (relative), rewritten for the
    /// page at `to_page` (relative to the book's source directory).
    pub fn rewrite(&mut self, root: &Path, text: &str, from_repo: &Path, to_page: &Path) -> String {
        let text = &self.inline_markdown(root, text, from_repo, to_page);
        let from_dir = from_repo.parent().unwrap_or(Path::new(""));
        let page_dir = to_page.parent().unwrap_or(Path::new(""));
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for (range, url) in link_targets(text) {
            if let Some(new) = self.target(root, from_dir, page_dir, &url) {
                edits.push((range, new));
            }
        }
        for (range, path) in include_paths(text) {
            let absolute = root.join(normalize(&from_dir.join(&path)));
            edits.push((range, absolute.to_string_lossy().into_owned()));
        }
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        let mut out = text.to_string();
        for (range, new) in edits {
            out.replace_range(range, &new);
        }
        out
    }

    /// `text` with each `{{#include file.md:anchor}}` replaced by that part
    /// of the file, its links rewritten from where that file is. (mdBook
    /// would include it after the rewriting, with links still relative to
    /// the other file.)
    fn inline_markdown(
        &mut self,
        root: &Path,
        text: &str,
        from_repo: &Path,
        to_page: &Path,
    ) -> String {
        let from_dir = from_repo.parent().unwrap_or(Path::new(""));
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let directive = line
                .trim()
                .strip_prefix("{{#include ")
                .and_then(|rest| rest.strip_suffix("}}"))
                .filter(|target| target.split(':').next().is_some_and(|f| f.ends_with(".md")));
            let Some(directive) = directive else {
                out.push_str(line);
                continue;
            };
            let (file, anchor) = directive.split_once(':').unwrap_or((directive, ""));
            let repo = normalize(&from_dir.join(file));
            let Ok(included) = std::fs::read_to_string(root.join(&repo)) else {
                // Left for mdBook, which names the missing file.
                out.push_str(line);
                continue;
            };
            let part = anchored(&included, anchor);
            out.push_str(&self.rewrite(root, &part, &repo, to_page));
        }
        out
    }

    /// Where `url`, written in a file in `from_dir`, points from a page in
    /// `page_dir`; `None` leaves it as written (absolute URLs, anchors in
    /// the same page, and targets that do not exist, which the browser
    /// check then reports).
    fn target(
        &mut self,
        root: &Path,
        from_dir: &Path,
        page_dir: &Path,
        url: &str,
    ) -> Option<String> {
        if url.contains("://")
            || url.starts_with('#')
            || url.starts_with('/')
            || url.starts_with("mailto:")
        {
            return None;
        }
        let (path, anchor) = match url.split_once('#') {
            Some((path, anchor)) => (path, format!("#{anchor}")),
            None => (url, String::new()),
        };
        let repo = normalize(&from_dir.join(path));
        let in_book = if let Some(page) = self.pages.get(&repo).or_else(|| self.dirs.get(&repo)) {
            page.clone()
        } else if root.join(&repo).is_file() {
            self.files.insert(repo.clone());
            repo
        } else if root.join(&repo).is_dir() {
            self.listings.insert(repo.clone());
            repo.join("index.html")
        } else {
            return None;
        };
        Some(relative(page_dir, &in_book).to_string_lossy().into_owned() + &anchor)
    }
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name` (mdBook's
/// marks, written as HTML comments in Markdown), or all of `text`.
fn anchored(text: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        return text.to_string();
    }
    let start = format!("ANCHOR: {anchor} ");
    let end = format!("ANCHOR_END: {anchor} ");
    text.lines()
        .skip_while(|line| !line.contains(&start))
        .skip(1)
        .take_while(|line| !line.contains(&end))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Each link's and image's destination in `text`, with its byte range.
fn link_targets(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::all()).into_offset_iter() {
        let url = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            Event::Html(html) | Event::InlineHtml(html) => {
                found.extend(html_sources(&html).into_iter().map(|(r, url)| {
                    let start = range.start + text[range.clone()].find(&*html).unwrap_or(0);
                    (start + r.start..start + r.end, url)
                }));
                continue;
            }
            _ => continue,
        };
        // The destination is written last in `[text](url)` or `![alt](url)`.
        if let Some(at) = text[range.clone()].rfind(&*url) {
            let start = range.start + at;
            found.push((start..start + url.len(), url.to_string()));
        }
    }
    found.sort_by_key(|(range, _)| range.start);
    found.dedup_by_key(|(range, _)| range.start);
    found
}

/// `src="..."` and `href="..."` in a piece of raw HTML.
fn html_sources(html: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut from = 0;
        while let Some(at) = html[from..].find(attribute) {
            let start = from + at + attribute.len();
            let Some(len) = html[start..].find('"') else {
                break;
            };
            found.push((start..start + len, html[start..start + len].to_string()));
            from = start + len;
        }
    }
    found
}

/// The path of each `{{#include path...}}` (and `{{#rustdoc_include}}`).
fn include_paths(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for directive in ["{{#include ", "{{#rustdoc_include "] {
        let mut from = 0;
        while let Some(at) = text[from..].find(directive) {
            let start = from + at + directive.len();
            let end = text[start..]
                .find([':', '}', ' '])
                .map_or(text.len(), |len| start + len);
            if !text[start..end].starts_with('/') {
                found.push((start..end, text[start..end].to_string()));
            }
            from = end;
        }
    }
    found
}

/// `a/b/../c` -> `a/c`, without looking at the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to`, both relative to one root.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_link_points_at_the_page_and_a_source_file_is_copied() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut map = SiteMap::default();
        map.pages.insert(
            "lessons/05-example-1/README.md".into(),
            "lessons/05-example-1.md".into(),
        );
        let text = "See [05](../05-example-1/README.md#the-example) and [code](src/shared.rs).";
        let out = map.rewrite(
            root,
            text,
            Path::new("lessons/01-address-spaces/README.md"),
            Path::new("lessons/01-address-spaces.md"),
        );
        assert_eq!(
            out,
            "See [05](05-example-1.md#the-example) and [code](01-address-spaces/src/shared.rs)."
        );
        assert!(
            map.files
                .contains(Path::new("lessons/01-address-spaces/src/shared.rs"))
        );
    }

    #[test]
    fn a_missing_target_is_left_for_the_check_to_report() {
        let mut map = SiteMap::default();
        let text = "[gone](no/such/file.rs)";
        let out = map.rewrite(
            Path::new("/"),
            text,
            Path::new("a/README.md"),
            Path::new("a.md"),
        );
        assert_eq!(out, text);
    }
}
