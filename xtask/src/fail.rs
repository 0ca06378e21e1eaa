//! The error type of xtask: one line for a human, one exit code for a script.
//!
//! A `Fail` means "xtask could not do its job" (a missing tool, a lesson
//! that does not exist, a command that could not be started). It is not a
//! failing test or lesson: those are results, reported in the summary with
//! exit code 1. Keeping the two apart lets CI tell "the code is wrong" (1)
//! from "the machine is not set up" (2).

use std::fmt::Display;
use std::process::ExitCode;

/// Exit code for a setup or usage problem; clap uses 2 for bad arguments too.
const SETUP_EXIT_CODE: u8 = 2;

/// A one-line reason why xtask stopped, and the exit code that goes with it.
#[derive(Debug)]
pub struct Fail {
    message: String,
    code: u8,
}

/// The constructors are named by what went wrong, so that a reader of a
/// call sees the kind of failure before its words; every one of them ends
/// xtask with the same exit code.
impl Fail {
    /// The machine is not in a state xtask can work with, in words that
    /// fit none of the kinds below (an archive that offers no package, a
    /// release with no kernel).
    pub fn setup(message: impl Into<String>) -> Self {
        Fail {
            message: message.into(),
            code: SETUP_EXIT_CODE,
        }
    }

    /// The request cannot be done as asked: no such lesson or exercise, an
    /// option that does not fit, a value xtask does not know.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Fail::setup(message)
    }

    /// An outside program xtask needs is not there: `<tool> not found:
    /// <why>`, where `why` says what it is for and how to install it.
    pub fn missing(tool: impl Display, why: impl Display) -> Self {
        Fail::setup(format!("{tool} not found: {why}"))
    }

    /// An operation on a file or a process failed with the system's error:
    /// `could not <verb> <object>: <error>` (read a file, start a program).
    pub fn could_not(verb: &str, object: impl Display, error: impl Display) -> Self {
        Fail::setup(format!("could not {verb} {object}: {error}"))
    }

    /// A program xtask ran ended in failure: `<command> failed (<status>)`,
    /// then `after`: where its own message is, or nothing.
    pub fn command_failed(command: impl Display, status: impl Display, after: &str) -> Self {
        Fail::setup(format!("{command} failed ({status}){after}"))
    }

    /// The one-line reason.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prints `error: ...` on stderr and returns the exit code to end with.
    pub fn report(&self) -> ExitCode {
        eprintln!("error: {}", self.message);
        ExitCode::from(self.code)
    }
}
