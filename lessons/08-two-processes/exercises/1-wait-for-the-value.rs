//! Exercise 8.1: wait for the value, not for a wake-up.
//!
//! `futex_wait(word, v)` puts the caller to sleep in the kernel, but only if
//! the word still holds `v` when the kernel looks (if not, it returns EAGAIN
//! at once), and it returns when another process calls `futex_wake` on the
//! same word. That return means "look again", and nothing more. The kernel
//! does not know what you are waiting for: the waker may have changed the
//! word to some value on the way to yours, or not changed it at all, and a
//! signal can end the sleep too (EINTR).
//!
//! Your task: make `wait_until` return only once `*word == value`, sleeping
//! in the kernel in `futex_wait` on `word` while it waits (no loop that only
//! reads the word: that keeps a CPU busy for as long as the wait lasts). The
//! word lies in a `MAP_SHARED | MAP_ANONYMOUS` page shared with another
//! process, which stores new values into it and calls `futex_wake` (a
//! shared futex, without `FUTEX_PRIVATE_FLAG`) when it likes: more than once
//! before `value` arrives, and sometimes without changing the word.
//!
//! Check your answer: `cargo xtask exercise 8.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 8.1 --hint`.

use core::sync::atomic::{AtomicU32, Ordering};

/// Returns once `word` holds `value`, sleeping in the kernel until then.
pub fn wait_until(word: &AtomicU32, value: u32) {
    let current = word.load(Ordering::Acquire);
    if current != value {
        // Sleep until somebody wakes us up: surely they changed the word?
        let _ = unistd::futex_wait(word, current);
    }
}
