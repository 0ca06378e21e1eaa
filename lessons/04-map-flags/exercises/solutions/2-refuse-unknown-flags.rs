//! Exercise 4.2, a reference answer: MAP_SHARED_VALIDATE instead of
//! MAP_SHARED.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps `len` bytes of `fd`, shared, with the flag bits `extra` as well;
/// EOPNOTSUPP if the kernel cannot honour them.
pub fn map_strictly(fd: &Fd, len: usize, extra: u32) -> Result<Mapping, Errno> {
    // The mapping type is a number in the low bits, not a set of flags:
    // MAP_SHARED_VALIDATE (3) is a type of its own that shares exactly as
    // MAP_SHARED (1) does, and makes the kernel check every other bit
    // against what it and the file's file system support. Filtering the
    // bits here instead would need a list of what each kernel and each
    // file system supports, which only the kernel has.
    let flags = MapFlags::SHARED_VALIDATE | MapFlags::from_bits_retain(extra);
    Mapping::new(len, Prot::READ | Prot::WRITE, flags, fd.raw(), 0)
}
