//! What both checks share: the accesses that may kill (a store into a
//! sealed page, a jump into code) are made in a child with a deadline, so
//! that a fault ends the child and the checker reports how.

use mman::Mapping;
use rt::or_exit;
use unistd::Ended;

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

/// Runs `body` in a child with the deadline; how it ended.
///
/// Only for bodies that make volatile loads and stores to a mapping, raw
/// write(2) calls, or a call into the code page (fork's rules: a check has
/// one thread and holds no locks).
pub fn in_child(body: impl FnOnce() -> i32) -> Ended {
    // SAFETY: the bodies given here make only the accesses and calls listed
    // above, then exit; a fault ends the child cleanly.
    or_exit(unsafe { unistd::run_in_child_for(body, LIMIT_NS) }, "fork")
}

/// In a child, stores `byte` at offset `i` of `map`; how the child ended
/// (SIGSEGV if the page does not allow stores).
pub fn store_in_child(map: &Mapping, i: usize, byte: u8) -> Ended {
    in_child(|| {
        map.write(i, byte);
        0
    })
}
