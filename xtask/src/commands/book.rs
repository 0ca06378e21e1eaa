//! `cargo xtask book`: the course as a book. The work is done by the `book`
//! crate (book/), a Cargo workspace of its own, so that mdBook and the
//! browser driver are compiled only when the book is asked for, and their
//! features never reach the freestanding crates (the root Cargo.toml says
//! how they would); this forwards to it, built into target/book-build/. It is built with the dev profile: a cold
//! release build took several times longer than the build of the book
//! itself ever takes.

use std::process::ExitCode;

use crate::fail::Fail;
use crate::workspace;

/// What `cargo xtask book` was asked to do; each is a command of `book`.
#[derive(Clone, Copy)]
pub enum BookAction {
    Build,
    Open,
    Serve,
    Check,
    Pot,
    CheckPo,
}

pub fn book(action: BookAction) -> Result<ExitCode, Fail> {
    let command = match action {
        BookAction::Build => "build",
        BookAction::Open => "open",
        BookAction::Serve => "serve",
        BookAction::Check => "check",
        BookAction::Pot => "pot",
        BookAction::CheckPo => "check-po",
    };
    let status = workspace::cargo()
        .args([
            "run",
            "--quiet",
            "--manifest-path",
            "book/Cargo.toml",
            "--target-dir",
        ])
        .arg(workspace::target_dir().join("book-build"))
        .args(["--", command])
        .status()
        .map_err(|error| Fail::setup(format!("cannot run cargo: {error}")))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
        None => ExitCode::from(2),
    })
}
