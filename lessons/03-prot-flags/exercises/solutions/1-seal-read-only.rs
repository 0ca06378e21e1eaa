//! Exercise 3.1, a reference answer: mprotect the whole mapping to
//! PROT_READ.

use mman::{Mapping, Prot};
use syscall::Errno;

/// Makes every page of `map` readable and no longer writable.
pub fn seal(map: &Mapping) -> Result<(), Errno> {
    // mprotect rewrites the rights of the page-table entries where they
    // are: nothing moves and no byte changes. `protect` passes the
    // mapping's own address and length; the kernel rounds the length up
    // to whole pages, so a partly used last page is sealed too. Remapping
    // instead (mmap with MAP_FIXED and PROT_READ) would put fresh zero
    // pages where the data was.
    map.protect(Prot::READ)
}
