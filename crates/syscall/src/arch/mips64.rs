//! mips64 (little-endian, n64 ABI): the `syscall` instruction.
//!
//! | what                  | where                                              |
//! |-----------------------|----------------------------------------------------|
//! | instruction           | `syscall`                                          |
//! | call number           | `$2` (`v0`); n64 numbers start at 5000             |
//! | arguments 1..6        | `$4`..`$9` (`a0`..`a5`)                            |
//! | result                | `$2` (`v0`)                                        |
//! | error flag            | `$7` (`a3`): 0 on success, 1 on error              |
//! | overwritten           | `v0` and `a3` (result and flag); `$1` (`at`),      |
//! |                       | `$10`..`$15` (`a6`, `a7`, `t0`..`t3`), `$24`       |
//! |                       | (`t8`), `hi`, `lo`; `v1` for the few calls that    |
//! |                       | return two values (the old `pipe`)                 |
//! | error                 | `a3` != 0: then `v0` holds the *positive* errno    |
//!
//! The "overwritten" row is what the kernel's usual way back to user mode
//! leaves changed: it reloads `$2`..`$7`, `$8` and `$9` (64-bit kernels),
//! `$25`, `$28` and `$31` from the frame saved at entry, with the result and
//! the flag stored into the `$2` and `$7` slots first (`RESTORE_SOME` in
//! arch/mips/include/asm/stackframe.h, reached from `syscall_exit_partial`;
//! the stores in arch/mips/kernel/scall64-n64.S), and the kernel's C code
//! keeps `$16`..`$23` and `$30` as any callee does. The blocks below declare
//! `a4`, `a5` and `t9` changed as well when they carry no argument: more
//! than the kernel changes, which costs a register and is never wrong.
//!
//! MIPS reports errors differently from most architectures: not as a
//! negative result in range, but with a separate flag register. `a3` is
//! argument 4 on the way in and the flag on the way out, so calls with four
//! or more arguments lose argument 4 (it is an in-and-out operand below).
//! The value in `v0` is then a plain positive errno, decoded by `decode`.
//!
//! Two more MIPS facts that reach user code through this crate: the errno
//! *numbers* differ from other architectures for some errors (EDQUOT is
//! 1133), and so do flag values such as `MAP_ANONYMOUS` (0x800 rather than
//! 0x20) and signal numbers (SIGBUS is 10): all come from `linux-raw-sys`.
//!
//! `$1` (`at`, the assembler's temporary) needs care. The kernel's system
//! call path saves and restores only the registers it must, and `at` is not
//! one of them: it comes back holding whatever the kernel left there. rustc
//! refuses `$1` as an asm operand or clobber ("reserved for assembler"), but
//! LLVM does not reserve it: `$1` is in the allocation order of its 64-bit
//! general register class, so compiled code may hold any value there,
//! for instance a 64-bit address being built (`lui $1, ...; dsll $1, $1, 16;
//! ...`), and that value may be live across an asm block. A block cannot
//! declare the clobber, so it must keep the value itself: every block
//! copies `at` into `s0` before `syscall` and back after it
//! (`s0` is one of the registers the kernel preserves, and `out("$16")`
//! tells the compiler it changes). qemu-user's emulated system call leaves
//! `at` alone, which is why only a real kernel showed this: PID 1 of a
//! `--vm` run died of SIGBUS (an address error, `ExcCode 04`) loading from
//! an address whose upper half was the kernel's leftover.
//!
//! `hi` and `lo` (the multiply/divide result registers) are overwritten
//! too (the fast return path does not reload them), and cannot be named in
//! an asm block at all, so no block declares them. That is an assumption,
//! not a proof: it holds while the compiler keeps no value in `hi`/`lo`
//! across a block. LLVM's code moves a product out with `mflo`/`mfhi` right
//! after the multiply, and nothing in this crate multiplies around a system
//! call, but no rule promises it (musl's C declares both clobbered). What
//! checks it is the `--vm` mips64el run, on a kernel that really changes
//! them: an out-of-line system call stub (a `global_asm!` function, after
//! which the C calling convention lets the compiler assume `hi` and `lo`
//! lost) would make it a guarantee.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "mips64",
    instruction: "syscall",
    number: "$2",
    args: ["$4", "$5", "$6", "$7", "$8", "$9"],
    result: "$2",
};

/// Turns the result register and the `a3` flag into a result.
#[inline(always)]
fn decode(v0: usize, a3: usize) -> Result<usize, Errno> {
    if a3 != 0 {
        Err(Errno::from_raw(v0 as u16))
    } else {
        Ok(v0)
    }
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments.
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let ret: usize;
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret, // call number in, result out
            lateout("$7") flag,        // a3: 0 on success, 1 on error
            lateout("$3") _,           // v1: the second result register
            lateout("$8") _,           // a4, when it carries no argument
            lateout("$9") _,           // a5, when it carries no argument
            lateout("$10") _,          // a6
            lateout("$11") _,          // a7
            lateout("$12") _,          // t0
            lateout("$13") _,          // t1
            lateout("$14") _,          // t2
            lateout("$15") _,          // t3
            lateout("$24") _,          // t8
            lateout("$25") _,          // t9
            out("$16") _,              // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
}

/// Enters the kernel with 1 argument.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let ret: usize;
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret, // call number in, result out
            in("$4") a1,               // argument 1
            lateout("$7") flag,        // a3: 0 on success, 1 on error
            lateout("$3") _,           // v1: the second result register
            lateout("$8") _,           // a4, when it carries no argument
            lateout("$9") _,           // a5, when it carries no argument
            lateout("$10") _,          // a6
            lateout("$11") _,          // a7
            lateout("$12") _,          // t0
            lateout("$13") _,          // t1
            lateout("$14") _,          // t2
            lateout("$15") _,          // t3
            lateout("$24") _,          // t8
            lateout("$25") _,          // t9
            out("$16") _,              // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
}

/// Enters the kernel with 2 arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let ret: usize;
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret, // call number in, result out
            in("$4") a1,               // argument 1
            in("$5") a2,               // argument 2
            lateout("$7") flag,        // a3: 0 on success, 1 on error
            lateout("$3") _,           // v1: the second result register
            lateout("$8") _,           // a4, when it carries no argument
            lateout("$9") _,           // a5, when it carries no argument
            lateout("$10") _,          // a6
            lateout("$11") _,          // a7
            lateout("$12") _,          // t0
            lateout("$13") _,          // t1
            lateout("$14") _,          // t2
            lateout("$15") _,          // t3
            lateout("$24") _,          // t8
            lateout("$25") _,          // t9
            out("$16") _,              // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
}

/// Enters the kernel with 3 arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let ret: usize;
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret, // call number in, result out
            in("$4") a1,               // argument 1
            in("$5") a2,               // argument 2
            in("$6") a3,               // argument 3
            lateout("$7") flag,        // a3: 0 on success, 1 on error
            lateout("$3") _,           // v1: the second result register
            lateout("$8") _,           // a4, when it carries no argument
            lateout("$9") _,           // a5, when it carries no argument
            lateout("$10") _,          // a6
            lateout("$11") _,          // a7
            lateout("$12") _,          // t0
            lateout("$13") _,          // t1
            lateout("$14") _,          // t2
            lateout("$15") _,          // t3
            lateout("$24") _,          // t8
            lateout("$25") _,          // t9
            out("$16") _,              // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
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
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret,  // call number in, result out
            in("$4") a1,                // argument 1
            in("$5") a2,                // argument 2
            in("$6") a3,                // argument 3
            inlateout("$7") a4 => flag, // argument 4 in, error flag out
            lateout("$3") _,            // v1: the second result register
            lateout("$8") _,            // a4, when it carries no argument
            lateout("$9") _,            // a5, when it carries no argument
            lateout("$10") _,           // a6
            lateout("$11") _,           // a7
            lateout("$12") _,           // t0
            lateout("$13") _,           // t1
            lateout("$14") _,           // t2
            lateout("$15") _,           // t3
            lateout("$24") _,           // t8
            lateout("$25") _,           // t9
            out("$16") _,               // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
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
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret,  // call number in, result out
            in("$4") a1,                // argument 1
            in("$5") a2,                // argument 2
            in("$6") a3,                // argument 3
            inlateout("$7") a4 => flag, // argument 4 in, error flag out
            in("$8") a5,                // argument 5
            lateout("$3") _,            // v1: the second result register
            lateout("$9") _,            // a5, when it carries no argument
            lateout("$10") _,           // a6
            lateout("$11") _,           // a7
            lateout("$12") _,           // t0
            lateout("$13") _,           // t1
            lateout("$14") _,           // t2
            lateout("$15") _,           // t3
            lateout("$24") _,           // t8
            lateout("$25") _,           // t9
            out("$16") _,               // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
}

/// Enters the kernel with 6 arguments.
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
    let flag: usize;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            // $at may not be named as an operand, so the template keeps it
            // itself: copied to s0 (which the kernel preserves) and back.
            ".set push",
            ".set noat",
            "move $16, $1",
            "syscall",
            "move $1, $16",
            ".set pop",
            inlateout("$2") nr => ret,  // call number in, result out
            in("$4") a1,                // argument 1
            in("$5") a2,                // argument 2
            in("$6") a3,                // argument 3
            inlateout("$7") a4 => flag, // argument 4 in, error flag out
            in("$8") a5,                // argument 5
            in("$9") a6,                // argument 6
            lateout("$3") _,            // v1: the second result register
            lateout("$10") _,           // a6
            lateout("$11") _,           // a7
            lateout("$12") _,           // t0
            lateout("$13") _,           // t1
            lateout("$14") _,           // t2
            lateout("$15") _,           // t3
            lateout("$24") _,           // t8
            lateout("$25") _,           // t9
            out("$16") _,               // s0: holds $at across the call
            options(nostack),
        );
    }
    decode(ret, flag)
}
