//! One `book` run at a time in a checkout: every command stages the pages
//! afresh in `target/book-src/` (removing what was there) and writes the
//! sites in `target/book/`, so a second run at once would delete pages
//! under the first one's mdBook, or rebuild a site the first one's browser
//! is checking. Each command holds `target/book.lock` (flock(2), released
//! when the file is closed, even if the process dies) for as long as it
//! builds and checks; `serve` holds it for each rebuild only, so that a
//! check can run beside a server.

use std::fs::{File, OpenOptions, TryLockError};

use anyhow::{Context, Result};

use crate::paths::Paths;

/// Waits for the lock and returns the file that holds it.
pub fn hold(paths: &Paths) -> Result<File> {
    let path = paths.root.join("target/book.lock");
    std::fs::create_dir_all(path.parent().unwrap())?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    if let Err(TryLockError::WouldBlock) = file.try_lock() {
        println!(
            "book: waiting for another book run in this checkout to finish (it holds {})",
            paths.shown(&path).display()
        );
    }
    file.lock()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}
