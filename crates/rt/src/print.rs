//! `print!` and friends: `core::fmt` formatting written straight to fd 1 or 2.
//!
//! Deliberately unbuffered: each piece of formatted text is one write(2).
//! A buffer would be faster, but the lessons fork, and a buffer not yet
//! flushed at fork time is copied into the child and printed twice (a classic
//! surprise with C's stdio). With no buffer there is nothing to duplicate.

use core::fmt;

/// Standard output (fd 1) as a `core::fmt::Write` target.
pub struct Stdout;

/// Standard error (fd 2) as a `core::fmt::Write` target.
pub struct Stderr;

impl fmt::Write for Stdout {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        unistd::write_all(1, s.as_bytes()).map_err(|_| fmt::Error)
    }
}

impl fmt::Write for Stderr {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        unistd::write_all(2, s.as_bytes()).map_err(|_| fmt::Error)
    }
}

/// Formats to standard output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {{
        // A failed write to stdout has nowhere to be reported; like C's
        // printf, the lesson carries on.
        let _ = core::fmt::Write::write_fmt(&mut $crate::Stdout, format_args!($($arg)*));
    }};
}

/// Formats to standard output, then a newline.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => {{
        $crate::print!($($arg)*);
        $crate::print!("\n");
    }};
}

/// Formats to standard error, then a newline.
#[macro_export]
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = core::fmt::Write::write_fmt(&mut $crate::Stderr, format_args!($($arg)*));
        let _ = core::fmt::Write::write_str(&mut $crate::Stderr, "\n");
    }};
}
