//! Exercise 2.1: map the whole file.
//!
//! mmap neither knows nor asks how long a file is: it maps the length it is
//! given, rounded up to whole pages, and succeeds either way. Map too
//! little and the rest of the file is simply not in the mapping; map a page
//! too much and touching that page raises SIGBUS (lesson 05 shows it). To
//! read a whole file through a mapping, as part 2 of the lesson does, the
//! program must learn the file's size itself and pass it.
//!
//! Your task: make `map_file` return a readable mapping of the whole of
//! `fd`, from its first byte to its last, whose `len()` is the file's size
//! in bytes. The caller does not know the size.
//!
//! Check your answer: `cargo xtask exercise 2.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 2.1 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps all of `fd`'s file, for reading.
pub fn map_file(fd: &Fd) -> Result<Mapping, Errno> {
    // One page: surely enough for a small file.
    Mapping::new(rt::page_size(), Prot::READ, MapFlags::SHARED, fd.raw(), 0)
}
