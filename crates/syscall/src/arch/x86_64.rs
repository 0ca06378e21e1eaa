//! x86_64: the `syscall` instruction.
//!
//! | what           | where                                              |
//! |----------------|----------------------------------------------------|
//! | instruction    | `syscall`                                          |
//! | call number    | `rax`                                              |
//! | arguments 1..6 | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9`             |
//! | result         | `rax`, over the call number                        |
//! | error          | `rax` in `-4095..=-1`: the negated errno           |
//! | overwritten    | `rax`; by the CPU, `rcx` and `r11` (see below)     |
//! | preserved      | every other general register, the stack, the flags |
//!
//! Why `r10` and not `rcx` for the fourth argument, when the C function-call
//! ABI uses `rcx`? Because the `syscall` instruction itself writes the return
//! address (the old `rip`) into `rcx`, and the old `rflags` into `r11`,
//! before the kernel sees anything, so a value there would be gone. The
//! kernel's entry code therefore reads argument 4 from `r10`. That is why
//! libc's `syscall()` shuffles `rcx` into `r10`, and why `rcx` and `r11` are
//! declared clobbered below: they come back holding the CPU's bookkeeping,
//! not our values.
//!
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on x86 as it found them: the
//! status flags of `rflags` (CF, PF, AF, ZF, SF, OF), the x87 status word
//! and the exception flags of MXCSR. The kernel keeps that promise. `syscall`
//! saves `rflags` in `r11`, and the kernel's way out loads it back (`sysret`
//! from `r11`, or `iret` from the saved frame). The x87 and SSE state are the
//! task's own, which the kernel saves before it uses those registers itself
//! and restores before the return. So every block says `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "x86_64",
    instruction: "syscall",
    number: "rax",
    args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"],
    result: "rax",
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            in("r10") a4,               // argument 4 (r10, not rcx: see above)
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            in("r10") a4,               // argument 4 (r10, not rcx: see above)
            in("r8") a5,                // argument 5
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
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
            "syscall",
            inlateout("rax") nr => ret, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            in("r10") a4,               // argument 4 (r10, not rcx: see above)
            in("r8") a5,                // argument 5
            in("r9") a6,                // argument 6
            lateout("rcx") _,           // the return address, written by `syscall`
            lateout("r11") _,           // the old rflags, written by `syscall`
            options(nostack, preserves_flags),
        );
    }
    decode(ret)
}
