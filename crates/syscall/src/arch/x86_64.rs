//! x86_64: the `syscall` instruction.
//!
//! | what                  | where                                              |
//! |-----------------------|----------------------------------------------------|
//! | instruction           | `syscall`                                          |
//! | call number           | `rax`                                              |
//! | arguments 1..6        | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9`             |
//! | result                | `rax`                                              |
//! | overwritten by CPU    | `rcx` (gets the return address, the old `rip`),     |
//! |                       | `r11` (gets the old `rflags`)                      |
//! | preserved by kernel   | every other general register, the stack            |
//! | error                 | `rax` in `-4095..=-1`: the negated errno           |
//!
//! Why `r10` and not `rcx` for the fourth argument, when the C function-call
//! ABI uses `rcx`? Because the `syscall` instruction itself writes the return
//! address into `rcx` before the kernel sees anything, so the value would be
//! gone. The kernel's entry code therefore reads argument 4 from `r10`. That
//! is why libc's `syscall()` shuffles `rcx` into `r10`, and why `rcx` and
//! `r11` are listed as clobbered below: they come back holding the CPU's
//! bookkeeping, not our values.
//!
//! The kernel does not touch the user stack, so every asm block says
//! `nostack`. It may read and write memory we pass pointers to (a `read(2)`
//! buffer, a `struct stat`), so no block says `nomem` or `readonly`.
//! `rflags` comes back as it was (the kernel restores it from `r11` on the way
//! out), but we do not promise that to the compiler: a missing
//! `preserves_flags` costs nothing measurable and is never wrong.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "x86_64",
    instruction: "syscall",
    number: "rax",
    args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"],
    result: "rax",
};

/// Turns the raw `rax` into a result: the -errno convention.
#[inline(always)]
fn decode(rax: usize) -> Result<usize, Errno> {
    Errno::from_negated_return(rax)
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments (e.g. `getpid`).
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let rax: usize;
    // SAFETY: the caller vouches for the call itself; the asm only follows the
    // ABI above and declares every register the CPU or kernel may change.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // in: call number; out: result or -errno
            lateout("rcx") _,           // return address written by `syscall`
            lateout("r11") _,           // saved rflags written by `syscall`
            options(nostack),
        );
    }
    decode(rax)
}

/// Enters the kernel with one argument.
///
/// # Safety
/// `a1` must be what call `nr` expects; pointers must be valid for it.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let rax: usize;
    // SAFETY: as in `syscall0`; the argument travels in rdi.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
}

/// Enters the kernel with two arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let rax: usize;
    // SAFETY: as in `syscall0`; arguments in rdi, rsi.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
}

/// Enters the kernel with three arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let rax: usize;
    // SAFETY: as in `syscall0`; arguments in rdi, rsi, rdx.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
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
    let rax: usize;
    // SAFETY: as in `syscall0`; argument 4 goes in r10, not rcx (see the
    // module table: `syscall` overwrites rcx).
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            in("r10") a4,               // argument 4 (r10, because of rcx)
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
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
    let rax: usize;
    // SAFETY: as in `syscall4`, plus argument 5 in r8.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1
            in("rsi") a2,               // argument 2
            in("rdx") a3,               // argument 3
            in("r10") a4,               // argument 4
            in("r8") a5,                // argument 5
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
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
    let rax: usize;
    // SAFETY: as in `syscall5`, plus argument 6 in r9.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => rax, // call number in, result out
            in("rdi") a1,               // argument 1: mmap's addr
            in("rsi") a2,               // argument 2: length
            in("rdx") a3,               // argument 3: prot
            in("r10") a4,               // argument 4: flags
            in("r8") a5,                // argument 5: fd
            in("r9") a6,                // argument 6: offset, in bytes
            lateout("rcx") _,           // return address
            lateout("r11") _,           // saved rflags
            options(nostack),
        );
    }
    decode(rax)
}
