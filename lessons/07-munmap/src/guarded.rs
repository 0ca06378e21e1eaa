//! Address space the lesson owns, with no neighbours it does not control.
//!
//! Two things make "what does /proc/self/maps say after munmap?" hard to
//! answer exactly with a plain mmap:
//! - the kernel merges adjacent mappings with the same permissions and
//!   flags into one line, so an anonymous read-write mapping can share its
//!   line with some other read-write mapping next to it;
//! - an address we unmapped is free for the next mmap, anyone's.
//!
//! So the lesson first *reserves* a range: one mmap with `PROT_NONE`, which
//! takes address space but allows no access. Then it maps what it studies
//! inside, with `MAP_FIXED` (which replaces part of the reservation, and
//! only part of our own). A `PROT_NONE` page on each side keeps the inner
//! mapping from merging with anything, and every address in the range is
//! ours: nothing else can appear there.

use mman::{MapFlags, Mapping, Prot};
use rt::{Escaped, or_exit, println};

/// `pages` read-write private anonymous pages with a `PROT_NONE` guard page
/// on each side. Dropping it unmaps all of it, guards included.
pub struct Guarded {
    reservation: Mapping,
    page: usize,
}

impl Guarded {
    /// Reserves `pages + 2` pages, then maps the middle `pages` read-write.
    pub fn new(pages: usize, page: usize) -> Guarded {
        let reservation = or_exit(
            Mapping::anonymous((pages + 2) * page, Prot::NONE),
            "reserve address space",
        );
        // SAFETY: MAP_FIXED replaces pages 1..=pages of our own reservation,
        // which nothing uses.
        let inner = or_exit(
            unsafe {
                mman::mmap(
                    reservation.as_ptr().add(page),
                    pages * page,
                    Prot::READ | Prot::WRITE,
                    MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
                    -1,
                    0,
                )
            },
            "map inside the reservation",
        );
        if inner as usize != reservation.addr() + page {
            or_exit::<(), _>(
                Err("MAP_FIXED ignored the address"),
                "map inside the reservation",
            );
        }
        Guarded { reservation, page }
    }

    /// The first read-write page.
    pub fn start(&self) -> *mut u8 {
        // SAFETY: one page into our own reservation; only an address is
        // computed here, nothing is accessed.
        unsafe { self.reservation.as_ptr().add(self.page) }
    }

    /// Prints every /proc/self/maps line that overlaps the reservation,
    /// guards included.
    pub fn print_maps(&self) {
        let (lo, hi) = (
            self.reservation.addr(),
            self.reservation.addr() + self.reservation.len(),
        );
        rt::for_each_line(|line| {
            let (start, end) = line.range();
            if start < hi && end > lo {
                println!("  maps: {}", Escaped(line.as_bytes()));
            }
            true
        });
    }
}

/// The range of the /proc/self/maps line containing `addr`, if any.
pub fn line_range(addr: usize) -> Option<(usize, usize)> {
    rt::maps_line(addr).map(|line| line.range())
}

/// A maps-line range for printing: `7f..000-7f..000`, or `none`.
pub struct Shown(pub Option<(usize, usize)>);

impl core::fmt::Display for Shown {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some((start, end)) => write!(f, "{start:x}-{end:x}"),
            None => f.write_str("none"),
        }
    }
}
