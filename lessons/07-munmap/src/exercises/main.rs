//! Lesson 07's exercises, checked: `cargo xtask exercise 7.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises07 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(feature = "e1")]
mod guard_the_buffer;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-guard-the-buffer.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-guard-the-buffer.rs"
)]
mod guard_the_buffer_answer;

#[cfg(feature = "e2")]
mod close_the_descriptor;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-close-the-descriptor.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-close-the-descriptor.rs"
)]
mod close_the_descriptor_answer;

// The lesson's inotify witness: IN_CLOSE_WRITE tells when the file was
// really released.
#[cfg(feature = "e2")]
#[path = "../inotify.rs"]
mod inotify;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(7, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 7.1: put a guard page below a buffer ==");
            guard_the_buffer::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 7.2: close the descriptor once the file is mapped ==");
            close_the_descriptor::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
