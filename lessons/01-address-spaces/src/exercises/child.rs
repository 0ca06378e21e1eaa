//! What both checks share: the children that touch the answer's mapping
//! (touching it may kill the toucher, so a child goes first, with a
//! deadline), how such a child ended in words for a claim, and the 16
//! bytes at each end of the mapping.

use core::fmt;
use mman::Mapping;
use rt::{Escaped, MapsLine, or_exit, println};
use unistd::{Ended, WaitStatus};

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

/// The exit status of a child that read bytes other than those expected.
const OTHER_BYTES: i32 = 3;

/// Runs `body` in a child with the deadline; how it ended.
///
/// Only for bodies that touch the mapping with volatile loads and stores
/// and make raw system calls (fork's rules: a check has one thread and
/// holds no locks).
fn in_child(body: impl FnOnce() -> i32) -> Outcome {
    // SAFETY: the bodies given here make raw system calls and volatile
    // accesses only; a fault ends the child, never the checker.
    Outcome(or_exit(
        unsafe { unistd::run_in_child_for(body, LIMIT_NS) },
        "fork",
    ))
}

/// In a child, reads the mapping's first and last 16 bytes, says what it
/// read, and exits 0 if they are `head` and `tail`, [`OTHER_BYTES`] if not;
/// how it ended. Reading may kill the reader (PROT_NONE, or a page past the
/// end of a file), so a child tries first; once one could, the parent can
/// too: same mapping, same protection.
pub fn peek(map: &Mapping, head: &[u8; 16], tail: &[u8; 16]) -> Outcome {
    in_child(|| {
        let (first, last) = first_and_last(map);
        println!(
            "   (child) before any store the mapping reads {} ... {}",
            Shown(&first),
            Shown(&last)
        );
        if (&first, &last) == (head, tail) {
            0
        } else {
            OTHER_BYTES
        }
    })
}

/// In a child, stores `mark` at the mapping's start and at its end (the
/// last 16 bytes), then exits 0; how it ended.
pub fn store_at_both_ends(map: &Mapping, mark: &[u8; 16]) -> Outcome {
    let last = map.len() - mark.len();
    in_child(|| {
        map.write_from(0, mark);
        map.write_from(last, mark);
        0
    })
}

/// How a child ended, in words for a claim; exit status [`OTHER_BYTES`] is
/// the child's own word for "the mapping did not show what it should".
#[derive(Clone, Copy)]
pub struct Outcome(pub Ended);

impl Outcome {
    /// A signal or the deadline ended it: the mapping cannot be touched
    /// that way, by the parent either.
    pub fn died(self) -> bool {
        matches!(
            self.0,
            Ended::Overdue | Ended::By(WaitStatus::Signaled { .. })
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ended::By(WaitStatus::Exited(OTHER_BYTES)) => {
                f.write_str("the child found other bytes")
            }
            ended => write!(f, "the child: {ended}"),
        }
    }
}

/// The maps line of the mapping at `addr`, printed as the parent sees it.
pub fn parents_line(addr: usize) -> Option<MapsLine> {
    let line = rt::maps_line(addr);
    let text = line.as_ref().map_or(&b""[..], MapsLine::as_bytes);
    println!("  parent's maps: {}", Escaped(text));
    line
}

/// The mapping's first and last 16 bytes.
pub fn first_and_last(map: &Mapping) -> ([u8; 16], [u8; 16]) {
    let mut first = [0; 16];
    let mut last = [0; 16];
    map.read_into(0, &mut first);
    map.read_into(map.len() - last.len(), &mut last);
    (first, last)
}

/// Sixteen bytes for a claim: quoted text, or `16 zero bytes`.
pub struct Shown<'a>(pub &'a [u8; 16]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.iter().all(|&b| b == 0) {
            f.write_str("16 zero bytes")
        } else {
            write!(f, "\"{}\"", rt::Escaped(self.0))
        }
    }
}
