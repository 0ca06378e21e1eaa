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
}

impl Claims {
    /// No claims checked yet.
    pub const fn new() -> Claims {
        Claims {
            confirmed: 0,
            refuted: 0,
        }
    }

    /// Records whether `holds`, and prints the claim with its verdict.
    /// Returns `holds`, so a lesson can skip steps that depend on it.
    pub fn check(&mut self, holds: bool, claim: fmt::Arguments<'_>) -> bool {
        if holds {
            self.confirmed += 1;
            crate::println!("[ok] {}", claim);
        } else {
            self.refuted += 1;
            crate::println!("[FAILED] {}", claim);
        }
        holds
    }

    /// Prints the closing tally and returns the exit status: 0 when every
    /// claim held, 1 otherwise.
    pub fn finish(self) -> i32 {
        crate::println!(
            "claims: {} confirmed, {} refuted",
            self.confirmed,
            self.refuted
        );
        i32::from(self.refuted != 0)
    }
}

/// `claim!(claims, condition, "format", args...)`: check and print a claim.
#[macro_export]
macro_rules! claim {
    ($claims:expr, $holds:expr, $($fmt:tt)*) => {
        $claims.check($holds, format_args!($($fmt)*))
    };
}
