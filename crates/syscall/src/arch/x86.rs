//! x86 (32-bit, i686): the `int 0x80` instruction.
//!
//! | what                  | where                                              |
//! |-----------------------|----------------------------------------------------|
//! | instruction           | `int 0x80` (software interrupt 128)                |
//! | call number           | `eax`                                              |
//! | arguments 1..6        | `ebx`, `ecx`, `edx`, `esi`, `edi`, `ebp`           |
//! | result                | `eax`                                              |
//! | overwritten           | only `eax`                                         |
//! | preserved by kernel   | every other register and the flags                 |
//! | error                 | `eax` in `-4095..=-1`: the negated errno           |
//!
//! The table is simple; using it from Rust is not. x86 has so few registers
//! that the compiler reserves two of the six argument registers for itself:
//! `ebp` (the frame pointer) and `esi` (a base pointer for functions whose
//! stack frames need one). Neither may be named as an asm operand. So:
//!
//! - with 4 or 5 arguments, argument 4 arrives in a register the compiler
//!   chose, and `xchg` swaps it into `esi` for the call and swaps the
//!   compiler's value back afterwards;
//! - with 6 arguments there is not even a free register left, so arguments
//!   4 and 6 and the call number travel through a small array in memory:
//!   `eax` holds its address, the asm saves `ebp` and `esi` on the stack,
//!   loads all three, makes the call and restores both. (This is the one
//!   block that uses the stack, so it cannot say `nostack`.)
//!
//! Old history shows too: the original i386 `mmap` (number 90) takes a
//! single pointer to a block of six arguments, and `mmap2` (192) was added
//! with six register arguments and the offset in 4096-byte units, so that a
//! 32-bit register can reach 16 TiB into a file. The `mman` crate uses
//! `mmap2`. (libc uses the faster `__kernel_vsyscall` entry from the vDSO
//! instead of `int 0x80`; the convention is the same.)

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "x86",
    instruction: "int 0x80",
    number: "eax",
    args: ["ebx", "ecx", "edx", "esi", "edi", "ebp"],
    result: "eax",
};

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments.
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: the caller vouches for the call; only eax changes.
    unsafe {
        core::arch::asm!(
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 1 argument.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; argument 1 in ebx.
    unsafe {
        core::arch::asm!(
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 2 arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; arguments in ebx, ecx.
    unsafe {
        core::arch::asm!(
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 3 arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let ret: usize;
    // SAFETY: as in `syscall0`; arguments in ebx, ecx, edx.
    unsafe {
        core::arch::asm!(
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
            in("edx") a3,               // argument 3
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 4 arguments.
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
    // SAFETY: as in `syscall0`. esi belongs to the compiler: the xchg pair
    // lends it to the kernel and gives the compiler's value back.
    unsafe {
        core::arch::asm!(
            "xchg esi, {a4}", // argument 4 into esi, the compiler's esi aside
            "int 0x80",
            "xchg esi, {a4}", // and back
            a4 = in(reg) a4,            // argument 4, in a register of the compiler's choice
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
            in("edx") a3,               // argument 3
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 5 arguments.
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
    // SAFETY: as in `syscall4`, plus argument 5 in edi.
    unsafe {
        core::arch::asm!(
            "xchg esi, {a4}", // argument 4 into esi, the compiler's esi aside
            "int 0x80",
            "xchg esi, {a4}", // and back
            a4 = in(reg) a4,            // argument 4, in a register of the compiler's choice
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
            in("edx") a3,               // argument 3
            in("edi") a5,               // argument 5
            options(nostack),
        );
    }
    Errno::from_negated_return(ret)
}

/// Enters the kernel with 6 arguments (mmap2 is the one that needs them all).
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
    // Argument 4, argument 6 and the call number, for the asm to load into
    // esi, ebp and eax once the compiler's esi and ebp are saved.
    let spill = [a4, a6, nr];
    // SAFETY: `spill` lives across the asm, which only reads it. The asm
    // pushes and pops the same two registers, leaving esp as it found it.
    unsafe {
        core::arch::asm!(
            "push ebp",          // save the compiler's frame pointer
            "push esi",          // and its base pointer
            "mov esi, [eax]",    // argument 4
            "mov ebp, [eax + 4]", // argument 6: mmap2's offset in 4096-byte units
            "mov eax, [eax + 8]", // the call number, last: eax held the address
            "int 0x80",
            "pop esi",
            "pop ebp",
            inlateout("eax") spill.as_ptr() => ret, // &spill in, result out
            in("ebx") a1,                            // argument 1: addr
            in("ecx") a2,                            // argument 2: length
            in("edx") a3,                            // argument 3: prot
            in("edi") a5,                            // argument 5: fd
        );
    }
    Errno::from_negated_return(ret)
}
