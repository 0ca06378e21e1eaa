//! The self-test: the test suite's core checks (`tests/tests/errors.rs`,
//! `abi.rs`, `example1.rs`, `mapping.rs`) made again by a freestanding
//! program, for architectures where no Rust standard library is available
//! to build the real suite (loongarch64 and mips64el here).
//!
//! Each check prints `[ok] ...` or `[FAILED] ...` like a lesson's claims;
//! `cargo xtask test` counts each as one test.
//!
//! Usage: `selftest <work-dir>`.
#![no_std]
#![no_main]

mod errors;
mod files;
mod man_errors;
mod signals;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: selftest <work-dir>");
        return rt::SETUP_FAILED;
    };
    println!(
        "self-test on {}, page size {}",
        syscall::ARCH,
        rt::page_size()
    );
    let mut claims = Claims::new();
    errors::check(dir, &mut claims);
    signals::check(dir, &mut claims);
    files::check(dir, &mut claims);
    man_errors::check(dir, &mut claims);
    claims.finish()
}
