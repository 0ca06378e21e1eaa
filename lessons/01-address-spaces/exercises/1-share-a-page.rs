//! Exercise 1.1: share a page with your child.
//!
//! After fork, parent and child use the same addresses, but memory mapped
//! MAP_PRIVATE (the stack, the heap, and what an allocator gets from mmap) is copied on
//! write: the first store by either process gives that process a copy of
//! the page, and the other one never sees it. Only a MAP_SHARED mapping
//! keeps one copy of each page in both address spaces (parts 3 and 5 of the
//! lesson).
//!
//! Your task: make `shared_page` return `page` bytes of anonymous memory
//! (no file of yours behind it), zero-filled, readable and writable, such
//! that a store made by a child forked after the call is seen by the parent
//! at the same address.
//!
//! Check your answer: `cargo xtask exercise 1.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 1.1 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// One page of anonymous memory that a forked child shares with its parent.
pub fn shared_page(page: usize) -> Result<Mapping, Errno> {
    // Anonymous memory, the way an allocator gets it from the kernel.
    Mapping::new(
        page,
        Prot::READ | Prot::WRITE,
        MapFlags::PRIVATE | MapFlags::ANONYMOUS,
        -1,
        0,
    )
}
