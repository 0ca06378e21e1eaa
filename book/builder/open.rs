//! `open`: the English front page in the desktop's browser.

use std::process::{Command, ExitCode, Stdio};

use crate::paths::Paths;

pub fn open(paths: &Paths) -> ExitCode {
    let page = paths.site("en").join("index.html");
    let opened = Command::new("xdg-open")
        .arg(&page)
        .stdin(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if opened {
        ExitCode::SUCCESS
    } else {
        println!(
            "book: no browser could be opened (xdg-open); the book is {}",
            page.display()
        );
        ExitCode::from(2)
    }
}
