//! The terminal while the screen is up: raw mode (keys one at a time, no
//! echo), the alternate screen (the shell's lines are back untouched
//! afterwards), no cursor. A guard puts it all back when the screen ends,
//! on `q` and on an error as the guard is dropped, and a panic hook does
//! the same before the panic's message is printed, so the message is
//! readable and the shell is usable after a bug. Ctrl-C is a key in raw
//! mode, and the screen treats it as `q`.

use std::io::Write;

use crossterm::{cursor, execute, terminal};

use crate::fail::Fail;

/// The terminal in the screen's state until dropped.
pub struct Guard;

impl Guard {
    pub fn enter() -> Result<Guard, Fail> {
        let failed =
            |error: std::io::Error| Fail::setup(format!("cannot open the screen: {error}"));
        terminal::enable_raw_mode().map_err(failed)?;
        // From here on, the guard restores whatever was set.
        let guard = Guard;
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )
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
    let _ = execute!(out, cursor::Show, terminal::LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}
