//! Exercise 5.1: size the file before you map it.
//!
//! The tutorial maps 40 bytes of a file it may have just created. A new
//! file is empty, and mmap does not look at the file's size: the call
//! succeeds, and the first store into a page that lies wholly beyond the
//! end of the file raises SIGBUS (part 3 of the lesson shows it).
//!
//! Your task: make `map_for_writing` return a `MAP_SHARED` mapping of the
//! first `len` bytes of `fd`, readable and writable, such that all `len`
//! bytes the caller stores through it reach the file, whatever size the
//! file had: an empty one, or one shorter than `len` (the check tries both
//! and reads the file back with read(2)). A file that is already longer
//! must keep its size and its bytes.
//!
//! Check your answer: `cargo xtask exercise 5.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 5.1 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps the first `len` bytes of `fd` (opened read-write), shared.
pub fn map_for_writing(fd: &Fd, len: usize) -> Result<Mapping, Errno> {
    // As the tutorial does it: map, and trust the file to be long enough.
    Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0)
}
