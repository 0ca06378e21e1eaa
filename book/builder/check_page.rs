//! The checks `check` makes in the browser, one page at a time. Each
//! returns its failures as lines `<page>: <reason>`; an error is the
//! browser itself failing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Result, anyhow};
use headless_chrome::Tab;
use serde_json::Value;

use crate::check::WIDTH;
use crate::course::Course;
use crate::static_server;

/// The served directory and its URL.
pub struct Site {
    pub root: PathBuf,
    pub base: String,
    /// Pages read from disk to look anchors up in.
    cache: Mutex<HashMap<PathBuf, String>>,
}

impl Site {
    pub fn new(root: PathBuf, base: String) -> Site {
        Site {
            root,
            base,
            cache: Mutex::default(),
        }
    }

    pub fn url(&self, file: &Path) -> String {
        let relative = file.strip_prefix(&self.root).unwrap_or(file);
        format!("{}{}", self.base, relative.display())
    }

    /// Whether a URL of this site resolves: its file exists and, with a
    /// `#fragment`, has an element with that id.
    fn resolves(&self, url: &str) -> Result<(), String> {
        let Some(rest) = url.strip_prefix(&self.base) else {
            return Ok(());
        };
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let path = path.split('?').next().unwrap_or("");
        let file = static_server::file_for(&self.root, path).ok_or("outside the site")?;
        if !file.is_file() {
            return Err("no such file".into());
        }
        if fragment.is_empty() {
            return Ok(());
        }
        let fragment = static_server::percent_decode(fragment).ok_or("bad fragment")?;
        let mut cache = self.cache.lock().unwrap();
        let text = cache
            .entry(file.clone())
            .or_insert_with(|| std::fs::read_to_string(&file).unwrap_or_default());
        if text.contains(&format!("id=\"{fragment}\"")) {
            Ok(())
        } else {
            Err(format!("no element with id `{fragment}`"))
        }
    }
}

/// Every HTML page of one site but mdBook's print page (all pages in one),
/// its 404 page and its `toc.html` (the sidebar for browsers without
/// JavaScript, which has no icon link, so the browser asks the server's
/// root for one).
pub fn pages(site: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![site.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "html")
                && !matches!(
                    path.file_name().and_then(|n| n.to_str()),
                    Some("print.html" | "404.html" | "toc.html")
                )
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// What the page reports about itself, gathered in the browser.
const PAGE_FACTS: &str = r#"(() => {
    const main = document.querySelector("main") || document.body;
    const links = [...main.querySelectorAll("a[href]")].map(a => a.href);
    const images = [...main.querySelectorAll("img")].map(i => ({
        src: i.src, ok: i.complete && i.naturalWidth > 0 }));
    // mdBook gives the `code` inside a `pre` the scroll bar.
    const wide = [...main.querySelectorAll("pre, pre > code")]
        .filter(p => p.scrollWidth > p.clientWidth + 1)
        .map(p => p.textContent.split("\n").reduce((a, b) => b.length > a.length ? b : a, ""))
        .filter((line, i, all) => all.indexOf(line) === i);
    return JSON.stringify({ width: window.innerWidth, links, images, wide });
})()"#;

/// Loads `url` and checks its console, links, images and code blocks.
pub fn check(
    tab: &Tab,
    site: &Site,
    url: &str,
    console: &Mutex<Vec<String>>,
) -> Result<Vec<String>> {
    console.lock().unwrap().clear();
    navigate(tab, url)?;
    let facts = evaluate(tab, PAGE_FACTS)?;
    let page = url.strip_prefix(&site.base).unwrap_or(url);
    let mut failures = Vec::new();
    for error in console.lock().unwrap().drain(..) {
        failures.push(format!("{page}: console error: {error}"));
    }
    let width = facts["width"].as_u64().unwrap_or(0);
    if width != u64::from(WIDTH) {
        failures.push(format!(
            "{page}: the window is {width} pixels wide, not {WIDTH}"
        ));
    }
    for link in facts["links"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Err(reason) = site.resolves(link) {
            failures.push(format!("{page}: link {link}: {reason}"));
        }
    }
    for image in facts["images"].as_array().into_iter().flatten() {
        let src = image["src"].as_str().unwrap_or("");
        if !image["ok"].as_bool().unwrap_or(false) {
            failures.push(format!("{page}: image {src} did not load"));
        }
    }
    for line in facts["wide"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        failures.push(format!(
            "{page}: a code block scrolls sideways at {WIDTH} pixels; its longest line: {line:?}"
        ));
    }
    Ok(failures)
}

/// The front page's sidebar lists every lesson and every exercise.
pub fn sidebar(tab: &Tab, front: &str, course: &Course) -> Result<Vec<String>> {
    navigate(tab, front)?;
    let hrefs = evaluate(
        tab,
        r##"JSON.stringify([...document.querySelectorAll("#mdbook-sidebar a[href]")].map(a => a.getAttribute("href")))"##,
    )?;
    let hrefs: Vec<&str> = hrefs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut failures = Vec::new();
    for lesson in &course.lessons {
        let page = format!("lessons/{}.html", lesson.dir_name);
        if !hrefs.iter().any(|href| href.ends_with(&page)) {
            failures.push(format!("{front}: the sidebar does not list {page}"));
        }
        for exercise in &lesson.exercises {
            let page = format!("exercises/{}.html", exercise.id);
            if !hrefs.iter().any(|href| href.ends_with(&page)) {
                failures.push(format!("{front}: the sidebar does not list {page}"));
            }
        }
    }
    Ok(failures)
}

/// Search, as a reader uses it: open it, type, wait for results.
pub fn search(tab: &Tab, front: &str, term: &str) -> Result<Vec<String>> {
    navigate(tab, front)?;
    let script = format!(
        r##"(async () => {{
            document.getElementById("mdbook-search-toggle").click();
            const bar = document.getElementById("mdbook-searchbar");
            bar.value = {term:?};
            for (let waited = 0; waited < 10000; waited += 100) {{
                bar.dispatchEvent(new KeyboardEvent("keyup", {{ key: "a" }}));
                await new Promise(done => setTimeout(done, 100));
                const results = document.querySelectorAll("#mdbook-searchresults li");
                if (results.length > 0) {{
                    return JSON.stringify({{ count: results.length, text: results[0].textContent }});
                }}
            }}
            return JSON.stringify({{ count: 0, text: "" }});
        }})()"##
    );
    let found = evaluate_async(tab, &script)?;
    let count = found["count"].as_u64().unwrap_or(0);
    let text = found["text"].as_str().unwrap_or("");
    Ok(if count == 0 {
        vec![format!(
            "{front}: search finds nothing for `{term}` within 10 s"
        )]
    } else if !text.contains(term) {
        vec![format!(
            "{front}: search for `{term}`: the first result does not show it: {text:?}"
        )]
    } else {
        Vec::new()
    })
}

/// The language picker on `page` leads to `expected`, a page in `language`.
pub fn language_switch(
    tab: &Tab,
    page: &str,
    expected: &str,
    language: &str,
) -> Result<Vec<String>> {
    navigate(tab, page)?;
    let clicked = evaluate(
        tab,
        r#"(() => { const a = document.getElementById("language-picker"); if (a) a.click(); return JSON.stringify(!!a); })()"#,
    )?;
    if clicked != Value::Bool(true) {
        return Ok(vec![format!("{page}: no language picker")]);
    }
    // The click starts a navigation; wait for it to end.
    std::thread::sleep(Duration::from_millis(300));
    tab.wait_until_navigated()
        .map_err(|e| anyhow!("{page}: {e}"))?;
    let now = tab.get_url();
    let lang = evaluate(tab, "JSON.stringify(document.documentElement.lang)")?;
    Ok(if now != expected {
        vec![format!(
            "{page}: the language picker leads to {now}, not {expected}"
        )]
    } else if lang != Value::String(language.into()) {
        vec![format!(
            "{page}: after switching, the page's language is {lang}, not {language}"
        )]
    } else {
        Vec::new()
    })
}

fn navigate(tab: &Tab, url: &str) -> Result<()> {
    tab.navigate_to(url)
        .and_then(|tab| tab.wait_until_navigated())
        .map(|_| ())
        .map_err(|e| anyhow!("{url}: {e}"))
}

/// Runs a script that returns a JSON string, and parses it.
fn evaluate(tab: &Tab, script: &str) -> Result<Value> {
    parse(
        tab.evaluate(script, false)
            .map_err(|e| anyhow!("{e}"))?
            .value,
    )
}

fn evaluate_async(tab: &Tab, script: &str) -> Result<Value> {
    parse(
        tab.evaluate(script, true)
            .map_err(|e| anyhow!("{e}"))?
            .value,
    )
}

fn parse(value: Option<Value>) -> Result<Value> {
    let text = value
        .as_ref()
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("the page script returned {value:?}"))?;
    Ok(serde_json::from_str(text)?)
}
