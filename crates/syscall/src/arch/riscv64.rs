//! riscv64: the `ecall` instruction.
//!
//! | what           | where                                                   |
//! |----------------|---------------------------------------------------------|
//! | instruction    | `ecall` (environment call)                              |
//! | call number    | `a7`                                                    |
//! | arguments 1..6 | `a0`, `a1`, `a2`, `a3`, `a4`, `a5`                      |
//! | result         | `a0`, over argument 1                                   |
//! | error          | `a0` in `-4095..=-1`: the negated errno                 |
//! | overwritten    | `a0`; the vector registers and vector state (see below) |
//! | preserved      | every other integer and float register, `sp`            |
//!
//! The integer side is the tidy RISC convention, the same shape as aarch64:
//! arguments where a function call would put them, the number in a register
//! of its own (`a7`, the last argument register), the result over argument 1.
//!
//! The surprise is the vector unit. The kernel's documentation for the V
//! extension says the vector registers are *not* preserved across a system
//! call (saving up to 32 registers of implementation-defined width on every
//! call would be expensive, and few programs keep vectors live across one).
//! So every block below declares `v0`..`v31` clobbered (the `ecall!` macro
//! adds them): on a CPU with V, the compiler must not keep a vector value in
//! them across the `ecall`. (Naming them costs nothing on a CPU without V.)
//! The vector control state (`vl`, `vtype`, `vstart`) is not preserved
//! either: the next paragraph says how `vl` and `vtype` are declared, and
//! `vstart` is 0 after every vector instruction.
//!
//! The flags. The option `preserves_flags` would promise the compiler that a
//! block leaves what Rust counts as flags on RISC-V as it found them: the
//! floating-point exception flags (`fflags`) and the vector state `vtype`,
//! `vl` and `vcsr`. The kernel does not keep that promise, since a system
//! call may discard the vector state. So no block says `preserves_flags`,
//! and for a block without it rustc itself declares `vtype`, `vl`, `vxsat`
//! and `vxrm` changed: LLVM sets `vl` and `vtype` again before its next
//! vector instruction.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// `asm!("ecall", <operands>)` with every vector register, `v0`..`v31`,
/// declared clobbered (see above) and `nostack`: written once here rather
/// than in each of the seven blocks. Used inside an `unsafe` block.
macro_rules! ecall {
    ($($operands:tt)*) => {
        core::arch::asm!(
            "ecall",
            $($operands)*
            lateout("v0") _, lateout("v1") _, lateout("v2") _, lateout("v3") _,
            lateout("v4") _, lateout("v5") _, lateout("v6") _, lateout("v7") _,
            lateout("v8") _, lateout("v9") _, lateout("v10") _, lateout("v11") _,
            lateout("v12") _, lateout("v13") _, lateout("v14") _, lateout("v15") _,
            lateout("v16") _, lateout("v17") _, lateout("v18") _, lateout("v19") _,
            lateout("v20") _, lateout("v21") _, lateout("v22") _, lateout("v23") _,
            lateout("v24") _, lateout("v25") _, lateout("v26") _, lateout("v27") _,
            lateout("v28") _, lateout("v29") _, lateout("v30") _, lateout("v31") _,
            options(nostack),
        )
    };
}

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "riscv64",
    instruction: "ecall",
    number: "a7",
    args: ["a0", "a1", "a2", "a3", "a4", "a5"],
    result: "a0",
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
        ecall!(
            in("a7") nr,       // call number
            lateout("a0") ret, // result
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
            in("a1") a2,               // argument 2
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
            in("a1") a2,               // argument 2
            in("a2") a3,               // argument 3
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
            in("a1") a2,               // argument 2
            in("a2") a3,               // argument 3
            in("a3") a4,               // argument 4
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
            in("a1") a2,               // argument 2
            in("a2") a3,               // argument 3
            in("a3") a4,               // argument 4
            in("a4") a5,               // argument 5
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
        ecall!(
            in("a7") nr,               // call number
            inlateout("a0") a1 => ret, // argument 1 in, result out
            in("a1") a2,               // argument 2
            in("a2") a3,               // argument 3
            in("a3") a4,               // argument 4
            in("a4") a5,               // argument 5
            in("a5") a6,               // argument 6
        );
    }
    decode(ret)
}
