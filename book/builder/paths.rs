//! Where the book's inputs and outputs are.

use std::path::{Path, PathBuf};

/// The directories every command works with.
pub struct Paths {
    /// The repository.
    pub root: PathBuf,
    /// `book/`: book.toml, the pages written by hand, the catalogues.
    pub book: PathBuf,
    /// `target/book-src/`: the pages as mdBook reads them, assembled by
    /// `stage` on every build and never committed.
    pub staging: PathBuf,
    /// `target/book/`: one site per language, and the screenshots.
    pub out: PathBuf,
}

impl Paths {
    pub fn new() -> Paths {
        // cargo sets CARGO_MANIFEST_DIR for the program `cargo run` starts,
        // so a clone that was moved finds its own pages; the path compiled
        // in is only the fallback for the binary run by hand.
        let book = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = book
            .parent()
            .expect("book/ is inside the repository")
            .to_path_buf();
        Paths {
            staging: root.join("target/book-src"),
            out: root.join("target/book"),
            book,
            root,
        }
    }

    /// The gettext catalogues: `messages.pot` and one `.po` per language.
    pub fn po_dir(&self) -> PathBuf {
        self.book.join("po")
    }

    /// The site of one language.
    pub fn site(&self, language: &str) -> PathBuf {
        self.out.join(language)
    }

    /// A repository path as the messages show it.
    pub fn shown<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// The languages the book is built in; the first is the one it is written in.
pub const LANGUAGES: [&str; 2] = ["en", "ko"];
