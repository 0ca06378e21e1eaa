//! Exercise 6.1, a reference answer: round the start down to its page,
//! and stretch the length by what that added.

use mman::{Mapping, MsyncFlags, page};
use syscall::Errno;

/// msync(MS_SYNC) over the pages of `map` that hold bytes
/// `offset..offset + len` (`len` is at least 1; the bytes lie inside `map`).
pub fn flush_record(map: &Mapping, offset: usize, len: usize) -> Result<(), Errno> {
    let page_size = rt::page_size();
    // The mapping itself starts on a page boundary, so rounding the offset
    // down lands on the start of the page that holds the record's first
    // byte.
    let start = page::align_down(offset, page_size);
    // Whatever the rounding moved the start back by must be added to the
    // length, or the record's tail could fall outside the range. The end
    // need not be rounded: the kernel rounds the length up to whole pages
    // itself, and rounding up `offset + len` would reach exactly as far, no
    // further (a record ending on a boundary does not touch the next page).
    let length = offset + len - start;
    // SAFETY: start..start + length lies inside `map` (the record does, and
    // its first page starts inside the mapping); msync changes no memory.
    unsafe { mman::msync(map.as_ptr().add(start), length, MsyncFlags::SYNC) }
}
