//! Exercise 2.1, a reference answer: fstat for the size, then map exactly
//! that many bytes.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps all of `fd`'s file, for reading.
pub fn map_file(fd: &Fd) -> Result<Mapping, Errno> {
    // fstat gives the size as it is now. (If another process later cuts the
    // file shorter, the mapping keeps its length, and touching its pages
    // past the new end raises SIGBUS.)
    let size = unistd::fstat(fd)?.st_size;
    // st_size is 64 bits everywhere, a length is as wide as a pointer: on a
    // 32-bit system a file of 4 GiB or more does not fit in one. Say so,
    // with EOVERFLOW ("value too large"), rather than map a truncated length.
    let len = usize::try_from(size).map_err(|_| Errno::EOVERFLOW)?;
    // The kernel rounds the length up to whole pages; the bytes after the
    // end of the file in the last page read as zeros, and len() stays the
    // file's size. (An empty file is exercise 2.2: mmap refuses length 0.)
    Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0)
}
