//! Exercise 4.1: place a mapping without clobbering.
//!
//! MAP_FIXED puts a mapping exactly where it is asked to, and to do so it
//! first unmaps whatever lies there, without an error or a word (part 4 of
//! the lesson). Pointed at memory someone else owns (the heap, a library,
//! another thread's buffer), it destroys it. Linux 4.17 added a flag that
//! places exactly as well but refuses to replace (part 5).
//!
//! Your task: make `place_at` map `len` bytes of fresh private anonymous
//! memory, readable and writable, starting exactly at `addr` (a multiple of
//! the page size), and return it. If anything at all is already mapped
//! anywhere in `addr..addr + len`, it must fail with EEXIST and leave that
//! memory exactly as it was. It must never return a mapping at another
//! address: on a kernel that ignores the flag, undo what it did and report
//! EEXIST too. (Every kernel the course runs on knows the flag, so the check
//! cannot try that path; the reference answer shows it.)
//!
//! Check your answer: `cargo xtask exercise 4.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 4.1 --hint`.

use core::ptr::NonNull;
use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// Maps `len` bytes of anonymous memory exactly at `addr`, or fails with
/// EEXIST if anything is mapped there already.
pub fn place_at(addr: usize, len: usize) -> Result<Mapping, Errno> {
    // "MAP_FIXED: exactly at addr", as the tutorial's list has it.
    // SAFETY: MAP_FIXED replaces whatever is mapped in addr..addr+len; this
    // trusts that nothing is.
    let p = unsafe {
        mman::mmap(
            addr as *mut u8,
            len,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
            -1,
            0,
        )
    }?;
    let p = NonNull::new(p).ok_or(Errno::EFAULT)?;
    // SAFETY: p..p+len is the mapping this call just made, and only the
    // returned Mapping will unmap it.
    Ok(unsafe { Mapping::from_raw(p, len) })
}
