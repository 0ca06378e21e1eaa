//! mips64 (little-endian, n64 ABI): the `syscall` instruction.
//!
//! | what           | where                                                      |
//! |----------------|------------------------------------------------------------|
//! | instruction    | `syscall`                                                  |
//! | call number    | `$2` (`v0`); n64 numbers start at 5000                     |
//! | arguments 1..6 | `$4`..`$9` (`a0`..`a5`)                                    |
//! | result         | `$2` (`v0`), over the call number                          |
//! | error          | `$7` (`a3`) set to 1; then `v0` holds the *positive* errno |
//! | overwritten    | `v0`, `a3`, and more (the list below)                      |
//! | preserved      | `sp`, `s0`..`s8`, and the registers reloaded (below)       |
//!
//! What the kernel's usual way back to user mode leaves changed:
//!
//! - `$2` (`v0`) and `$7` (`a3`): the result and the error flag, 0 on
//!   success and 1 on error;
//! - `$3` (`v1`), for the few calls that return two values (the old `pipe`);
//! - `$1` (`at`), `$10`..`$15` (`a6`, `a7`, `t0`..`t3`), `$24` (`t8`), `hi`
//!   and `lo`: the way back does not reload them.
//!
//! The way back reloads `$2`..`$7`, `$8` and `$9` (64-bit kernels), `$25`,
//! `$28` and `$31` from the frame saved at entry, with the result and the
//! flag stored into the `$2` and `$7` slots first (`RESTORE_SOME` in
//! arch/mips/include/asm/stackframe.h, reached from `syscall_exit_partial`;
//! the stores in arch/mips/kernel/scall64-n64.S), and the kernel's C code
//! keeps `$16`..`$23` and `$30` as any callee does.
//!
//! MIPS reports errors differently from most architectures: not as a
//! negative result in range, but with a separate flag register. `a3` is
//! argument 4 on the way in and the flag on the way out, so calls with four
//! or more arguments lose argument 4. The value in `v0` is then a plain
//! positive errno; the function below negates it, so that the result reads
//! as on every other architecture (MIPS's largest errno, 1133, is far from
//! any address or size a call returns).
//!
//! Two more MIPS facts that reach user code through this crate: the errno
//! *numbers* differ from other architectures for some errors (EDQUOT is
//! 1133), and so do flag values such as `MAP_ANONYMOUS` (0x800 rather than
//! 0x20) and signal numbers (SIGBUS is 10): all come from `linux-raw-sys`.
//!
//! Unlike the other architectures, the `syscall` instruction is not in an
//! inline asm block but in one small function of its own, written in
//! assembly below (`global_asm!`) and called through the C calling
//! convention. Three registers the kernel changes cannot be declared to
//! the compiler from an asm block:
//!
//! - `$1` (`at`, the assembler's temporary). The kernel's usual way back
//!   does not reload it. rustc refuses `$1` as an asm operand or clobber
//!   ("reserved for assembler"), but LLVM does not reserve it: `$1` is in
//!   the allocation order of its 64-bit general register class, so compiled
//!   code may hold any value there, for instance a 64-bit address being
//!   built (`lui $1, ...; dsll $1, $1, 16; ...`), live across the asm block.
//!   qemu-user's emulated system call leaves `at` alone, which is why only
//!   a real kernel showed this: PID 1 of a `--vm` run once died of SIGBUS
//!   (an address error, `ExcCode 04`) loading from an address whose upper
//!   half was the kernel's leftover.
//! - `hi` and `lo`, the multiply/divide result registers: not reloaded
//!   either, and not nameable in an asm block at all (musl's C declares
//!   both clobbered).
//!
//! A call, though, says it all: the n64 calling convention makes `$1`,
//! `hi`, `lo` and every register the kernel changes caller-saved, so at a
//! call the compiler already assumes them lost, and keeps nothing there.
//! The price is a call and a return per system call, nothing next to the
//! system call itself. The convention also puts the C arguments 1 to 6 in
//! `$4`..`$9`, exactly where the kernel wants the system call's, so the
//! function only moves the number (its 7th argument, in `$10`) into `v0`.
//!
//! The flags. MIPS has no flags register, Rust counts nothing on MIPS as
//! flags, and the call to the function carries no asm options at all; the C
//! calling convention says what it may change.
//!
//! The kernel may read and write memory we pass pointers to; the function
//! touches no stack and no memory itself.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "mips64",
    instruction: "syscall",
    number: "$2",
    args: ["$4", "$5", "$6", "$7", "$8", "$9"],
    result: "$2",
};

/// Turns the function's result into a result: the -errno convention, as
/// on the other architectures, since the function negates MIPS's positive
/// errno (see above).
#[inline(always)]
fn decode(ret: usize) -> Result<usize, Errno> {
    Errno::from_negated_return(ret)
}

// The out-of-line system call, `mmap_course_mips64_syscall(a1, .., a6, nr)`:
// the arguments are already in $4..$9 (C arguments 1..6), the number comes
// in $10 (C argument 7). On an error (a3 != 0) the positive errno in v0 is
// negated, so the result reads as on every other architecture. The code
// is in `noreorder` mode, so the instruction after each jump or branch
// (its delay slot) is written out, not filled in by the assembler.
// A restarted system call (after a signal) is safe: the kernel restarts
// by stepping EPC back one instruction, onto `syscall`, with v0 set back
// to the number it saved (arch/mips/kernel/signal.c).
core::arch::global_asm!(
    ".pushsection .text.mmap_course_mips64_syscall,\"ax\",@progbits",
    ".p2align 2",
    ".globl mmap_course_mips64_syscall",
    ".type mmap_course_mips64_syscall,@function",
    ".set push",
    ".set noreorder",
    "mmap_course_mips64_syscall:",
    "    move $2, $10", // v0: the call number
    "    syscall",
    "    bnez $7, 1f",      // a3 != 0: v0 holds a positive errno
    "    nop",              // (delay slot)
    "    jr $31",           // success: return v0 as it is
    "    nop",              // (delay slot)
    "1:  jr $31",           // error: return -errno,
    "    dsubu $2, $0, $2", // negated in the delay slot
    ".set pop",
    ".size mmap_course_mips64_syscall, .-mmap_course_mips64_syscall",
    ".popsection",
);

unsafe extern "C" {
    /// The function above. Unused arguments are passed as 0.
    fn mmap_course_mips64_syscall(
        a1: usize,
        a2: usize,
        a3: usize,
        a4: usize,
        a5: usize,
        a6: usize,
        nr: usize,
    ) -> usize;
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments (e.g. `getpid`).
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    // SAFETY: the caller vouches for the call; the function follows the ABI
    // table above, and as a C function it may change exactly the registers
    // the compiler already treats as lost at a call.
    decode(unsafe { mmap_course_mips64_syscall(0, 0, 0, 0, 0, 0, nr) })
}

/// Enters the kernel with one argument.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, 0, 0, 0, 0, 0, nr) })
}

/// Enters the kernel with two arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, a2, 0, 0, 0, 0, nr) })
}

/// Enters the kernel with three arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, a2, a3, 0, 0, 0, nr) })
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
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, a2, a3, a4, 0, 0, nr) })
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
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, a2, a3, a4, a5, 0, nr) })
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
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    decode(unsafe { mmap_course_mips64_syscall(a1, a2, a3, a4, a5, a6, nr) })
}
