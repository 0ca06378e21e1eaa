//! `book`: the course as a book, in English and in Korean.
//!
//! `cargo xtask book` runs this program (a Cargo workspace of its own, so
//! that `cargo test` and `cargo xtask test` never compile mdBook or the
//! browser driver, and their features never reach the course's freestanding
//! crates). Its commands:
//!
//! - `build`: assemble the pages (`stage`), then build `target/book/en/`
//!   and `target/book/ko/` (`render`);
//! - `pot`: write `book/po/messages.pot`, every message of every page;
//! - `check-po`: fail when the messages extracted today differ from the
//!   committed template, or `ko.po` has a fuzzy or untranslated message;
//! - `open`: build, then open the English front page;
//! - `serve`: build, serve on 127.0.0.1, rebuild on every save;
//! - `check`: build, then check both sites in Debian's chromium.
//!
//! Exit codes: 0 done; 1 a check failed; 2 the book could not be built or
//! the command line was wrong.

mod anchors;
mod arch_pages;
mod catalogue;
mod check;
mod check_page;
mod code_blocks;
mod course;
mod exercise_pages;
mod links;
mod lock;
mod open;
mod paths;
mod po_check;
mod pot;
mod render;
mod search_index;
mod serve;
mod source_doc;
mod stage;
mod static_server;
mod tutorial_page;

use std::process::ExitCode;

use crate::paths::Paths;

const USAGE: &str = "usage: book build|pot|check-po|open|serve|check";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let paths = Paths::new();
    // `serve` takes the lock for each rebuild (lock.rs).
    let _lock = match command.as_str() {
        "serve" => None,
        _ => match lock::hold(&paths) {
            Ok(file) => Some(file),
            Err(error) => {
                eprintln!("book: {error:#}");
                return ExitCode::from(2);
            }
        },
    };
    let result = match command.as_str() {
        "build" => render::build_all(&paths).map(|()| ExitCode::SUCCESS),
        "pot" => pot::write(&paths).map(|()| ExitCode::SUCCESS),
        "check-po" => po_check::run(&paths),
        "open" => render::build_all(&paths).map(|()| open::open(&paths)),
        "serve" => serve::run(&paths),
        "check" => render::build_all(&paths).and_then(|()| check::run(&paths)),
        _ => {
            eprintln!("book: no command `{command}`; {USAGE}");
            return ExitCode::from(2);
        }
    };
    result.unwrap_or_else(|error| {
        eprintln!("book: {error:#}");
        ExitCode::from(2)
    })
}
