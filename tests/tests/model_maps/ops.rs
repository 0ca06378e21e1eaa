//! The operations the mapping model draws at random, and how a sequence of
//! them is printed: as Rust code that can be pasted into `main.rs` as a
//! regression test.

use proptest::prelude::*;
use std::fmt;

/// How many pages the window has. Small on purpose: with few pages, random
/// ranges overlap, split and merge often, which is where bugs hide.
pub const WINDOW: usize = 16;

/// The protections drawn: the ones every architecture gives the same
/// meaning. (Write-only is left out: /proc/self/maps shows it as asked, but
/// whether it reads differs by CPU, see prot_flags.rs.)
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum P {
    /// PROT_NONE
    None,
    /// PROT_READ
    R,
    /// PROT_READ | PROT_WRITE
    RW,
    /// PROT_READ | PROT_EXEC
    RX,
}

/// Printed with its type, as the pasted code needs it: `P::RW`.
impl fmt::Debug for P {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            P::None => "None",
            P::R => "R",
            P::RW => "RW",
            P::RX => "RX",
        };
        write!(f, "P::{name}")
    }
}

impl P {
    /// The mman protection.
    pub fn prot(self) -> mman::Prot {
        use mman::Prot;
        match self {
            P::None => Prot::NONE,
            P::R => Prot::READ,
            P::RW => Prot::READ | Prot::WRITE,
            P::RX => Prot::READ | Prot::EXEC,
        }
    }

    /// The permission field /proc/self/maps shows for a private mapping.
    pub fn maps_perms(self) -> [u8; 4] {
        match self {
            P::None => *b"---p",
            P::R => *b"r--p",
            P::RW => *b"rw-p",
            P::RX => *b"r-xp",
        }
    }

    /// Whether the test may read the page to check its contents.
    pub fn readable(self) -> bool {
        self != P::None
    }
}

/// One step. Page numbers count from the start of the window; a range
/// never leaves it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    /// mmap(MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS) read-write, a tag
    /// written into each page, then mprotect to `prot` (if not RW).
    Map { first: usize, count: usize, prot: P },
    /// munmap.
    Unmap { first: usize, count: usize },
    /// mprotect.
    Protect { first: usize, count: usize, prot: P },
    /// mremap(MREMAP_MAYMOVE | MREMAP_FIXED) of `count` pages at `first`
    /// to `new_count` pages at `to`.
    Remap {
        first: usize,
        count: usize,
        to: usize,
        new_count: usize,
    },
}

/// A sequence of steps; its Debug output (which proptest prints for the
/// minimal failing case) is a test to paste into `main.rs`.
#[derive(Clone)]
pub struct Ops(pub Vec<Op>);

impl fmt::Debug for Ops {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\n#[test]\nfn regression() {{\n    run_sequence(&[")?;
        for op in &self.0 {
            writeln!(f, "        Op::{op:?},")?;
        }
        write!(f, "    ]);\n}}")
    }
}

/// A range of 1 to 6 pages inside the window.
fn range() -> impl Strategy<Value = (usize, usize)> {
    (0..WINDOW, 1..=6usize).prop_map(|(first, count)| (first, count.min(WINDOW - first)))
}

fn prot() -> impl Strategy<Value = P> {
    prop_oneof![Just(P::None), Just(P::R), Just(P::RW), Just(P::RX)]
}

/// One random step; maps and protects come more often than the rest, so
/// that unmaps and moves find something to act on.
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (range(), prot()).prop_map(|((first, count), prot)| Op::Map { first, count, prot }),
        2 => range().prop_map(|(first, count)| Op::Unmap { first, count }),
        3 => (range(), prot()).prop_map(|((first, count), prot)| Op::Protect { first, count, prot }),
        2 => (range(), range()).prop_map(|((first, count), (to, new_count))| Op::Remap {
            first,
            count,
            to,
            new_count
        }),
    ]
}

/// A sequence of 1 to `max` steps.
pub fn ops(max: usize) -> impl Strategy<Value = Ops> {
    proptest::collection::vec(op(), 1..=max).prop_map(Ops)
}
