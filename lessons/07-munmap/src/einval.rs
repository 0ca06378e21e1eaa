//! Part 4: the two ways to get EINVAL from munmap with a mapping we own.
//!
//! - `addr` must be a multiple of the page size. The kernel does not round
//!   it down: rounding down would remove bytes *before* the address given,
//!   which the caller never asked for.
//! - `length` must not be 0. (A non-zero length is rounded up; part 5.)
//!
//! A failed munmap changes nothing: the mapping and its bytes are intact.

use crate::guarded::{Guarded, line_range};
use mman::Errno;
use rt::{Claims, claim, println};

pub fn show(page: usize, claims: &mut Claims) {
    let area = Guarded::new(1, page);
    let start = area.start();
    let a = start as usize;
    // SAFETY: the first byte of our read-write page.
    unsafe { start.write_volatile(b'k') };
    println!("one page at {start:p}, first byte 'k'");

    // SAFETY: address arithmetic; the call is expected to fail, and if it
    // did not, it would only unmap our own page.
    let unaligned = unsafe { mman::munmap(start.add(1), page) };
    claim!(
        claims,
        unaligned == Err(Errno::EINVAL),
        "munmap({:#x}, {page}), one byte past a page boundary = {unaligned:?}",
        a + 1
    );
    // SAFETY: expected to fail; at worst it unmaps nothing.
    let empty = unsafe { mman::munmap(start, 0) };
    claim!(
        claims,
        empty == Err(Errno::EINVAL),
        "munmap({start:p}, 0) = {empty:?}"
    );
    // SAFETY: the page is still ours (both calls failed, as just checked).
    let kept = unsafe { start.read_volatile() };
    claim!(
        claims,
        line_range(a) == Some((a, a + page)) && kept == b'k',
        "after both failures the page is still listed and still holds '{}'",
        kept as char
    );
}
