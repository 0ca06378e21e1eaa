//! Just enough of a program for a freestanding (`no_std`, no libc) lesson:
//!
//! - [`start`]: the `_start` symbol the kernel jumps to, per architecture;
//! - [`startup`]: reading argc, argv, envp and the auxiliary vector that the
//!   kernel laid out on the initial stack, including the page size
//!   (`AT_PAGESZ`);
//! - [`print!`], [`println!`], [`eprintln!`]: formatting straight to fd 1 and 2;
//! - [`Claims`]: how a lesson states what it expects and shows whether the
//!   kernel agreed;
//! - [`files`]: the files a lesson works on, created afresh;
//! - a panic handler that prints the message and exits with status 101.
//!
//! A lesson is a `#![no_std] #![no_main]` binary whose entry function is named
//! with [`main!`]. Everything here is small enough to read in one sitting,
//! which is the point: nothing runs before your code that you cannot see.
// `cargo clippy --all-targets` compiles this crate into a std test harness,
// which brings its own panic handler and libc's memory functions; ours are
// left out of that build only. (It is never linked or run as a test.)
#![cfg_attr(not(test), no_std)]
// Inline assembly for MIPS is not yet stable in Rust (see the syscall crate).
#![cfg_attr(target_arch = "mips64", feature(asm_experimental_arch))]

mod claims;
pub mod emulator;
mod exercise;
pub mod files;
mod lines;
mod map_snapshots;
#[cfg(not(test))]
mod mem;
mod or_exit;
#[cfg(not(test))]
mod panic;
mod print;
mod proc_maps;
pub mod start;
pub mod startup;
pub mod trace;

pub use claims::Claims;
pub use exercise::{check_exercises, exercise_heading};
pub use lines::for_each_line_in;
pub use or_exit::{SETUP_FAILED, or_exit};
pub use print::{Stderr, Stdout, print_to};
pub use proc_maps::{MapsLine, for_each_line, maps_line};
pub use startup::{arg, args, env, page_size};
pub use unistd::exit;
pub use unistd::{CPath, Escaped};

/// Names the lesson's entry function: `rt::main!(main);` with
/// `fn main() -> i32`. The returned value becomes the exit status.
#[macro_export]
macro_rules! main {
    ($entry:path) => {
        /// Called by `rt`'s `_start` once argc/argv/auxv have been read.
        #[unsafe(no_mangle)]
        pub extern "Rust" fn __rt_main() -> i32 {
            let entry: fn() -> i32 = $entry;
            entry()
        }
    };
}
