//! Exercise 8.1, a reference answer: look, sleep while the word still holds
//! what you saw, and look again after every return.

use core::sync::atomic::{AtomicU32, Ordering};

/// Returns once `word` holds `value`, sleeping in the kernel until then.
pub fn wait_until(word: &AtomicU32, value: u32) {
    loop {
        // Acquire: once we see `value`, we also see everything the other
        // process wrote before it stored `value` with Release.
        let current = word.load(Ordering::Acquire);
        if current == value {
            return;
        }
        // Pass the value we saw, not the one we want. The kernel compares it
        // with the word and queues us in one step, so a store and wake that
        // come between our load and this call are not lost: the word no
        // longer matches, and the call returns EAGAIN without sleeping.
        // (Passing `value` would be wrong in the other direction: the word
        // differs from it all the time, so the call would never sleep and
        // the loop would spin.)
        //
        // Every outcome means "look again": Ok (woken, for whatever reason),
        // EAGAIN (the word had already changed), EINTR (a signal). The
        // other errors are for a bad address (EFAULT) or an unaligned word
        // (EINVAL), and an AtomicU32 in a mapped page is neither.
        let _ = unistd::futex_wait(word, current);
    }
}
