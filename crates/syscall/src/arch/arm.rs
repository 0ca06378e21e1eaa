//! arm (32-bit, EABI, as built for armv7): the `svc 0` instruction.
//!
//! | what           | where                                                 |
//! |----------------|-------------------------------------------------------|
//! | instruction    | `svc 0` (supervisor call; EABI ignores the immediate) |
//! | call number    | `r7`                                                  |
//! | arguments 1..6 | `r0`, `r1`, `r2`, `r3`, `r4`, `r5`                    |
//! | result         | `r0`, over argument 1                                 |
//! | error          | `r0` in `-4095..=-1`: the negated errno               |
//! | overwritten    | only `r0`                                             |
//! | preserved      | every other register, `sp`, the flags                 |
//!
//! Three things make 32-bit ARM worth reading slowly:
//!
//! - **r7.** The number goes in `r7`, which in *Thumb* code is the frame
//!   pointer: the compiler cannot hand it over as an asm operand there, and
//!   C libraries built for Thumb save it by hand around `svc`. These targets
//!   compile to the 32-bit ARM instruction set (A32), where the frame pointer
//!   is `r11`, so `r7` is free; a Thumb build is stopped at compile time
//!   (see below) rather than miscompiled.
//! - **No `mmap`, only `mmap2`.** A 32-bit register cannot hold a file
//!   offset beyond 4 GiB, so the ARM port never had the six-argument mmap with
//!   a byte offset: `mmap2` takes the offset in 4096-byte units (whatever the
//!   page size). The `mman` crate does that division, and refuses an offset
//!   that is not a multiple of 4096 with EINVAL before making the call.
//! - **64-bit arguments** (file sizes, offsets for pread64 and ftruncate64)
//!   travel as two registers, low word first, and must start at an
//!   even-numbered register: a padding argument is inserted if needed.
//!
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on arm as it found them: the
//! condition, saturation and greater-or-equal flags of CPSR (N, Z, C, V, Q,
//! GE) and the status and exception flags of FPSCR. The kernel keeps that
//! promise. On a 32-bit kernel `svc` saves CPSR in `SPSR_svc`; on the arm64
//! kernel that runs armv7 programs here (its compat layer), the exception
//! saves it in `SPSR_EL1` and the kernel in `pt_regs->pstate`. Either way
//! the return to user mode loads CPSR back from the saved frame. FPSCR is
//! part of the VFP state the kernel saves and restores for each task. So
//! every block says `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

// Thumb code (the `thumbv7*` targets) is refused by rustc itself: there r7
// is the frame pointer, and rustc rejects it as an asm operand ("cannot use
// register `r7`: the frame pointer (r7) cannot be used as an operand for
// inline asm"), so a Thumb build (tried: thumbv7neon-unknown-linux-gnueabihf)
// stops at every block below with that message. A guard of our own on
// `target_feature = "thumb-mode"` would never fire on a stable compiler,
// which does not show that feature to `cfg`.

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "arm",
    instruction: "svc 0",
    number: "r7",
    args: ["r0", "r1", "r2", "r3", "r4", "r5"],
    result: "r0",
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
            "svc 0",
            in("r7") nr,       // call number
            lateout("r0") ret, // result
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
            in("r1") a2,               // argument 2
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
            in("r1") a2,               // argument 2
            in("r2") a3,               // argument 3
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
            in("r1") a2,               // argument 2
            in("r2") a3,               // argument 3
            in("r3") a4,               // argument 4
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
            in("r1") a2,               // argument 2
            in("r2") a3,               // argument 3
            in("r3") a4,               // argument 4
            in("r4") a5,               // argument 5
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
            "svc 0",
            in("r7") nr,               // call number
            inlateout("r0") a1 => ret, // argument 1 in, result out
            in("r1") a2,               // argument 2
            in("r2") a3,               // argument 3
            in("r3") a4,               // argument 4
            in("r4") a5,               // argument 5
            in("r5") a6,               // argument 6
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}
