//! Exercise 7.1: put a guard page below a buffer.
//!
//! A buffer that is indexed backwards (a stack grows down, a parser may
//! step back one byte too far) should not run silently into whatever
//! memory lies below it. The kernel can make such a run fault at once: a
//! page mapped with no access at all (`PROT_NONE`, `---p` in
//! /proc/self/maps) directly below the buffer. Any load or store there
//! raises SIGSEGV, and because the page is mapped, no other mmap is given
//! its address (short of MAP_FIXED). munmap works on ranges (part 2 of the
//! lesson turns one mapping into two lines), and so does mprotect: changing
//! the protection of part of a mapping splits it into lines with different
//! permissions.
//!
//! Your task: make `guarded` return one `Mapping` that starts with one
//! inaccessible guard page, directly followed by `len` bytes (rounded up to
//! whole pages) that can be read and written. The buffer starts at
//! `map.as_ptr() + page`, and the Mapping must cover guard and buffer, so
//! that dropping it unmaps both.
//!
//! Check your answer: `cargo xtask exercise 7.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 7.1 --hint`.

use mman::{Mapping, Prot};
use syscall::Errno;

/// A guard page (no access) followed by a read-write buffer of `len`
/// bytes; `page` is the page size.
pub fn guarded(len: usize, page: usize) -> Result<Mapping, Errno> {
    // One page more than the buffer needs: the first one is the guard.
    Mapping::anonymous(page + len, Prot::READ | Prot::WRITE)
}
