//! Exercise 8.2: publish, then wake the waiter.
//!
//! Another process waits for a message in a page it shares with you
//! (`MAP_SHARED`). While the page's ready word is 0 it sleeps in
//! `futex_wait(ready, 0)`, as exercise 8.1 does. A store into the word
//! changes memory and nothing else: the kernel looks at a futex word only
//! inside futex calls, so a sleeper stays asleep, whatever the word now
//! holds, until some process calls `futex_wake` on that word.
//!
//! The page, as the waiter reads it:
//!
//! ```text
//!   offset 0   READY    u32, the futex word: 0 while nothing is published,
//!                       then the message's length in bytes
//!   offset 4            unused (zero)
//!   offset 64  MESSAGE  the message's bytes (it fits: the checker's is short)
//! ```
//!
//! The waiter loads READY with Acquire ordering, and reads that many bytes
//! at MESSAGE as soon as it sees a length that is not 0.
//!
//! Your task: make `publish` put `message` into the page for the waiter:
//! its bytes at MESSAGE, then its length into READY with Release ordering
//! (so that a waiter that sees the length also sees every byte), and then
//! wake the waiter, which is already asleep in the kernel when `publish` is
//! called. The waiter uses a shared futex (no `FUTEX_PRIVATE_FLAG`).
//!
//! Check your answer: `cargo xtask exercise 8.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 8.2 --hint`.

use core::sync::atomic::Ordering;
use mman::Mapping;

/// Offset of the ready word (see the layout above).
pub const READY: usize = 0;
/// Offset of the message's first byte.
pub const MESSAGE: usize = 64;

/// Publishes `message` in `page` and lets the waiter know.
pub fn publish(page: &Mapping, message: &[u8]) {
    page.write_from(MESSAGE, message);
    // Release: the message's bytes are in the page before the length says so.
    page.atomic_u32(READY)
        .store(message.len() as u32, Ordering::Release);
    // The waiter will see the length the next time it looks.
}
