//! The one-line status on stderr during a run: `[12/57] 64 MiB warm mmap
//! first-touch`. Redrawn in place with a carriage return, and only when
//! stderr is a terminal: in a log file a hundred half-lines are noise.

use std::io::{IsTerminal, Write};

/// Counts steps and shows the current one.
pub struct Progress {
    done: usize,
    total: usize,
    tty: bool,
}

impl Progress {
    /// A display for `total` steps.
    pub fn new(total: usize) -> Progress {
        Progress {
            done: 0,
            total,
            tty: std::io::stderr().is_terminal(),
        }
    }

    /// Starts the next step, described by `what`.
    pub fn step(&mut self, what: &str) {
        self.done = (self.done + 1).min(self.total);
        self.show(what);
    }

    /// Redraws the current step with a new description (for a long step
    /// that has parts of its own).
    pub fn show(&self, what: &str) {
        if self.tty {
            // \x1b[2K erases the line, so a shorter label leaves no tail.
            eprint!("\r\x1b[2K[{}/{}] {what}", self.done, self.total);
            let _ = std::io::stderr().flush();
        }
    }

    /// Erases the status line, before printing something that stays.
    pub fn clear(&self) {
        if self.tty {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}
