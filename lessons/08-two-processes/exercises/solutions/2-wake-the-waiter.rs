//! Exercise 8.2, a reference answer: the bytes, then the word (Release),
//! then the wake.

use core::sync::atomic::Ordering;
use mman::Mapping;

/// Offset of the ready word.
pub const READY: usize = 0;
/// Offset of the message's first byte.
pub const MESSAGE: usize = 64;

/// Publishes `message` in `page` and lets the waiter know.
pub fn publish(page: &Mapping, message: &[u8]) {
    page.write_from(MESSAGE, message);
    let ready = page.atomic_u32(READY);
    // Release: the message's bytes are in the page before the length says
    // so; the waiter's Acquire load pairs with this store.
    ready.store(message.len() as u32, Ordering::Release);
    // Store first, wake second. A waiter woken before the store would look,
    // find 0, and go back to sleep, and nobody would wake it again. Woken
    // after it, the waiter finds the length. And a waiter that was not yet
    // asleep loses nothing either: its futex_wait(ready, 0) sees the word
    // is no longer 0 and returns EAGAIN at once.
    //
    // The count is how many sleepers to wake, an int in the kernel: INT_MAX
    // means all of them (u32::MAX would arrive as -1, and the kernel would
    // stop after the first). The call fails only for a bad address, which
    // `atomic_u32` rules out.
    let _ = unistd::futex_wake(ready, i32::MAX as u32);
}
