//! The error type of xtask: one line for a human, one exit code for a script.
//!
//! A `Fail` means "xtask could not do its job" (a missing tool, a lesson
//! that does not exist, a command that could not be started). It is not a
//! failing test or lesson: those are results, reported in the summary with
//! exit code 1. Keeping the two apart lets CI tell "the code is wrong" (1)
//! from "the machine is not set up" (2).

use std::process::ExitCode;

/// Exit code for a setup or usage problem; clap uses 2 for bad arguments too.
const SETUP_EXIT_CODE: u8 = 2;

/// A one-line reason why xtask stopped, and the exit code that goes with it.
#[derive(Debug)]
pub struct Fail {
    message: String,
    code: u8,
}

impl Fail {
    /// The machine or the request is not in a state xtask can work with.
    pub fn setup(message: impl Into<String>) -> Self {
        Fail {
            message: message.into(),
            code: SETUP_EXIT_CODE,
        }
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
