//! x86 (32-bit, i686): the `int 0x80` instruction.
//!
//! | what           | where                                    |
//! |----------------|------------------------------------------|
//! | instruction    | `int 0x80` (software interrupt 128)      |
//! | call number    | `eax`                                    |
//! | arguments 1..6 | `ebx`, `ecx`, `edx`, `esi`, `edi`, `ebp` |
//! | result         | `eax`, over the call number              |
//! | error          | `eax` in `-4095..=-1`: the negated errno |
//! | overwritten    | only `eax`                               |
//! | preserved      | every other register, the flags          |
//!
//! The table is simple; using it from Rust is not. x86 has so few registers
//! that the compiler reserves two of the six argument registers for itself:
//! `ebp` (the frame pointer) and `esi` (a base pointer for functions whose
//! stack frames need one). Neither may be named as an asm operand. So:
//!
//! - with four or five arguments, argument 4 arrives in a register the
//!   compiler chose, and `xchg` swaps it into `esi` for the call and swaps
//!   the compiler's value back afterwards;
//! - with six arguments there is not even a free register left, so arguments
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
//!
//! The flags. The option `preserves_flags` promises the compiler that a
//! block leaves what Rust counts as flags on x86 as it found them: the
//! status flags of `eflags` (CF, PF, AF, ZF, SF, OF), the x87 status word
//! and the exception flags of MXCSR. The kernel keeps that promise. `int`
//! pushes `eflags` on the kernel's stack, and the kernel's way out loads it
//! back from the saved frame (`iret`). The x87 and SSE state are the task's
//! own, which the kernel saves before it uses those registers itself and
//! restores before the return. The instructions the blocks add around
//! `int 0x80` (`xchg`, `push`, `pop`, `mov`) change no flag. So every block
//! says `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`, but for the
//! six-argument block's own pushes); it may read and write memory we pass
//! pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "x86",
    instruction: "int 0x80",
    number: "eax",
    args: ["ebx", "ecx", "edx", "esi", "edi", "ebp"],
    result: "eax",
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
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
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
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
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
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
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
            "int 0x80",
            inlateout("eax") nr => ret, // call number in, result out
            in("ebx") a1,               // argument 1
            in("ecx") a2,               // argument 2
            in("edx") a3,               // argument 3
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
    // SAFETY: as in `syscall0`; the caller vouches for the arguments. esi
    // belongs to the compiler: the xchg pair lends it to the kernel and
    // gives the compiler's value back.
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
    // Argument 4, argument 6 and the call number, for the asm to load into
    // esi, ebp and eax once the compiler's esi and ebp are saved.
    let spill = [a4, a6, nr];
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    // `spill` lives across the asm, which only reads it; the asm pushes and
    // pops the same two registers, leaving esp as it found it.
    unsafe {
        core::arch::asm!(
            "push ebp",           // save the compiler's frame pointer
            "push esi",           // and its base pointer
            "mov esi, [eax]",     // argument 4
            "mov ebp, [eax + 4]", // argument 6
            "mov eax, [eax + 8]", // the call number, last: eax held the address
            "int 0x80",
            "pop esi",
            "pop ebp",
            inlateout("eax") spill.as_ptr() => ret, // &spill in, result out
            in("ebx") a1,                            // argument 1
            in("ecx") a2,                            // argument 2
            in("edx") a3,                            // argument 3
            in("edi") a5,                            // argument 5
            options(preserves_flags),
        );
    }
    decode(ret)
}
