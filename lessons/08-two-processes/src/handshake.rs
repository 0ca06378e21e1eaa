//! A question-and-answer handshake between two processes through one shared
//! 32-bit word, with futex(2) so that the waiting side sleeps in the kernel
//! instead of spinning.
//!
//! The word's value is the state of the exchange:
//!
//! ```text
//!   EMPTY     (0) nobody has said anything; a fresh page is all zeros
//!   QUESTION  (1) the asker has written its text in the QUESTION slot
//!   ANSWER    (2) the answerer has written its text in the ANSWER slot
//!   GAVE_UP   (3) the answerer cannot answer (an error, or the peer could
//!                 not even be started): without this the asker would wait
//!                 for ever, since a futex cannot tell that a process died
//! ```
//!
//! Asker: write the question; change the word from EMPTY to QUESTION
//! (compare-and-swap, Release); futex_wake; then sleep while the word is
//! still QUESTION. Answerer: sleep while the word is EMPTY; read the
//! question (after an Acquire load saw QUESTION, so the text written before
//! the Release store is visible); write the answer; store ANSWER (Release);
//! futex_wake.
//!
//! futex_wait(word, v) sleeps only if the word *still* holds v when the
//! kernel looks, and the kernel's check and the going to sleep cannot be
//! separated by a wake. So no wake-up is lost, whoever gets there first: if
//! the asker publishes before the answerer even starts waiting, futex_wait
//! returns EAGAIN at once. A sleeper can also wake with the word unchanged
//! (a signal, or a wake meant for an earlier state), so each side re-checks
//! the word in a loop: that loop is the only "polling" in the protocol.
//!
//! The futexes are *shared* (no `FUTEX_PRIVATE_FLAG`): the kernel identifies
//! a shared futex by the page behind the address (the shmem or file page
//! plus offset), which both processes have in common although each may map
//! it at a different virtual address. A private futex is identified by
//! (process, address) and would never wake a sleeper in another process.

use crate::message::{self, SLOT, Text};
use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering};
use mman::Mapping;
use unistd::Errno;

/// Offset of the futex word in the mapping.
pub const WORD: usize = 0;
/// Offset of the question slot.
pub const QUESTION_SLOT: usize = SLOT;
/// Offset of the answer slot.
pub const ANSWER_SLOT: usize = 2 * SLOT;
/// The first byte after the handshake's slots, free for other uses.
pub const END: usize = 3 * SLOT;

const EMPTY: u32 = 0;
const QUESTION: u32 = 1;
const ANSWER: u32 = 2;
const GAVE_UP: u32 = 3;

/// What one side saw.
pub struct Exchange {
    /// The text received.
    pub text: Text,
    /// How many times futex_wait put this side to sleep and it was woken.
    /// (0 is possible: the other side may have been quicker.)
    pub sleeps: u32,
}

/// Why a handshake did not complete.
pub enum Failure {
    /// A futex call failed.
    Futex(Errno),
    /// The other side stored GAVE_UP.
    GaveUp,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Futex(e) => write!(f, "futex: {e}"),
            Failure::GaveUp => f.write_str("the other side gave up (see its message above)"),
        }
    }
}

/// Sleeps while `word` holds `value`; returns how many times it slept.
fn wait_while(word: &AtomicU32, value: u32) -> Result<u32, Errno> {
    let mut sleeps = 0;
    while word.load(Ordering::Acquire) == value {
        match unistd::futex_wait(word, value) {
            Ok(()) => sleeps += 1, // woken (perhaps spuriously): look again
            // EAGAIN: the word had already changed when the kernel looked.
            // EINTR: a signal. Either way: look again.
            Err(Errno::EAGAIN | Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(sleeps)
}

/// The asker's side: publish `question`, wake the answerer, sleep until the
/// answer is there, and return it.
pub fn ask(map: &Mapping, question: &[u8]) -> Result<Exchange, Failure> {
    let word = map.atomic_u32(WORD);
    message::put(map, QUESTION_SLOT, question);
    // EMPTY -> QUESTION, unless the other side has already given up: a plain
    // store would overwrite GAVE_UP, and we would wait for ever. Release:
    // the question's bytes are written before the word says so.
    if word
        .compare_exchange(EMPTY, QUESTION, Ordering::Release, Ordering::Acquire)
        .is_err()
    {
        return Err(Failure::GaveUp);
    }
    unistd::futex_wake(word, 1).map_err(Failure::Futex)?;
    let sleeps = wait_while(word, QUESTION).map_err(Failure::Futex)?;
    if word.load(Ordering::Acquire) == GAVE_UP {
        return Err(Failure::GaveUp);
    }
    Ok(Exchange {
        text: message::get(map, ANSWER_SLOT),
        sleeps,
    })
}

/// The answerer's side: sleep until a question is published, answer it
/// (in upper case), wake the asker, and return the question.
pub fn answer(map: &Mapping) -> Result<Exchange, Failure> {
    let word = map.atomic_u32(WORD);
    let sleeps = match wait_while(word, EMPTY) {
        Ok(sleeps) => sleeps,
        Err(e) => {
            give_up(map);
            return Err(Failure::Futex(e));
        }
    };
    let question = message::get(map, QUESTION_SLOT);
    message::put(map, ANSWER_SLOT, question.upper().as_bytes());
    // Release: the answer's bytes are written before the word says so.
    word.store(ANSWER, Ordering::Release);
    unistd::futex_wake(word, 1).map_err(Failure::Futex)?;
    Ok(Exchange {
        text: question,
        sleeps,
    })
}

/// The answerer cannot take part: say so, and wake the asker.
pub fn give_up(map: &Mapping) {
    let word = map.atomic_u32(WORD);
    word.store(GAVE_UP, Ordering::Release);
    let _ = unistd::futex_wake(word, 1);
}
