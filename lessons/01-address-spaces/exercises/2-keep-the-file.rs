//! Exercise 1.2: keep a child's write out of the file.
//!
//! A file mapped MAP_SHARED is the file's page cache: a store into it, by
//! this process or by a child that inherited the mapping through fork, is a
//! store into the file, and read(2) returns it at once (part 6 of the
//! lesson). A MAP_PRIVATE mapping shows the same file pages until someone
//! writes: the first store into a page gives the writer a copy of its own,
//! and the file never changes (part 4).
//!
//! Your task: make `private_view` map the first `len` bytes of `fd` (a file
//! at least `len` bytes long, opened for reading and writing), readable and
//! writable, so that the mapping shows the file's bytes, yet a store into
//! it by a child forked afterwards reaches neither the file nor the
//! parent's mapping.
//!
//! Check your answer: `cargo xtask exercise 1.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 1.2 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// A view of the file's first `len` bytes that stores never reach the file
/// through.
pub fn private_view(fd: &Fd, len: usize) -> Result<Mapping, Errno> {
    // As lesson 01's part 6 maps its file.
    Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0)
}
