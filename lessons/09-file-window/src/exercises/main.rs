//! Lesson 09's exercises, checked: `cargo xtask exercise 9.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises09 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(any(feature = "e1", feature = "e2"))]
mod patterned;

#[cfg(feature = "e1")]
mod map_a_window;
#[cfg(feature = "e1")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/1-map-a-window.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-map-a-window.rs"
)]
mod map_a_window_answer;

#[cfg(feature = "e2")]
mod mmap2_offset;
#[cfg(feature = "e2")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/2-mmap2-offset.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-mmap2-offset.rs"
)]
mod mmap2_offset_answer;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(9, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 9.1: map a window that starts at any byte of a file ==");
            map_a_window::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 9.2: the offset register of mmap2 ==");
            mmap2_offset::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
