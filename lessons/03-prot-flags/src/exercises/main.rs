//! Lesson 03's exercises, checked: `cargo xtask exercise 3.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises03 <work-dir>` (no files are created; the directory is
//! accepted so that every exercise is run the same way).
#![no_std]
#![no_main]

// The lesson's own reader of /proc/self/maps lines.
#[cfg(any(feature = "e1", feature = "e2"))]
#[path = "../maps.rs"]
mod maps;

#[cfg(any(feature = "e1", feature = "e2"))]
mod child;

#[cfg(feature = "e1")]
mod seal_read_only;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-seal-read-only.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-seal-read-only.rs"
)]
mod seal_read_only_answer;

#[cfg(feature = "e2")]
mod run_the_code;
#[cfg(feature = "e2")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/2-run-the-code.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-run-the-code.rs"
)]
mod run_the_code_answer;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(3, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 3.1: seal the pages read-only ==");
            seal_read_only::check(claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 3.2: run the code you wrote, the W^X way ==");
            run_the_code::check(claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
