//! Lesson 06's exercises, checked: `cargo xtask exercise 6.M` builds this
//! program with feature `eM`, which compiles in exercise M's answer file
//! from `../../exercises/` (or, with feature `solution`, the reference
//! answer from `../../exercises/solutions/`) and the module that checks it.
//! The checks print claims exactly as the lesson does, so the same
//! machinery judges them. Only the answer files are for editing.
//!
//! Usage: `exercises06 <work-dir>`; the checks create their files there.
#![no_std]
#![no_main]

#[cfg(feature = "e1")]
mod flush_one_record;
#[cfg(feature = "e1")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/1-flush-one-record.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/1-flush-one-record.rs"
)]
mod flush_one_record_answer;

#[cfg(feature = "e2")]
mod make_it_durable;
#[cfg(feature = "e2")]
#[cfg_attr(
    not(feature = "solution"),
    path = "../../exercises/2-make-it-durable.rs"
)]
#[cfg_attr(
    feature = "solution",
    path = "../../exercises/solutions/2-make-it-durable.rs"
)]
mod make_it_durable_answer;

#[cfg(any(feature = "e1", feature = "e2"))]
mod watch;

rt::main!(main);

fn main() -> i32 {
    rt::check_exercises(6, |dir, claims| {
        #[cfg(feature = "e1")]
        {
            rt::println!("== Exercise 6.1: flush one record, not the whole file ==");
            flush_one_record::check(dir, claims);
        }
        #[cfg(feature = "e2")]
        {
            rt::println!("== Exercise 6.2: make the stores durable before you report success ==");
            make_it_durable::check(dir, claims);
        }
        // Built with no exercise at all, nothing uses them.
        let _ = (dir, claims);
    })
}
