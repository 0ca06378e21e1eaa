//! The terminal while the screen is up: raw mode (keys one at a time, no
//! echo), the alternate screen (the shell's lines are back untouched
//! afterwards), no cursor. A guard puts it all back when the screen ends,
//! on `q` and on an error as the guard is dropped, and a panic hook does
//! the same before the panic's message is printed, so the message is
//! readable and the shell is usable after a bug (the workspace builds with
//! `panic = "abort"`, so no destructor runs on a panic: the hook is the
//! only way back). Ctrl-C is a key in raw mode, and the screen treats it as
//! `q`.

use std::io::{Stdout, Write};
use std::sync::Mutex;

use termion::raw::{IntoRawMode, RawTerminal};

use crate::fail::Fail;

/// The raw-mode handle, which holds the terminal's settings from before;
/// kept where the panic hook can reach it.
static RAW: Mutex<Option<RawTerminal<Stdout>>> = Mutex::new(None);

/// The terminal in the screen's state until dropped.
pub struct Guard;

impl Guard {
    pub fn enter() -> Result<Guard, Fail> {
        let failed =
            |error: std::io::Error| Fail::setup(format!("cannot open the screen: {error}"));
        let raw = std::io::stdout().into_raw_mode().map_err(failed)?;
        if let Ok(mut slot) = RAW.lock() {
            *slot = Some(raw);
        }
        // From here on, the guard restores whatever was set.
        let guard = Guard;
        let mut out = std::io::stdout();
        write!(
            out,
            "{}{}",
            termion::screen::ToAlternateScreen,
            termion::cursor::Hide
        )
        .and_then(|()| out.flush())
        .map_err(failed)?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Back to the terminal the shell had; each step is tried even if one
/// before it failed.
fn restore() {
    let mut out = std::io::stdout();
    let _ = write!(
        out,
        "{}{}",
        termion::cursor::Show,
        termion::screen::ToMainScreen
    );
    let _ = out.flush();
    // Dropping the handle puts the old settings back.
    if let Ok(mut slot) = RAW.lock() {
        slot.take();
    }
}

/// The terminal's size in columns and rows.
pub fn size() -> Option<(u16, u16)> {
    termion::terminal_size().ok()
}
