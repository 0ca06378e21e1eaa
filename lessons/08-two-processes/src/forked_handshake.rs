//! Part 4: the futex handshake of `handshake.rs` between parent and forked
//! child, through a `MAP_SHARED | MAP_ANONYMOUS` page.
//!
//! The child says "ready" through a pipe just before it starts waiting, so
//! that most runs really show it asleep in futex_wait when the question
//! comes. That is for the demonstration only: the handshake is correct
//! without it (if the question is already there, futex_wait returns EAGAIN
//! and the child reads it at once). The numbers of sleeps are printed, not
//! claimed, because they depend on timing.

use crate::child::Child;
use crate::handshake;
use crate::message::Text;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, eprintln, or_exit, println};
use unistd::WaitStatus;

const QUESTION: &[u8] = b"is this page shared?";

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap MAP_SHARED|MAP_ANONYMOUS",
    );
    // SAFETY: the child only touches the mapping, makes futex and pipe
    // calls, and prints with raw write(2).
    let (child, ends) = or_exit(
        unsafe {
            Child::start_linked(|ends| {
                let me = unistd::getpid();
                ends.send(); // "ready": about to wait
                match handshake::answer(&map) {
                    Ok(got) => {
                        println!(
                            "   (child {me}) woke after {} futex_wait sleep(s); question: {}; \
                             answered in upper case",
                            got.sleeps, got.text
                        );
                        i32::from(got.text != Text::new(QUESTION))
                    }
                    Err(e) => {
                        eprintln!("   (child {me}) {e}");
                        2
                    }
                }
            })
        },
        "fork",
    );
    println!(
        "forked child {}; it waits on the futex word at offset 0",
        child.pid()
    );
    if !ends.recv() {
        // The child ended before it could wait: nobody would ever answer.
        let status = or_exit(child.wait(), "wait4");
        claim!(claims, false, "the child never got ready: child {status}");
        return;
    }

    let got = match handshake::ask(&map, QUESTION) {
        Ok(got) => got,
        Err(e) => {
            claim!(claims, false, "the parent's side of the handshake: {e}");
            drop(child); // kills and reaps it, should it still be waiting
            return;
        }
    };
    println!(
        "parent: woke after {} futex_wait sleep(s); answer: {}",
        got.sleeps, got.text
    );
    let status = or_exit(child.wait(), "wait4");
    claim!(
        claims,
        status == WaitStatus::Exited(0),
        "the child's futex wait ended only once the parent had published its question, and it \
         read the question exactly: child {status}"
    );
    claim!(
        claims,
        got.text == Text::new(QUESTION).upper(),
        "the parent's futex wait ended only once the child had flipped the word to ANSWER, and \
         the answer slot holds {}",
        got.text
    );
}
