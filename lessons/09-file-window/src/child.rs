//! Running a step in a child process with a deadline, for steps that may
//! die of a signal (the point of several parts) and must not take the
//! lesson with them, nor hang it.

use core::fmt;
use rt::or_exit;
use unistd::{Ended, WaitStatus};

/// Long enough for any step here under emulation, short enough that a
/// stuck one fails the lesson quickly.
const LIMIT_NS: u64 = 10_000_000_000;

/// How a child ended, printable.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Outcome(pub Ended);

impl Outcome {
    /// Whether it exited with status 0.
    pub fn exited_ok(self) -> bool {
        self.0 == Ended::By(WaitStatus::Exited(0))
    }

    /// Whether `signal` killed it.
    pub fn killed_by(self, signal: u32) -> bool {
        matches!(self.0, Ended::By(status) if status.signal() == Some(signal))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ended::By(status) => write!(f, "{status}"),
            Ended::Overdue => write!(f, "still running after 10 s, killed"),
        }
    }
}

/// Runs `body` in a child; its return value is the child's exit status.
pub fn run(body: impl FnOnce() -> i32) -> Outcome {
    // SAFETY: the children here make raw system calls and plain memory
    // accesses only, then exit (or die of the signal being shown).
    Outcome(or_exit(
        unsafe { unistd::run_in_child_for(body, LIMIT_NS) },
        "fork",
    ))
}
