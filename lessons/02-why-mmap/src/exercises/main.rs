//! Lesson 02's exercises, checked: `cargo xtask exercise 2.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises02 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(feature = "e1")]
mod map_the_whole_file;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-map-the-whole-file.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-map-the-whole-file.rs"
)]
mod map_the_whole_file_answer;

#[cfg(feature = "e2")]
mod sum_an_empty_file;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-sum-an-empty-file.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-sum-an-empty-file.rs"
)]
mod sum_an_empty_file_answer;

#[cfg(any(feature = "e1", feature = "e2"))]
mod child;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(2, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 2.1: map the whole file ==");
            map_the_whole_file::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 2.2: sum an empty file ==");
            sum_an_empty_file::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
