//! `check`: both built sites in Debian's chromium (headless, driven over
//! the DevTools protocol by headless_chrome), served by the small server on
//! 127.0.0.1, port 0. A failure names the page and the reason:
//!
//! - every page: a console error or an uncaught exception (a resource
//!   that failed to load is one), a link, anchor or image that does not
//!   resolve, a code block that scrolls sideways in a 1280-pixel window;
//! - the front page of each language: the sidebar lists every lesson and
//!   every exercise; search finds `MAP_SHARED` (both) and `공유` (Korean);
//! - lesson 05: the language picker leads to the same page in the other
//!   language, both ways.
//!
//! It saves screenshots of every kind of page in both languages (front
//! page, lesson, exercise, architecture, reference chapter, tutorial; a
//! lesson's picture, code and sketch in mdBook's light theme and in its
//! dark `navy` and `coal`) under target/book/screenshots/, for a person to
//! look at.

use std::ffi::OsStr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::check_page::{self, Site};
use crate::course::Course;
use crate::paths::{LANGUAGES, Paths};
use crate::static_server;

/// Debian's chromium; headless_chrome never downloads one.
const CHROMIUM: &str = "/usr/bin/chromium";
/// The window the code blocks must fit.
pub const WIDTH: u32 = 1280;
const HEIGHT: u32 = 900;
/// What search must find, per language.
const SEARCHES: [(&str, &str); 3] = [("en", "MAP_SHARED"), ("ko", "공유"), ("ko", "MAP_SHARED")];
/// The page the language picker and the screenshots are checked on.
const LESSON_05: &str = "lessons/05-example-1.html";

pub fn run(paths: &Paths) -> Result<ExitCode> {
    let course = Course::find(&paths.root)?;
    let address = static_server::start(paths.out.clone(), 0)?;
    let site = Site::new(paths.out.clone(), format!("http://{address}/"));
    let browser = launch()?;
    let tab = browser.new_tab().map_err(|e| anyhow!("{e}"))?;
    tab.set_default_timeout(Duration::from_secs(30));
    let console = watch_console(&tab)?;

    let mut failures = Vec::new();
    for language in LANGUAGES {
        for page in check_page::pages(&paths.site(language))? {
            let url = site.url(&page);
            failures.extend(check_page::check(&tab, &site, &url, &console)?);
        }
        let front = site.url(&paths.site(language).join("index.html"));
        failures.extend(check_page::sidebar(&tab, &front, &course)?);
    }
    for (language, term) in SEARCHES {
        let front = site.url(&paths.site(language).join("index.html"));
        failures.extend(check_page::search(&tab, &front, term)?);
    }
    for (from, to) in [("en", "ko"), ("ko", "en")] {
        let page = site.base.clone() + from + "/" + LESSON_05;
        let expected = site.base.clone() + to + "/" + LESSON_05;
        failures.extend(check_page::language_switch(&tab, &page, &expected, to)?);
    }
    screenshots(paths, &tab, &site)?;

    for failure in &failures {
        println!("FAILED {failure}");
    }
    if failures.is_empty() {
        println!(
            "book: both sites pass the browser check (screenshots in target/book/screenshots/)"
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!("book: {} failure(s) in the browser check", failures.len());
        Ok(ExitCode::FAILURE)
    }
}

fn launch() -> Result<Browser> {
    if !std::path::Path::new(CHROMIUM).exists() {
        anyhow::bail!(
            "{CHROMIUM} is missing: `apt-get install chromium fonts-noto-cjk` provides it"
        );
    }
    let options = LaunchOptions::default_builder()
        .path(Some(CHROMIUM.into()))
        .headless(true)
        // Running as root (CI containers) needs it; the pages are our own.
        .sandbox(false)
        .window_size(Some((WIDTH, HEIGHT)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(vec![OsStr::new("--lang=en-US")])
        .build()
        .map_err(|e| anyhow!("{e}"))?;
    Browser::new(options).map_err(|e| anyhow!("cannot start {CHROMIUM}: {e}"))
}

/// Collects console errors and uncaught exceptions, for each page to drain.
fn watch_console(tab: &Arc<Tab>) -> Result<Arc<Mutex<Vec<String>>>> {
    use headless_chrome::protocol::cdp::Log::LogEntryLevel;
    use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption;
    use headless_chrome::protocol::cdp::types::Event;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    tab.enable_log().map_err(|e| anyhow!("{e}"))?;
    tab.enable_runtime().map_err(|e| anyhow!("{e}"))?;
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let line = match event {
            Event::LogEntryAdded(entry)
                if matches!(entry.params.entry.level, LogEntryLevel::Error) =>
            {
                let entry = &entry.params.entry;
                format!("{} {}", entry.text, entry.url.as_deref().unwrap_or(""))
            }
            Event::RuntimeExceptionThrown(thrown) => {
                let details = &thrown.params.exception_details;
                let description = details
                    .exception
                    .as_ref()
                    .and_then(|e| e.description.clone())
                    .unwrap_or_default();
                format!("{} {description}", details.text)
            }
            Event::RuntimeConsoleAPICalled(call)
                if matches!(call.params.Type, ConsoleAPICalledEventTypeOption::Error) =>
            {
                let args: Vec<String> = call
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value
                            .as_ref()
                            .map(|v| v.to_string())
                            .or(a.description.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                format!("console.error: {}", args.join(" "))
            }
            _ => return,
        };
        sink.lock().unwrap().push(line);
    }))
    .map_err(|e| anyhow!("{e}"))?;
    Ok(seen)
}

/// A screenshot for a person to look at: a page, in mdBook's light theme
/// or another one, scrolled to the first element `scroll` selects.
struct Shot {
    name: &'static str,
    page: &'static str,
    theme: Option<&'static str>,
    scroll: Option<&'static str>,
}

/// One of every kind of page, and the pictures and the code blocks in the
/// light and in two dark themes.
const SHOTS: &[Shot] = &[
    Shot {
        name: "front",
        page: "index.html",
        theme: None,
        scroll: None,
    },
    Shot {
        name: "lesson-05",
        page: LESSON_05,
        theme: None,
        scroll: None,
    },
    Shot {
        name: "lesson-05-code",
        page: LESSON_05,
        theme: None,
        scroll: Some("main pre code.language-rust"),
    },
    Shot {
        name: "lesson-05-picture",
        page: LESSON_05,
        theme: None,
        scroll: Some("main img"),
    },
    Shot {
        name: "lesson-05-picture-navy",
        page: LESSON_05,
        theme: Some("navy"),
        scroll: Some("main img"),
    },
    Shot {
        name: "lesson-07-picture-coal",
        page: "lessons/07-munmap.html",
        theme: Some("coal"),
        scroll: Some("main img"),
    },
    Shot {
        name: "lesson-06-sketch-coal",
        page: "lessons/06-msync.html",
        theme: Some("coal"),
        scroll: Some("main code.sketch"),
    },
    Shot {
        name: "exercise-5.1",
        page: "exercises/5.1.html",
        theme: None,
        scroll: None,
    },
    Shot {
        name: "architecture-aarch64",
        page: "architectures/aarch64.html",
        theme: None,
        scroll: None,
    },
    Shot {
        name: "reference-map",
        page: "reference/map.html",
        theme: None,
        scroll: None,
    },
    Shot {
        name: "tutorial",
        page: "tutorial.html",
        theme: None,
        scroll: None,
    },
];

fn screenshots(paths: &Paths, tab: &Tab, site: &Site) -> Result<()> {
    let dir = paths.out.join("screenshots");
    std::fs::create_dir_all(&dir)?;
    for language in LANGUAGES {
        for shot in SHOTS {
            let url = format!("{}{language}/{}", site.base, shot.page);
            let load = |url: &str| {
                tab.navigate_to(url)
                    .and_then(|t| t.wait_until_navigated())
                    .map(|_| ())
                    .map_err(|e| anyhow!("{url}: {e}"))
            };
            load(&url)?;
            if let Some(theme) = shot.theme {
                // mdBook reads the theme from local storage as a page loads.
                tab.evaluate(
                    &format!("localStorage.setItem('mdbook-theme', {theme:?})"),
                    false,
                )
                .map_err(|e| anyhow!("{e}"))?;
                load(&url)?;
            }
            if let Some(selector) = shot.scroll {
                let script = format!(
                    "(() => {{ const e = document.querySelector({selector:?}); if (e) e.scrollIntoView({{ block: 'center' }}); return JSON.stringify(!!e); }})()"
                );
                if tab
                    .evaluate(&script, false)
                    .map_err(|e| anyhow!("{e}"))?
                    .value
                    != Some(serde_json::Value::String("true".into()))
                {
                    anyhow::bail!("{url}: nothing to screenshot matches `{selector}`");
                }
            }
            // Fonts and the sidebar's script settle after the load event.
            std::thread::sleep(Duration::from_millis(500));
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .map_err(|e| anyhow!("{e}"))?;
            if shot.theme.is_some() {
                tab.evaluate("localStorage.removeItem('mdbook-theme')", false)
                    .map_err(|e| anyhow!("{e}"))?;
            }
            let file = dir.join(format!("{language}-{}.png", shot.name));
            std::fs::write(&file, png).with_context(|| format!("writing {}", file.display()))?;
        }
    }
    Ok(())
}
