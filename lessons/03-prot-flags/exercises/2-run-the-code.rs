//! Exercise 3.2: run the code you wrote, the W^X way.
//!
//! A just-in-time compiler writes machine code into memory with ordinary
//! stores, then jumps to it. A page the CPU may fetch instructions from
//! needs PROT_EXEC: without it the page-table entry says "execute never"
//! (NX on x86_64, UXN on aarch64) and the jump raises SIGSEGV (part 4 of
//! the lesson). Making the page writable and executable at once would work
//! too, and that is the trouble: any bug that lets an attacker write into
//! such a page lets them run what they wrote. So careful programs keep
//! "write XOR execute" (W^X): a page is writable, or executable, never both.
//!
//! Your task: `map` is one page of private anonymous memory, mapped
//! readable and writable, that already holds a function `extern "C" fn()
//! -> u32` (the instruction caches are already taken care of). Make
//! `make_runnable` change its rights so that it can be called, and so that
//! it is no longer writable: /proc/self/maps must end up saying `r-xp`.
//!
//! Check your answer: `cargo xtask exercise 3.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 3.2 --hint`.

use mman::{Mapping, Prot};
use syscall::Errno;

/// Makes the code in `map` callable, and the page no longer writable.
pub fn make_runnable(map: &Mapping) -> Result<(), Errno> {
    // The code is written, so stop writing: read-only must be what running
    // needs, surely. (The CPU fetches instructions by reading memory.)
    map.protect(Prot::READ)
}
