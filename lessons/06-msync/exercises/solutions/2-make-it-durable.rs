//! Exercise 6.2, a reference answer: msync(MS_SYNC) over the whole
//! mapping.

use mman::{Mapping, MsyncFlags};
use syscall::Errno;

/// Writes every page of `map` to its file and waits until that is done.
pub fn save(map: &Mapping) -> Result<(), Errno> {
    // MS_SYNC, not MS_ASYNC: only MS_SYNC makes the kernel write the dirty
    // pages and wait for the device. The length is the mapping's own, even
    // when it is not a whole number of pages: the kernel rounds it up, so
    // the last, partly used page is included.
    map.msync(MsyncFlags::SYNC)
}
