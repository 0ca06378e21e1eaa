//! s390x (IBM Z): the `svc 0` instruction.
//!
//! | what           | where                                    |
//! |----------------|------------------------------------------|
//! | instruction    | `svc 0` (supervisor call)                |
//! | call number    | `r1` (with `svc 0`; see below)           |
//! | arguments 1..6 | `r2`, `r3`, `r4`, `r5`, `r6`, `r7`       |
//! | result         | `r2`, over argument 1                    |
//! | error          | `r2` in `-4095..=-1`: the negated errno  |
//! | overwritten    | only `r2`                                |
//! | preserved      | every other register, the condition code |
//!
//! Two s390 peculiarities:
//!
//! - **The number.** `svc` has an 8-bit immediate, and originally that *was*
//!   the call number (`svc 90` for mmap). Numbers above 255 do not fit, so
//!   `svc 0` means "the number is in `r1`". We always use that form.
//! - **mmap takes one argument.** The s390 port kept the old Linux mmap,
//!   whose single argument is a pointer to a block of six words (addr,
//!   length, prot, flags, fd, offset) in memory, from a time when six
//!   arguments did not fit its convention. The `mman` crate builds that
//!   block; nothing here is special for it.
//!
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on s390x as it found them: the
//! condition code. The kernel keeps that promise. The condition code is
//! part of the program status word, which `svc` stores as the old PSW; the
//! kernel keeps it in the saved frame and its return to user mode loads
//! that PSW back. So every block says `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "s390x",
    instruction: "svc 0",
    number: "r1",
    args: ["r2", "r3", "r4", "r5", "r6", "r7"],
    result: "r2",
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
            in("r1") nr,       // call number
            lateout("r2") ret, // result
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
            in("r3") a2,               // argument 2
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
            in("r3") a2,               // argument 2
            in("r4") a3,               // argument 3
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
            in("r3") a2,               // argument 2
            in("r4") a3,               // argument 3
            in("r5") a4,               // argument 4
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
            in("r3") a2,               // argument 2
            in("r4") a3,               // argument 3
            in("r5") a4,               // argument 4
            in("r6") a5,               // argument 5
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
            in("r1") nr,               // call number
            inlateout("r2") a1 => ret, // argument 1 in, result out
            in("r3") a2,               // argument 2
            in("r4") a3,               // argument 3
            in("r5") a4,               // argument 4
            in("r6") a5,               // argument 5
            in("r7") a6,               // argument 6
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}
