//! Part 3: PROT_WRITE without PROT_READ.
//!
//! The kernel records what was asked (/proc/self/maps says `-w-p`; RISC-V
//! kernels since 7.0 are the exception, see `mman::listing`), but the page
//! tables can only hold what the hardware can express, and neither x86_64
//! nor the base aarch64 page-table format has a "writable but not readable"
//! user page:
//!
//! - x86_64: a present user page is always readable; the only bits are
//!   "writable" (R/W) and "not executable" (NX).
//! - aarch64: the two AP bits give EL0 (user mode) no access, read-only, or
//!   read-write; there is no write-only combination.
//!
//! So the kernel grants more than was asked, and mmap(2) says so: "on some
//! hardware architectures (e.g., i386), PROT_WRITE implies PROT_READ". POSIX
//! allows it: a system may permit accesses beyond `prot`, except that it
//! must not permit a write without PROT_WRITE. What is guaranteed is that the
//! write works; whether the read works is the architecture's business. The
//! lesson claims the read only where the architecture decides it (x86, 32-
//! and 64-bit: the same page-table rule),
//! and on aarch64 reports what it observed.

use mman::listing::{Answerer, write_only_listing};
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

/// The byte the child stores and then tries to load again.
const MARK: u8 = 42;

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(Mapping::anonymous(page, Prot::WRITE), "mmap PROT_WRITE");
    println!(
        "mmap(NULL, {page}, PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    let perms = crate::maps::show(map.addr());
    let expected = write_only_listing(answerer());
    let as_expected = perms.as_ref().map(|p| &p[..]) == Some(expected.perms.as_bytes());
    let (verdict, wanted) = match as_expected {
        true => ("as expected", ""),
        false => ("not the expected ", expected.perms),
    };
    claim!(
        claims,
        as_expected,
        "/proc/self/maps lists the page as {}, {verdict}{wanted}: {}",
        crate::maps::text(&perms),
        expected.why
    );

    // SAFETY: the child stores one byte and exits.
    let wrote = or_exit(
        unsafe {
            unistd::run_in_child(|| {
                map.write(0, MARK);
                0
            })
        },
        "fork",
    );
    claim!(
        claims,
        wrote == WaitStatus::Exited(0),
        "a write in a child works, as PROT_WRITE promises: child {wrote}"
    );

    // SAFETY: the child stores, then loads (which may fault), and exits
    // with the byte it read.
    let read = or_exit(
        unsafe {
            unistd::run_in_child(|| {
                map.write(0, MARK);
                i32::from(map.read(0))
            })
        },
        "fork",
    );
    let readable = read == WaitStatus::Exited(i32::from(MARK));
    println!(
        "a write then a read in a child: {read} ({})",
        if readable {
            "the read returned the byte written: the page is readable after all"
        } else {
            "the read was refused"
        }
    );
    report(readable, claims);
}

#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
fn report(readable: bool, claims: &mut Claims) {
    claim!(
        claims,
        readable,
        "on {} a write-only page is readable: an x86 page-table entry has no way to say \
         \"present, writable, not readable\"",
        syscall::ARCH
    );
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
fn report(readable: bool, _claims: &mut Claims) {
    println!(
        "(not a claim: on {} whether a write-only page reads back is up to the CPU's page-table \
         format and the kernel's choice of encoding; this run found it {})",
        syscall::ARCH,
        if readable { "readable" } else { "unreadable" }
    );
}

/// Who answers, for the listing's expected value: QEMU user mode, or the
/// running kernel's release (as 0.0 if uname failed, which only makes the
/// claim name the older answer).
fn answerer() -> Answerer {
    if rt::emulator::emulator().is_some() {
        return Answerer::QemuUser;
    }
    let release = rt::emulator::kernel_release();
    let version = release.and_then(|r| mman::listing::release_version(r.as_bytes()));
    let (major, minor) = version.unwrap_or((0, 0));
    Answerer::Kernel(major, minor)
}
