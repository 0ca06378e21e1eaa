//! Part 3: munmap of a range with nothing mapped in it.
//!
//! POSIX and Linux agree: it is not an error for the range to contain no
//! mapping; munmap removes whatever is there, which may be nothing, and
//! returns 0. (Compare msync and mprotect, which answer ENOMEM for an
//! unmapped range.) So munmap's success proves nothing about what was
//! mapped: it only promises that nothing is mapped there *now*.
//!
//! The empty range has to be one the lesson owns, or some other mapping
//! could be sitting there: it reserves three pages and unmaps the middle.

use crate::guarded::line_range;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let reservation = or_exit(Mapping::anonymous(3 * page, Prot::NONE), "reserve");
    let r = reservation.addr();
    // SAFETY: the middle page of our own PROT_NONE reservation.
    let hole = unsafe { reservation.as_ptr().add(page) };
    // SAFETY: as above; PROT_NONE pages hold nothing anyone refers to.
    or_exit(unsafe { mman::munmap(hole, page) }, "munmap the middle");
    println!(
        "reserved {r:#x}..{:#x} (PROT_NONE) and unmapped its middle page {hole:p}",
        r + 3 * page
    );
    let empty = line_range(hole as usize).is_none();
    claim!(
        claims,
        empty,
        "nothing is mapped at {hole:p}: no maps line contains it"
    );

    // SAFETY: nothing is mapped there; there is nothing to destroy.
    let again = unsafe { mman::munmap(hole, page) };
    claim!(
        claims,
        again.is_ok(),
        "munmap({hole:p}, {page}) on that empty range = {again:?}: not an error"
    );
    let neighbours = line_range(r) == Some((r, r + page))
        && line_range(r + 2 * page) == Some((r + 2 * page, r + 3 * page));
    claim!(
        claims,
        neighbours,
        "and it touched nothing else: the pages on either side are still listed, unchanged"
    );
}
