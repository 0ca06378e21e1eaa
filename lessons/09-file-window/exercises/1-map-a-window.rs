//! Exercise 9.1: map a window that starts at any byte.
//!
//! mmap's offset must be a multiple of the page size (part 1 of the lesson:
//! anything else is EINVAL), but a program often wants bytes that start
//! elsewhere: a record at byte 4196, a header that straddles two pages.
//!
//! Your task: make `window` map the `len` bytes of `fd` that start at byte
//! `offset` (any value, aligned or not), read-only and shared, and return
//! the mapping together with the index inside it where byte `offset` of the
//! file is. Map no more than those bytes need: at most one page more than
//! `len`. The page size is `rt::page_size()`.
//!
//! Check your answer: `cargo xtask exercise 9.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 9.1 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps bytes `offset..offset + len` of `fd`; returns the mapping and the
/// index in it of byte `offset`.
pub fn window(fd: &Fd, offset: u64, len: usize) -> Result<(Mapping, usize), Errno> {
    // The offset as it comes: fine when it is a multiple of the page size.
    let map = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), offset as i64)?;
    Ok((map, 0))
}
