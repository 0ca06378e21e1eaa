//! Exercise 5.1, a reference answer: fstat, grow the file if it is too
//! short, then map.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps the first `len` bytes of `fd` (opened read-write), shared.
pub fn map_for_writing(fd: &Fd, len: usize) -> Result<Mapping, Errno> {
    let size = unistd::fstat(fd)?.st_size as u64;
    // ftruncate extends a file with zeros. Only ever grow it: an
    // unconditional ftruncate(len) would cut a longer file short and lose
    // its tail.
    if size < len as u64 {
        unistd::ftruncate(fd, len as u64)?;
    }
    Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0)
}
