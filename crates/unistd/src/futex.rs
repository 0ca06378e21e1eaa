//! futex(2): the kernel's one primitive for "sleep until this word changes".
//!
//! A futex is just an aligned 32-bit word in memory. Waiting says to the
//! kernel: "if the word still holds `expected`, put me to sleep until
//! someone wakes this address"; the check and the sleep happen atomically
//! in the kernel, so a wake-up between them cannot be lost. Waking says:
//! "wake up to `n` sleepers on this address". Nothing else is stored in the
//! kernel: all the state is in the word.
//!
//! Processes that share the word through a `MAP_SHARED` mapping can use it
//! to wait for each other. That is why these functions do not set
//! `FUTEX_PRIVATE_FLAG`: a private futex is keyed by virtual address within
//! one process, a shared one by the underlying page, which is what two
//! processes with different mappings of one file have in common.

use core::sync::atomic::AtomicU32;
use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// Sleeps while `*word == expected`. Returns `Ok` when woken, `EAGAIN` at
/// once if the word already differs, `EINTR` if a signal interrupted.
/// Spurious wake-ups are possible: callers re-check the word in a loop.
#[inline]
pub fn futex_wait(word: &AtomicU32, expected: u32) -> Result<(), Errno> {
    // SAFETY: the kernel reads the 4-byte aligned word that `word` refers
    // to; no timeout pointer (0: sleep until woken).
    unsafe {
        syscall::syscall4(
            nr::FUTEX,
            word.as_ptr() as usize,
            k::FUTEX_WAIT as usize,
            expected as usize,
            0,
        )
    }
    .map(drop)
}

/// Wakes up to `n` processes sleeping on `word`; returns how many woke.
#[inline]
pub fn futex_wake(word: &AtomicU32, n: u32) -> Result<usize, Errno> {
    // SAFETY: the kernel only uses the address as a key.
    unsafe {
        syscall::syscall3(
            nr::FUTEX,
            word.as_ptr() as usize,
            k::FUTEX_WAKE as usize,
            n as usize,
        )
    }
}
