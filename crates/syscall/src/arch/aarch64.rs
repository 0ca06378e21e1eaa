//! aarch64 (arm64): the `svc #0` instruction.
//!
//! | what           | where                                                |
//! |----------------|------------------------------------------------------|
//! | instruction    | `svc #0` (supervisor call; the immediate is ignored) |
//! | call number    | `x8`                                                 |
//! | arguments 1..6 | `x0`, `x1`, `x2`, `x3`, `x4`, `x5`                   |
//! | result         | `x0`, over argument 1                                |
//! | error          | `x0` in `-4095..=-1`: the negated errno              |
//! | overwritten    | only `x0`                                            |
//! | preserved      | every other general register, `sp`, the flags        |
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
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on aarch64 as it found them: the
//! condition flags NZCV and the floating-point status register FPSR. The
//! kernel keeps that promise. `svc` saves PSTATE, NZCV included, in
//! `SPSR_EL1`; the kernel keeps it in the saved frame (`pt_regs->pstate`)
//! and `eret` loads it back on the way out. FPSR is part of the
//! floating-point state the kernel saves and restores for each task. So
//! every block says `preserves_flags`, and the compiler may keep a
//! comparison's outcome in NZCV across a call.
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

/// Turns the raw result register into a result: the -errno convention.
#[inline(always)]
fn decode(ret: usize) -> Result<usize, Errno> {
    Errno::from_negated_return(ret)
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments (e.g. `getpid`).
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,       // call number
            lateout("x0") ret, // result
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}

/// Enters the kernel with one argument.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}

/// Enters the kernel with two arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            in("x1") a2,               // argument 2
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}

/// Enters the kernel with three arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            in("x1") a2,               // argument 2
            in("x2") a3,               // argument 3
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
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
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            in("x1") a2,               // argument 2
            in("x2") a3,               // argument 3
            in("x3") a4,               // argument 4
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
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
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            in("x1") a2,               // argument 2
            in("x2") a3,               // argument 3
            in("x3") a4,               // argument 4
            in("x4") a5,               // argument 5
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}

/// Enters the kernel with six arguments.
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
    let ret: usize;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "svc #0",
            in("x8") nr,               // call number
            inlateout("x0") a1 => ret, // argument 1 in, result out
            in("x1") a2,               // argument 2
            in("x2") a3,               // argument 3
            in("x3") a4,               // argument 4
            in("x4") a5,               // argument 5
            in("x5") a6,               // argument 6
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}
