//! Runs a check of the `checks` crate from a `#[test]`: through our
//! wrappers, and through rustix, the independent implementation.
//!
//! The checks are written once, in a `no_std` crate, because the
//! freestanding self-test runs them too. Here each runs in a scratch
//! directory of its own, and every claim it states must hold.

use std::fmt;

use checks::{Calls, Cx, Env, Ours, Outcome, Report};
use rustix::fd::BorrowedFd;
use rustix::mm as rx;
use unistd::Errno;

use crate::{Deadline, Scratch, page_size};

/// A check's function.
pub type CheckFn = fn(&mut Cx<'_>) -> Outcome;

/// Runs `check` through our wrappers, then through rustix; each run must
/// confirm every claim it states. The kernel must answer both alike.
#[track_caller]
pub fn through_both(check: CheckFn) {
    through(check, &Ours);
    through(check, &Rustix);
}

/// Runs `check` through our wrappers only: for a call where rustix is
/// known to differ, which the test states beside it.
#[track_caller]
pub fn through_ours(check: CheckFn) {
    through(check, &Ours);
}

/// The claims one run stated, in order.
#[derive(Default)]
struct Collected {
    claims: Vec<(bool, String)>,
}

impl Report for Collected {
    fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>) {
        self.claims.push((holds, what.to_string()));
    }
}

impl fmt::Display for Collected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (holds, what) in &self.claims {
            let verdict = if *holds {
                protocol::claims::CONFIRMED
            } else {
                protocol::claims::REFUTED
            };
            writeln!(f, "  {verdict}{what}")?;
        }
        Ok(())
    }
}

/// Runs `check` through `calls` and asserts that it stated at least one
/// claim, and that every one held.
#[track_caller]
fn through(check: CheckFn, calls: &dyn Calls) {
    let scratch = Scratch::new("check");
    let dir = scratch.path("");
    let emulated = crate::emulator().is_some();
    let env = Env {
        dir: &dir,
        page: page_size(),
        wait_ns: u64::try_from(Deadline::wait().as_nanos()).unwrap_or(u64::MAX),
        emulated,
        kernel_is_64bit: unistd::kernel_is_64bit(emulated),
    };
    let mut collected = Collected::default();
    let outcome = check(&mut Cx::new(env, calls, &mut collected));
    let name = calls.name();
    if let Err(setup) = outcome {
        panic!("through {name}, {setup}; claims before it:\n{collected}");
    }
    assert!(
        !collected.claims.is_empty(),
        "through {name}, the check stated no claim"
    );
    assert!(
        collected.claims.iter().all(|(holds, _)| *holds),
        "through {name}, a claim was refuted:\n{collected}"
    );
}

/// The calls through rustix (and, where rustix calls the C library's msync
/// wrongly, through the C library: see [`crate::oracle::msync`]).
struct Rustix;

/// rustix's errno as ours.
fn errno(e: rustix::io::Errno) -> Errno {
    Errno::from_raw(e.raw_os_error() as u16)
}

impl Calls for Rustix {
    fn name(&self) -> &'static str {
        "rustix"
    }

    unsafe fn mmap(
        &self,
        addr: usize,
        len: usize,
        prot: u32,
        flags: u32,
        fd: i32,
        offset: i64,
    ) -> Result<usize, Errno> {
        // rustix makes an anonymous mapping without a descriptor, and takes
        // the offset unsigned: the checks pass -1 only with MAP_ANONYMOUS and
        // offset 0, and no negative offset, so nothing is lost in between.
        let anonymous = flags & linux_raw_sys::general::MAP_ANONYMOUS != 0;
        assert!(offset >= 0, "rustix takes no negative offset: {offset}");
        assert_eq!(
            fd == -1,
            anonymous && offset == 0,
            "fd {fd}, offset {offset}"
        );
        let (addr, prot) = (addr as *mut _, rx::ProtFlags::from_bits_retain(prot));
        let flags = rx::MapFlags::from_bits_retain(flags);
        // SAFETY: passed on from the caller. A check may pass a descriptor
        // that is closed or not a file, since the kernel's answer to it is
        // what the check asks; that breaks BorrowedFd's promise of an open
        // descriptor, knowingly and harmlessly: rustix only hands the number
        // to the system call, which checks it, and nothing keeps the
        // BorrowedFd past the call.
        let got = unsafe {
            if anonymous {
                rx::mmap_anonymous(addr, len, prot, flags)
            } else {
                rx::mmap(
                    addr,
                    len,
                    prot,
                    flags,
                    BorrowedFd::borrow_raw(fd),
                    offset as u64,
                )
            }
        };
        got.map(|p| p as usize).map_err(errno)
    }

    unsafe fn munmap(&self, addr: usize, len: usize) -> Result<(), Errno> {
        // SAFETY: passed on from the caller.
        unsafe { rx::munmap(addr as *mut _, len) }.map_err(errno)
    }

    unsafe fn msync(&self, addr: usize, len: usize, flags: u32) -> Result<(), Errno> {
        // SAFETY: passed on from the caller.
        unsafe { crate::oracle::msync(addr as *mut _, len, flags) }.map_err(errno)
    }

    unsafe fn mprotect(&self, addr: usize, len: usize, prot: u32) -> Result<(), Errno> {
        let prot = rx::MprotectFlags::from_bits_retain(prot);
        // SAFETY: passed on from the caller.
        unsafe { rx::mprotect(addr as *mut _, len, prot) }.map_err(errno)
    }
}
