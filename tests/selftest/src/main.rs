//! The self-test: the suite's core checks (the `checks` crate, which the
//! test suite's thin `#[test]`s call too) run by a freestanding program,
//! for architectures where no Rust standard library is available to build
//! the suite (loongarch64 and mips64el here), and on real kernels under
//! `--vm`.
//!
//! Each claim prints `[ok] ...` or `[FAILED] ...` like a lesson's;
//! `cargo xtask test` counts each as one test.
//!
//! Usage: `selftest <work-dir>`.
#![no_std]
#![no_main]

use checks::{Cx, Env, Ours, Report};
use core::fmt;
use rt::{Claims, eprintln, println};

rt::main!(main);

/// How long a check waits for a child it forked: as long as the suite
/// waits by default (`tests::Deadline::WAIT`), since a `--vm` machine is
/// slow.
const WAIT_NS: u64 = 60_000_000_000;

/// The checks' claims, printed as a lesson prints its own.
struct Printed(Claims);

impl Report for Printed {
    fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>) {
        self.0.check(holds, what);
    }
}

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: selftest <work-dir>");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!("self-test on {}, page size {page}", syscall::ARCH);
    let env = Env {
        dir,
        page,
        wait_ns: WAIT_NS,
        emulated: rt::emulator::emulator().is_some(),
        kernel_is_64bit: rt::emulator::kernel_is_64bit(),
    };
    let mut printed = Printed(Claims::new());
    for check in checks::ALL {
        let mut cx = Cx::new(env, &Ours, &mut printed);
        if let Err(setup) = (check.run)(&mut cx) {
            // Nothing was learnt about the call: the check counts as failed.
            cx.claim(false, format_args!("{}: {setup}", check.name));
        }
    }
    printed.0.finish()
}
