//! Lesson 01's exercises, checked: `cargo xtask exercise 1.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises01 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(feature = "e1")]
mod share_a_page;
#[cfg(feature = "e1")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/1-share-a-page.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-share-a-page.rs"
)]
mod share_a_page_answer;

#[cfg(feature = "e2")]
mod keep_the_file;
#[cfg(feature = "e2")]
#[cfg_attr(not(feature = "solution"), path = "../../exercises/2-keep-the-file.rs")]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-keep-the-file.rs"
)]
mod keep_the_file_answer;

#[cfg(any(feature = "e1", feature = "e2"))]
mod child;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(1, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 1.1: share a page with your child ==");
            share_a_page::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 1.2: keep a child's write out of the file ==");
            keep_the_file::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
