//! aarch64 (arm64): the `svc #0` instruction.
//!
//! | what                  | where                                              |
//! |-----------------------|----------------------------------------------------|
//! | instruction           | `svc #0` (supervisor call; the immediate is ignored) |
//! | call number           | `x8`                                               |
//! | arguments 1..6        | `x0`, `x1`, `x2`, `x3`, `x4`, `x5`                 |
//! | result                | `x0` (argument 1's register is reused)             |
//! | overwritten           | only `x0`; the kernel saves and restores every     |
//! |                       | other general register, `sp` and the flags         |
//! | error                 | `x0` in `-4095..=-1`: the negated errno            |
//!
//! Compared with x86_64 this is the tidy case: the arguments sit in the same
//! registers as for an ordinary function call, the number has a register of
//! its own, and the CPU overwrites nothing on the way in. The one surprise is
//! that the result comes back in `x0`, over argument 1, so `x0` is an
//! in-and-out operand below.
//!
//! What the kernel may change that the table does not show: on CPUs with
//! SVE, a system call zeroes the bits of the `z` vector registers above the
//! low 128, all of the predicate registers `p0`..`p15`, and `ffr`
//! (Documentation/arch/arm64/sve.rst, on system calls). Compiled
//! Rust keeps no value in any of them across an asm block unless SVE is
//! enabled as a target feature (it is not for these targets), so nothing
//! needs declaring; the low 128 bits, the `v` registers, are preserved.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "aarch64",
    instruction: "svc #0",
    number: "x8",
    args: ["x0", "x1", "x2", "x3", "x4", "x5"],
    result: "x0",
};

/// Turns the raw `x0` into a result: the -errno convention.
#[inline(always)]
fn decode(x0: usize) -> Result<usize, Errno> {
    Errno::from_negated_return(x0)
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments (e.g. `getpid`).
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: the caller vouches for the call itself; the asm follows the ABI
    // above, and x0 (the only register the kernel changes) is an output.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,      // call number
            lateout("x0") x0, // result or -errno
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with one argument.
///
/// # Safety
/// `a1` must be what call `nr` expects; pointers must be valid for it.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall0`; argument 1 shares x0 with the result.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,          // call number
            inlateout("x0") a1 => x0, // argument 1 in, result out
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with two arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall1`; argument 2 in x1.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,              // call number
            inlateout("x0") a1 => x0, // argument 1 in, result out
            in("x1") a2,              // argument 2
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with three arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall1`; arguments 2 and 3 in x1, x2.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,              // call number
            inlateout("x0") a1 => x0, // argument 1 in, result out
            in("x1") a2,              // argument 2
            in("x2") a3,              // argument 3
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with four arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall4(
    nr: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall1`; arguments 2..4 in x1..x3.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,              // call number
            inlateout("x0") a1 => x0, // argument 1 in, result out
            in("x1") a2,              // argument 2
            in("x2") a3,              // argument 3
            in("x3") a4,              // argument 4
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with five arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall5(
    nr: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall1`; arguments 2..5 in x1..x4.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,              // call number
            inlateout("x0") a1 => x0, // argument 1 in, result out
            in("x1") a2,              // argument 2
            in("x2") a3,              // argument 3
            in("x3") a4,              // argument 4
            in("x4") a5,              // argument 5
            options(nostack),
        );
    }
    decode(x0)
}

/// Enters the kernel with six arguments (mmap is the one that needs them all).
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall6(
    nr: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
    a6: usize,
) -> Result<usize, Errno> {
    let x0: usize;
    // SAFETY: as in `syscall1`; arguments 2..6 in x1..x5.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,              // call number
            inlateout("x0") a1 => x0, // argument 1 (mmap's addr) in, result out
            in("x1") a2,              // argument 2: length
            in("x2") a3,              // argument 3: prot
            in("x3") a4,              // argument 4: flags
            in("x4") a5,              // argument 5: fd
            in("x5") a6,              // argument 6: offset, in bytes
            options(nostack),
        );
    }
    decode(x0)
}
