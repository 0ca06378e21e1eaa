//! Lesson 08's exercises, checked: `cargo xtask exercise 8.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises08 <work-dir>`. Both checks share memory between
//! processes through anonymous mappings and create no files; they take the
//! work directory only for the same command line as every checker.
#![no_std]
#![no_main]

#[cfg(any(feature = "e1", feature = "e2"))]
mod watched;

#[cfg(feature = "e1")]
mod wait_for_the_value;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-wait-for-the-value.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-wait-for-the-value.rs"
)]
mod wait_for_the_value_answer;

#[cfg(feature = "e2")]
mod wake_the_waiter;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-wake-the-waiter.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-wake-the-waiter.rs"
)]
mod wake_the_waiter_answer;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(8, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 8.1: wait for the value, not for a wake-up ==");
            wait_for_the_value::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 8.2: publish, then wake the waiter ==");
            wake_the_waiter::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
