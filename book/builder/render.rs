//! Builds the staged pages into one site per language with mdBook: English
//! as written, Korean through the gettext preprocessor and `po/ko.po`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use mdbook_i18n_helpers::preprocessors::Gettext;

use crate::paths::{LANGUAGES, Paths};
use crate::{anchors, catalogue, search_index, stage};

/// Stages the pages, then builds every language.
pub fn build_all(paths: &Paths) -> Result<()> {
    stage::stage(paths)?;
    for language in LANGUAGES {
        build(paths, language)?;
    }
    for language in &LANGUAGES[1..] {
        anchors::carry_over(&paths.site(LANGUAGES[0]), &paths.site(language))?;
        // mdBook's index drops every Hangul word.
        search_index::rebuild(&paths.site(language))?;
    }
    Ok(())
}

/// Builds one language from the staged pages into `target/book/<language>/`.
pub fn build(paths: &Paths, language: &str) -> Result<()> {
    let mut config = config(paths, language, paths.site(language))?;
    if language != LANGUAGES[0] {
        // The gettext preprocessor reads it too, and panics where this
        // says what is wrong.
        let file = paths.po_dir().join(format!("{language}.po"));
        if file.exists() {
            catalogue::parse(&file)?;
        }
        config.book.title = translated_title(paths, language, config.book.title.take());
    }
    let mut book = MDBook::load_with_config(&paths.book, config)
        .with_context(|| format!("loading the staged pages ({language})"))?;
    if language != LANGUAGES[0] {
        // Runs after mdBook's own `{{#include}}` preprocessor, so included
        // text is translated too. It reads po/<language>.po; without that
        // file the pages stay in English.
        book.with_preprocessor(Gettext);
    }
    book.build()
        .with_context(|| format!("building the {language} book"))
}

/// book.toml, pointed at the staged pages, the given output directory and
/// language.
pub fn config(paths: &Paths, language: &str, build_dir: PathBuf) -> Result<Config> {
    let mut config =
        Config::from_disk(paths.book.join("book.toml")).context("reading book/book.toml")?;
    config.book.src = paths.staging.clone();
    config.book.language = Some(language.to_string());
    config.build.build_dir = build_dir;
    Ok(config)
}

/// The book's title in `language`, from its catalogue (the front page's
/// heading is the same message), else as written.
fn translated_title(paths: &Paths, language: &str, title: Option<String>) -> Option<String> {
    let title = title?;
    let file = paths.po_dir().join(format!("{language}.po"));
    let Ok(catalog) = catalogue::parse(&file) else {
        return Some(title);
    };
    let translated = catalog
        .find_message(None, &title, None)
        .filter(|message| message.is_translated() && !message.is_fuzzy())
        .and_then(|message| message.msgstr().ok().map(str::to_string));
    translated.or(Some(title))
}
