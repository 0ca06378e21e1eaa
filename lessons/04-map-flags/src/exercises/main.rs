//! Lesson 04's exercises, checked: `cargo xtask exercise 4.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises04 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

// The lesson's own helper for one-page files.
#[cfg(feature = "e2")]
#[path = "../file.rs"]
mod file;

#[cfg(any(feature = "e1", feature = "e2"))]
mod shown;

#[cfg(feature = "e1")]
mod place_without_clobbering;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-place-without-clobbering.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-place-without-clobbering.rs"
)]
mod place_without_clobbering_answer;

#[cfg(feature = "e2")]
mod refuse_unknown_flags;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-refuse-unknown-flags.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-refuse-unknown-flags.rs"
)]
mod refuse_unknown_flags_answer;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(4, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 4.1: place a mapping without clobbering ==");
            place_without_clobbering::check(claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 4.2: let the kernel refuse flags it cannot honour ==");
            refuse_unknown_flags::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
