//! Exercise 7.1, a reference answer: map the whole region with no access,
//! then open up everything above the first page.

use mman::{Mapping, Prot};
use syscall::Errno;

/// A guard page (no access) followed by a read-write buffer of `len`
/// bytes; `page` is the page size.
pub fn guarded(len: usize, page: usize) -> Result<Mapping, Errno> {
    // One mmap for the whole region: the kernel picks an address where
    // guard and buffer both fit, so nothing can come between them (two
    // separate mmaps could land anywhere). PROT_NONE first, so that no
    // moment exists in which the guard is accessible.
    let region = Mapping::anonymous(page + len, Prot::NONE)?;
    // mprotect on the part above the guard splits the one mapping into
    // two: the kernel keeps a mapping's permissions per range, and the
    // maps file shows a ---p line followed by a rw-p line. The length is
    // rounded up to whole pages, as for mmap.
    // SAFETY: the range lies inside `region`, which nothing uses yet.
    unsafe { mman::mprotect(region.as_ptr().add(page), len, Prot::READ | Prot::WRITE) }?;
    // If mprotect failed, `?` returned and dropping `region` unmapped it.
    Ok(region)
}
