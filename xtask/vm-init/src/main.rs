//! PID 1 of a `cargo xtask ... --vm` run: the first and only program the
//! kernel starts from the initramfs xtask wrote.
//!
//! It does what a distribution's init and a test runner would do between
//! them, and nothing more:
//!
//! 1. mount proc, sysfs, devtmpfs and tmpfs (the tests read /proc/self/maps
//!    and write their files under /tmp);
//! 2. print `MMAPVM BOOTED <kernel release> pagesize=<AT_PAGESZ>`;
//! 3. run every test listed in `/vm/tests.list` in a process of its own, as
//!    cargo-nextest does (`<bin> --exact <name> --nocapture
//!    --test-threads=1`), and print one `MMAPVM RESULT test ...` line each;
//! 4. run every program listed in `/vm/programs.list` (the lessons, or the
//!    self-test) in a fresh work directory, and pass its whole output back
//!    between `MMAPVM OUTPUT` markers, so that xtask judges it by the same
//!    contract as a run on the host;
//! 5. print `MMAPVM DONE` and power the machine off with reboot(2).
//!
//! Everything it prints on the console is for xtask to parse (see
//! `xtask/src/judge/console.rs`); the format is one line per fact.
//!
//! PID 1 is special in two ways that shape this code. If it ever exits, the
//! kernel panics, so every failure is reported and the machine still powers
//! off. And every orphaned process in the system becomes its child, so it
//! reaps *any* child that ended, not only the one it waits for.
#![no_std]
#![no_main]

mod cbuf;
mod child;
mod list;
mod mounts;
mod report;

use core::ffi::CStr;
use protocol::{console, lists};
use rt::println;

use crate::child::{Kind, run};
use crate::list::ListFile;

rt::main!(main);

fn main() -> i32 {
    mounts::mount_all();
    report::booted();

    // A list that cannot be read is reported; the other still runs, and
    // xtask sees the missing results.
    for_each_pair(lists::TESTS, |binary, name| {
        run(Kind::Test { binary, name })
    });
    for_each_pair(lists::PROGRAMS, |label, path| {
        run(Kind::Program { label, path })
    });

    println!("{}", console::DONE);
    // The console is a serial line: a write returns once the bytes are in
    // the kernel's buffer, and powering off at once dropped the end of a
    // run's output (seen on armv7, mid-way through lesson 08's). Wait until
    // it is all sent. If the wait fails, say so and power off anyway.
    if let Err(error) = unistd::drain_terminal(1) {
        println!(
            "{} could not wait for the console to drain: {error}",
            console::NOTE
        );
    }
    let error = unistd::power_off();
    // Only reached if reboot(2) failed; exiting makes the kernel panic,
    // which (with `panic=-1` and QEMU's `-no-reboot`) also ends the VM.
    println!("{} reboot(POWER_OFF) failed: {error}", console::ERROR);
    1
}

/// Calls `each` with the two words of every line of list file `path`;
/// says on the console if the file cannot be read.
fn for_each_pair(path: &CStr, mut each: impl FnMut(&[u8], &[u8])) {
    match ListFile::open(path) {
        Ok(list) => {
            for (first, rest) in list.lines().filter_map(split_pair) {
                each(first, rest);
            }
        }
        Err(error) => println!(
            "{} cannot read {}: {error}",
            console::ERROR,
            rt::Escaped(path.to_bytes())
        ),
    }
}

/// `first second` from one list line; `None` for blank or malformed lines.
fn split_pair(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let space = line.iter().position(|&b| b == b' ')?;
    let (first, rest) = (&line[..space], &line[space + 1..]);
    (!first.is_empty() && !rest.is_empty()).then_some((first, rest))
}
