//! Exercise 1.2, a reference answer: MAP_PRIVATE on the file.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// A view of the file's first `len` bytes that stores never reach the file
/// through.
pub fn private_view(fd: &Fd, len: usize) -> Result<Mapping, Errno> {
    // MAP_PRIVATE maps the file's page-cache pages read-only in the page
    // tables, whatever `prot` says. The first store into a page faults, and
    // the kernel gives the storing process a private anonymous copy of that
    // page (copy-on-write); the page cache, and so the file and every other
    // mapping of it, keeps the old bytes. After fork the same happens
    // between parent and child. Because nothing can ever be written back,
    // PROT_WRITE here needs only a descriptor open for reading.
    Mapping::new(
        len,
        Prot::READ | Prot::WRITE,
        MapFlags::PRIVATE,
        fd.raw(),
        0,
    )
}
