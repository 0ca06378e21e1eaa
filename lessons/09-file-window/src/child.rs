//! Running a step in a child process with a deadline, for steps that may
//! die of a signal (the point of several parts) and must not take the
//! lesson with them, nor hang it.

use rt::or_exit;
use unistd::Ended;

/// Long enough for any step here under emulation, short enough that a
/// stuck one fails the lesson quickly.
const LIMIT_NS: u64 = 10_000_000_000;

/// Runs `body` in a child; its return value is the child's exit status.
pub fn run(body: impl FnOnce() -> i32) -> Ended {
    // SAFETY: the children here make raw system calls and plain memory
    // accesses only, then exit (or die of the signal being shown).
    or_exit(unsafe { unistd::run_in_child_for(body, LIMIT_NS) }, "fork")
}
