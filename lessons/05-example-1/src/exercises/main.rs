//! Lesson 05's exercises, checked: `cargo xtask exercise 5.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises05 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(feature = "e1")]
mod size_the_file;
#[cfg(feature = "e1")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/1-size-the-file.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-size-the-file.rs"
)]
mod size_the_file_answer;

#[cfg(feature = "e2")]
mod choose_the_mode;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-choose-the-mode.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-choose-the-mode.rs"
)]
mod choose_the_mode_answer;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(5, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 5.1: size the file before you map it ==");
            size_the_file::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 5.2: create the file with the mode you mean ==");
            choose_the_mode::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
