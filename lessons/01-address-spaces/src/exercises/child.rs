//! What both checks share: a deadline for the children that touch the
//! answer's mapping, a way to say how such a child ended, and the 16 bytes
//! at each end of the mapping.

use core::fmt;
use mman::Mapping;
use unistd::{Ended, WaitStatus};

/// A child that does not end in this long is stuck (10 s).
pub const LIMIT_NS: u64 = 10_000_000_000;

/// The exit status of a child that read bytes other than those expected.
pub const OTHER_BYTES: i32 = 3;

/// How a child ended, in words for a claim.
pub struct Outcome(pub Ended);

impl Outcome {
    /// A signal or the deadline ended it: the mapping cannot be touched
    /// that way, by the parent either.
    pub fn died(&self) -> bool {
        matches!(
            self.0,
            Ended::Overdue | Ended::By(WaitStatus::Signaled { .. })
        )
    }

    /// It exited with status 0.
    pub fn succeeded(&self) -> bool {
        self.0 == Ended::By(WaitStatus::Exited(0))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ended::By(WaitStatus::Exited(OTHER_BYTES)) => {
                f.write_str("the child found other bytes")
            }
            Ended::By(status @ WaitStatus::Signaled { .. }) => {
                write!(f, "the child was {status}")
            }
            Ended::By(status) => write!(f, "the child {status}"),
            Ended::Overdue => f.write_str("the child was still running after 10 s: killed"),
        }
    }
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
