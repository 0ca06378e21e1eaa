//! The Korean site's search index, rebuilt after mdBook has written it.
//!
//! mdBook indexes every page with elasticlunr's English pipeline, whose
//! trimmer keeps only ASCII letters, digits and `_` at a word's ends: a
//! Hangul word becomes the empty word and is dropped, so `공유` is found
//! nowhere. The query side (elasticlunr.js, `searcher.js`) trims the same
//! way. This rewrites the index of a site from the documents mdBook stored
//! in it (each section's title, text and breadcrumbs), with:
//!
//! - words split at every character that is not a letter, a digit or `_`
//!   (so `MAP_SHARED|MAP_FIXED` and `공유(shared)` are words each), and kept
//!   whole, Hangul included;
//! - every Hangul word also indexed from each of its later syllables on
//!   (`공유된` also as `유된` and `된`). elasticlunr.js completes a query
//!   word to every indexed word that starts with it (mdBook's `expand`), so
//!   `공유` finds `공유`, `공유는`, `공유된` (a particle or ending attached)
//!   and, through these suffixes, `비공유` (a word that contains it);
//! - English stemming (mdBook's) for ASCII words only, under a pipeline
//!   name of its own, `stemmer-ascii`, which `assets/search.js` registers
//!   for the query side together with the same word split.
//!
//! A query word is never cut into suffixes: the learner types the word or
//! its start, and completion does the rest.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use elasticlunr::lang::English;
use elasticlunr::pipeline::{Pipeline, PipelineFn};
use elasticlunr::{IndexBuilder, Language};
use serde_json::Value;

/// How mdBook wraps the index's JSON in `searchindex.js`.
const PREFIX: &str = "window.search = Object.assign(window.search, JSON.parse('";
const SUFFIX: &str = "'));";
/// mdBook drops longer words too (a line of hex, a long path).
const MAX_WORD_LENGTH: usize = 80;
/// The index's fields, in mdBook's order.
const FIELDS: [&str; 3] = ["title", "body", "breadcrumbs"];

/// Rewrites the search index of the site in `site` (see above).
pub fn rebuild(site: &Path) -> Result<()> {
    let file = index_file(site)?;
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let mut json = parse(&text).with_context(|| format!("reading {}", file.display()))?;
    let docs = json["index"]["documentStore"]["docs"]
        .as_object()
        .ok_or_else(|| anyhow!("{}: no stored documents", file.display()))?;
    let mut refs: Vec<(usize, &Value)> = docs
        .iter()
        .map(|(key, doc)| Ok((key.parse::<usize>()?, doc)))
        .collect::<Result<_>>()?;
    refs.sort_by_key(|(key, _)| *key);

    let mut index = IndexBuilder::with_language(Box::new(BookLanguage))
        .add_fields(FIELDS)
        .build();
    for (key, doc) in refs {
        let fields = FIELDS.map(|field| doc[field].as_str().unwrap_or(""));
        index.add_doc(&key.to_string(), fields);
    }
    json["index"] = serde_json::to_value(&index)?;
    std::fs::write(&file, wrap(&serde_json::to_string(&json)?))
        .with_context(|| format!("writing {}", file.display()))
}

/// The site's `searchindex*.js` (mdBook may put a hash in its name).
fn index_file(site: &Path) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(site)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("searchindex") && name.ends_with(".js") {
            found.push(path);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "{}: expected one searchindex*.js, found {}",
            site.display(),
            found.len()
        ),
    }
}

/// The JSON inside `searchindex.js`: mdBook escapes `\` and `'` in it.
fn parse(text: &str) -> Result<Value> {
    let inner = text
        .trim_end()
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .ok_or_else(|| anyhow!("not the form mdBook writes"))?;
    let mut json = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            json.push(chars.next().ok_or_else(|| anyhow!("ends in a `\\`"))?);
        } else {
            json.push(c);
        }
    }
    Ok(serde_json::from_str(&json)?)
}

fn wrap(json: &str) -> String {
    format!(
        "{PREFIX}{}{SUFFIX}",
        json.replace('\\', "\\\\").replace('\'', "\\'")
    )
}

/// The words of `text` as the Korean index holds them (see the header).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
    {
        let word = word.to_lowercase();
        if word.len() > MAX_WORD_LENGTH {
            continue;
        }
        for (at, c) in word.char_indices().skip(1) {
            if is_hangul(c) {
                tokens.push(word[at..].to_string());
            }
        }
        tokens.push(word);
    }
    tokens
}

/// Hangul syllables and compatibility jamo (ㄱ, ㅏ ...).
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{3131}'..='\u{318E}')
}

/// The index's language: the split above, English stop words, English
/// stemming of ASCII words.
struct BookLanguage;

impl Language for BookLanguage {
    fn name(&self) -> String {
        "Korean".into()
    }

    fn code(&self) -> String {
        "ko".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        tokenize(text)
    }

    fn make_pipeline(&self) -> Pipeline {
        let mut english = English::new().make_pipeline().queue;
        let stop_words = take(&mut english, "stopWordFilter");
        let stemmer = take(&mut english, "stemmer");
        Pipeline {
            queue: vec![stop_words, Box::new(AsciiStemmer(stemmer))],
        }
    }
}

/// Takes the function called `name` out of an elasticlunr pipeline.
fn take(queue: &mut Vec<Box<dyn PipelineFn>>, name: &str) -> Box<dyn PipelineFn> {
    let at = queue
        .iter()
        .position(|f| f.name() == name)
        .unwrap_or_else(|| panic!("elasticlunr's English pipeline has no `{name}`"));
    queue.remove(at)
}

/// The English stemmer, for ASCII words only; `assets/search.js` defines
/// the same function for queries.
struct AsciiStemmer(Box<dyn PipelineFn>);

impl PipelineFn for AsciiStemmer {
    fn name(&self) -> String {
        "stemmer-ascii".into()
    }

    fn filter(&self, token: String) -> Option<String> {
        if token.is_ascii() {
            self.0.filter(token)
        } else {
            Some(token)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_words_are_kept_and_indexed_from_each_syllable() {
        assert_eq!(
            tokenize("공유된 페이지(MAP_SHARED)는"),
            [
                "유된",
                "된",
                "공유된",
                "이지",
                "지",
                "페이지",
                "map_shared",
                "는"
            ]
        );
    }

    #[test]
    fn a_word_with_a_particle_after_latin_letters_is_indexed_from_the_particle() {
        assert_eq!(tokenize("mmap으로"), ["으로", "로", "mmap으로"]);
    }

    #[test]
    fn ascii_words_are_stemmed_and_hangul_words_are_not() {
        let pipeline = BookLanguage.make_pipeline();
        assert_eq!(
            pipeline.run(vec!["mappings".into(), "공유된".into(), "the".into()]),
            ["map", "공유된"]
        );
    }

    #[test]
    fn the_index_file_round_trips() {
        let text = wrap(r#"{"a":"it's \\ here"}"#);
        assert_eq!(parse(&text).unwrap()["a"], "it's \\ here");
    }
}
