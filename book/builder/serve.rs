//! `serve`: build, serve the sites on 127.0.0.1, and rebuild whenever a
//! page's source changes (the book's own files, a lesson README, an
//! exercise or architecture file). A rebuilt page shows on the next
//! reload; a build that fails prints why and the last good sites stay.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};

use crate::paths::Paths;
use crate::{lock, render, static_server};

/// The port tried first, so that a reload after a restart finds the page;
/// another one is taken if it is in use.
const PORT: u16 = 3000;

pub fn run(paths: &Paths) -> Result<ExitCode> {
    build(paths)?;
    let address = static_server::start(paths.out.clone(), PORT)
        .or_else(|_| static_server::start(paths.out.clone(), 0))?;
    println!("book: serving http://{address}/en/ and http://{address}/ko/ (Ctrl-C stops)");

    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender).context("cannot watch files")?;
    for source in sources(paths) {
        watcher
            .watch(&source, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", source.display()))?;
    }
    loop {
        let Ok(first) = events.recv() else {
            return Ok(ExitCode::SUCCESS);
        };
        // An editor's save is several events; take them as one.
        std::thread::sleep(Duration::from_millis(200));
        let mut changed = vec![first];
        changed.extend(events.try_iter());
        if changed.iter().flatten().all(|event| event.kind.is_access()) {
            continue;
        }
        match build(paths) {
            Ok(()) => println!("book: rebuilt"),
            Err(error) => println!("book: the rebuild failed: {error:#}"),
        }
    }
}

/// One build, holding the lock that keeps other runs out meanwhile.
fn build(paths: &Paths) -> Result<()> {
    let _lock = lock::hold(paths)?;
    render::build_all(paths)
}

/// What the pages are made from.
fn sources(paths: &Paths) -> Vec<PathBuf> {
    let mut sources = vec![
        paths.book.join("src"),
        paths.book.join("tutorial"),
        paths.book.join("assets"),
        paths.book.join("po"),
        paths.book.join("book.toml"),
        paths.root.join("README.md"),
        paths.root.join("crates/syscall/src/arch"),
        paths.root.join("tests/ERRORS.md"),
    ];
    if let Ok(lessons) = std::fs::read_dir(paths.root.join("lessons")) {
        for lesson in lessons.flatten() {
            sources.push(lesson.path().join("README.md"));
            sources.push(lesson.path().join("exercises"));
            // The code the README includes (code_blocks.rs).
            sources.push(lesson.path().join("src"));
        }
    }
    sources.retain(|source| source.exists());
    sources
}
