//! How a lesson states a claim and shows the kernel's verdict.
//!
//! Every claim a lesson makes about mmap is checked while it runs: the lesson
//! computes what it expects, observes what happened, and prints one line:
//!
//! ```text
//! [ok] the child was killed by SIGBUS (signal 7)
//! [FAILED] the file's first 40 bytes are zero
//! ```
//!
//! and finishes with `claims: N confirmed, M refuted`. `cargo xtask` reads
//! those lines, so a lesson that stops telling the truth fails its run.

use core::fmt;

/// A tally of the claims a lesson has checked.
#[derive(Debug, Default)]
pub struct Claims {
    confirmed: u32,
    refuted: u32,
    not_tried: u32,
}

impl Claims {
    /// No claims checked yet.
    pub const fn new() -> Claims {
        Claims {
            confirmed: 0,
            refuted: 0,
            not_tried: 0,
        }
    }

    /// Records whether `holds`, and prints the claim with its verdict.
    /// Returns `holds`, so a lesson can skip steps that depend on it.
    pub fn check(&mut self, holds: bool, claim: fmt::Arguments<'_>) -> bool {
        if holds {
            self.confirmed += 1;
            crate::println!("{}{}", protocol::claims::CONFIRMED, claim);
        } else {
            self.refuted += 1;
            crate::println!("{}{}", protocol::claims::REFUTED, claim);
        }
        holds
    }

    /// Records a claim this machine cannot answer, with the reason: only
    /// for a known fault of an emulated CPU, never for an answer that
    /// merely differs (that is a claim with both answers stated).
    pub fn not_tried(&mut self, why: fmt::Arguments<'_>) {
        self.not_tried += 1;
        crate::println!("{}{}", protocol::claims::NOT_TRIED, why);
    }

    /// How many claims have been stated so far, whatever their verdict.
    pub fn stated(&self) -> u32 {
        self.confirmed + self.refuted + self.not_tried
    }

    /// Prints the closing tally and returns the exit status: 0 when every
    /// claim held, 1 otherwise. Untried claims are counted on the line, so
    /// `cargo xtask` can show them.
    pub fn finish(self) -> i32 {
        // One println, so the line reaches the output in one write(2).
        crate::println!("{self}");
        i32::from(self.refuted != 0)
    }
}

/// The closing line: `claims: N confirmed, M refuted`, then `, K not tried`
/// if any claim was left untried.
impl fmt::Display for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tally = protocol::claims::Tally {
            confirmed: self.confirmed,
            refuted: self.refuted,
            not_tried: self.not_tried,
        };
        tally.fmt(f)
    }
}

/// `claim!(claims, condition, "format", args...)`: check and print a claim.
#[macro_export]
macro_rules! claim {
    ($claims:expr, $holds:expr, $($fmt:tt)*) => {
        $claims.check($holds, format_args!($($fmt)*))
    };
}
