//! `print!` and friends: `core::fmt` formatting written to fd 1 or 2.
//!
//! Each `print!` formats into a buffer on the stack and ends with one
//! write(2) (more only if the text outgrows the buffer), so that one line of
//! output is one system call in a trace. Nothing stays buffered between
//! calls: the lessons fork, and text still sitting in a buffer at fork time
//! would be copied into the child and printed twice (the classic surprise
//! with C's stdio after fork).

use core::fmt;

/// How much text one `print!` gathers before writing.
const CHUNK: usize = 512;

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

/// Gathers formatted text for one file descriptor and writes it in chunks.
struct Gather {
    fd: i32,
    buf: [u8; CHUNK],
    len: usize,
}

impl Gather {
    fn flush(&mut self) -> fmt::Result {
        let result = unistd::write_all(self.fd, &self.buf[..self.len]).map_err(|_| fmt::Error);
        self.len = 0;
        result
    }
}

impl fmt::Write for Gather {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &byte in s.as_bytes() {
            if self.len == CHUNK {
                self.flush()?;
            }
            self.buf[self.len] = byte;
            self.len += 1;
        }
        Ok(())
    }
}

/// Formats `args` to file descriptor `fd` with as few writes as possible.
/// A failed write has nowhere to be reported; like C's printf, the caller
/// carries on.
pub fn print_to(fd: i32, args: fmt::Arguments<'_>) {
    let mut gather = Gather {
        fd,
        buf: [0; CHUNK],
        len: 0,
    };
    if fmt::write(&mut gather, args).is_ok() {
        let _ = gather.flush();
    }
}

/// Formats to standard output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::print_to(1, format_args!($($arg)*)) };
}

/// Formats to standard output, then a newline.
#[macro_export]
macro_rules! println {
    () => { $crate::print_to(1, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::print_to(1, format_args!("{}\n", format_args!($($arg)*))) };
}

/// Formats to standard error, then a newline.
#[macro_export]
macro_rules! eprintln {
    ($($arg:tt)*) => { $crate::print_to(2, format_args!("{}\n", format_args!($($arg)*))) };
}
