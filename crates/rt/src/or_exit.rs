//! Ending a lesson cleanly when its set-up fails.

use core::fmt;

/// The exit status for "the lesson could not even set up" (a missing
/// directory, a full disk): distinct from 1, "a claim was refuted".
pub const SETUP_FAILED: i32 = 2;

/// Unwraps `result`, or prints `lesson: <what>: <error>` and exits with
/// status 2. For set-up steps whose failure says nothing about mmap.
pub fn or_exit<T, E: fmt::Display>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            crate::eprintln!("lesson: {what}: {e}");
            unistd::exit(SETUP_FAILED)
        }
    }
}
