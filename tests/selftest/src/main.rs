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

/// How long a check waits for a child it forked, in seconds, unless
/// `MMAP_TEST_WAIT` says otherwise. A child makes a few calls and ends, in
/// well under a second even on an emulated machine; 10 s is far more than
/// that, and far less than the minute after which xtask stops a self-test
/// under QEMU user mode (four minutes under `--vm`), so that a hung child
/// fails its own check, with its name, and the checks after it still run.
const WAIT_SECS: u64 = 10;

/// [`WAIT_SECS`], or `MMAP_TEST_WAIT`'s whole seconds.
fn wait_ns() -> u64 {
    let secs = rt::env(protocol::env::TEST_WAIT)
        .and_then(|value| value.to_str().ok()?.parse().ok())
        .unwrap_or(WAIT_SECS);
    secs.saturating_mul(1_000_000_000)
}

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
    let emulated = rt::emulator::emulator().is_some();
    let env = Env {
        dir,
        page,
        wait_ns: wait_ns(),
        emulated,
        kernel_is_64bit: unistd::kernel_is_64bit(emulated),
    };
    let mut printed = Printed(Claims::new());
    for check in checks::ALL {
        let before = printed.0.stated();
        let mut cx = Cx::new(env, &Ours, &mut printed);
        let (module, name) = (check.module, check.name);
        match (check.run)(&mut cx) {
            // Nothing was learnt about the call: the check counts as failed.
            Err(setup) => _ = cx.claim(false, format_args!("{module}::{name}: {setup}")),
            // A check that states nothing cannot fail: that is a fault of
            // the check, and counted as one.
            Ok(()) if printed.0.stated() == before => {
                printed
                    .0
                    .check(false, format_args!("{module}::{name} stated no claim"));
            }
            Ok(()) => {}
        }
    }
    printed.0.finish()
}
