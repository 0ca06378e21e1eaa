//! `book/po/messages.pot`: every message of every page, extracted by
//! mdbook-i18n-helpers from the pages as mdBook sees them (includes
//! resolved), for the translators to work from (`msgmerge` brings a
//! language's `.po` up to date with it).
//!
//! Two changes to what its `xgettext` renderer would write: the template
//! has no creation date and no line numbers, so that it changes only when
//! a message does; and each message names the repository file its text
//! comes from (a lesson's README, an exercise file), not the staged page.
//! Of the tutorial page only the introduction is in it: the tutorial itself
//! is Korean as written, and its English reading is for readers of the
//! English book.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_i18n_helpers::xgettext::create_catalogs;
use mdbook_renderer::{RenderContext, Renderer};
use polib::catalog::Catalog;
use polib::message::{MessageMutView, MessageView};

use crate::paths::Paths;
use crate::{render, stage, tutorial_page};

/// The page whose introduction alone is translated (see above).
const TUTORIAL: &str = "tutorial.md";

/// Writes `book/po/messages.pot`.
pub fn write(paths: &Paths) -> Result<()> {
    let catalog = extract(paths)?;
    let file = paths.po_dir().join("messages.pot");
    polib::po_file::write(&catalog, &file)
        .with_context(|| format!("writing {}", file.display()))?;
    println!(
        "{}: {} messages",
        paths.shown(&file).display(),
        catalog.count()
    );
    Ok(())
}

/// Every message of the English pages, as the template holds them.
pub fn extract(paths: &Paths) -> Result<Catalog> {
    let (_, map) = stage::stage(paths)?;
    // The staged page -> the repository file its text comes from.
    let mut origin: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for (repo, page) in map.pages.iter().chain(map.dirs.iter()) {
        origin.entry(page.clone()).or_insert_with(|| repo.clone());
    }
    for (repo, page) in &map.pages {
        if repo.starts_with("book/src") {
            origin.insert(page.clone(), repo.clone());
        }
    }
    let config = render::config(paths, "en", paths.out.join("pot"))?;
    let book = MDBook::load_with_config(&paths.book, config).context("loading the staged pages")?;
    let extractor = Extractor {
        origin,
        catalog: Default::default(),
    };
    book.execute_build_process(&extractor)?;
    extractor
        .catalog
        .into_inner()
        .unwrap()
        .context("no messages were extracted")
}

struct Extractor {
    origin: BTreeMap<PathBuf, PathBuf>,
    catalog: std::sync::Mutex<Option<Catalog>>,
}

impl Renderer for Extractor {
    fn name(&self) -> &str {
        // The name the gettext preprocessor stays away from.
        "xgettext"
    }

    fn render(&self, ctx: &RenderContext) -> Result<()> {
        let mut ctx = ctx.clone();
        for item in ctx.book.items.iter_mut() {
            if let BookItem::Chapter(chapter) = item
                && chapter.path.as_deref() == Some(Path::new(TUTORIAL))
            {
                let Some(body) = chapter.content.find(tutorial_page::SECTION_START) else {
                    bail!("the tutorial page has no Korean section");
                };
                chapter.content.truncate(body);
            }
        }
        // Sources relative to the staged pages: `lessons/01-....md`.
        ctx.root = ctx.config.book.src.clone();
        ctx.config.book.src = PathBuf::new();
        ctx.config.set("output.xgettext.granularity", 0)?;
        let mut catalogs = create_catalogs(&ctx, std::fs::read_to_string)?;
        if catalogs.len() != 1 {
            bail!("expected one catalogue, got {}", catalogs.len());
        }
        let (_, mut catalog) = catalogs.drain().next().unwrap();
        catalog.metadata.pot_creation_date = String::new();
        catalog.metadata.project_id_version = String::new();
        catalog.metadata.language = String::new();
        for mut message in catalog.messages_mut() {
            let sources: Vec<String> = message
                .source()
                .split_whitespace()
                .map(|page| self.origin_of(page))
                .collect();
            *message.source_mut() = sources.join(" ");
        }
        *self.catalog.lock().unwrap() = Some(catalog);
        Ok(())
    }
}

impl Extractor {
    fn origin_of(&self, page: &str) -> String {
        let page = Path::new(page);
        match self.origin.get(page) {
            Some(repo) => repo.display().to_string(),
            None if page == Path::new("SUMMARY.md") => "book/src/SUMMARY.md".into(),
            None => page.display().to_string(),
        }
    }
}
