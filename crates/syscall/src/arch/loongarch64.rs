//! loongarch64: the `syscall 0` instruction.
//!
//! | what           | where                                                |
//! |----------------|------------------------------------------------------|
//! | instruction    | `syscall 0` (the immediate is ignored by Linux)      |
//! | call number    | `$a7` (`$r11`)                                       |
//! | arguments 1..6 | `$a0`..`$a5` (`$r4`..`$r9`)                          |
//! | result         | `$a0`, over argument 1                               |
//! | error          | `$a0` in `-4095..=-1`: the negated errno             |
//! | overwritten    | `$a0`; the temporaries `$t0`..`$t8` (`$r12`..`$r20`) |
//! | preserved      | `$s0`..`$s8`, `$fp`, `$sp`, `$ra`, the flags         |
//!
//! LoongArch is a young architecture (2020) whose Linux port took the
//! "generic" system-call table shared with aarch64 and riscv64, so the
//! numbers match theirs (mmap is 222 on all three). Its convention differs
//! from theirs in one respect that matters to the compiler: the kernel may
//! return with the nine temporary registers changed, so each block below
//! declares `$t0`..`$t8` clobbered.
//!
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on LoongArch as it found them: the
//! floating-point condition flags `$fcc0`..`$fcc7`. The kernel keeps that
//! promise. They are floating-point state, which the kernel's system-call
//! path does not use, and which it saves and restores with the rest of that
//! state when the task gives up the unit. So every block says
//! `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "loongarch64",
    instruction: "syscall 0",
    number: "$a7",
    args: ["$a0", "$a1", "$a2", "$a3", "$a4", "$a5"],
    result: "$a0",
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
            "syscall 0",
            in("$a7") nr,       // call number
            lateout("$a0") ret, // result
            lateout("$t0") _,   // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            in("$a1") a2,               // argument 2
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            in("$a1") a2,               // argument 2
            in("$a2") a3,               // argument 3
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            in("$a1") a2,               // argument 2
            in("$a2") a3,               // argument 3
            in("$a3") a4,               // argument 4
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            in("$a1") a2,               // argument 2
            in("$a2") a3,               // argument 3
            in("$a3") a4,               // argument 4
            in("$a4") a5,               // argument 5
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
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
            "syscall 0",
            in("$a7") nr,               // call number
            inlateout("$a0") a1 => ret, // argument 1 in, result out
            in("$a1") a2,               // argument 2
            in("$a2") a3,               // argument 3
            in("$a3") a4,               // argument 4
            in("$a4") a5,               // argument 5
            in("$a5") a6,               // argument 6
            lateout("$t0") _,           // t0..t8: temporaries the kernel may change
            lateout("$t1") _,
            lateout("$t2") _,
            lateout("$t3") _,
            lateout("$t4") _,
            lateout("$t5") _,
            lateout("$t6") _,
            lateout("$t7") _,
            lateout("$t8") _,
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}
