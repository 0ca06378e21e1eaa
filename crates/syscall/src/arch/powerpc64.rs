//! powerpc64 (little-endian, ELFv2): the `sc` instruction.
//!
//! | what           | where                                                   |
//! |----------------|---------------------------------------------------------|
//! | instruction    | `sc` (system call)                                      |
//! | call number    | `r0`                                                    |
//! | arguments 1..6 | `r3`, `r4`, `r5`, `r6`, `r7`, `r8`                      |
//! | result         | `r3`, over argument 1                                   |
//! | error          | `cr0.SO` set; then `r3` holds the *positive* errno      |
//! | overwritten    | `r0`, `r3`..`r12`, `ctr`, `xer`, `cr0`                  |
//! | preserved      | `r1` (stack), `r2` (TOC), `r13`..`r31`, other CR fields |
//!
//! PowerPC reports failure out of band. Success or failure is one bit in the
//! condition register: `cr0.SO`, the summary-overflow bit of condition field
//! 0, which a compare would set on overflow and the kernel reuses, clear on
//! success and set on error. On failure `r3` holds the errno as a positive
//! number, so the same `r3` value, say 22, means "returned 22" or "EINVAL"
//! depending on a bit elsewhere. Each block below copies the whole 32-bit
//! condition register into an ordinary register with `mfcr` right after
//! `sc`, and this file's `decode`, unlike the other architectures', tests
//! that bit instead of the -errno range.
//!
//! The kernel treats the registers the function-call ABI calls volatile
//! (`r0`, `r3`..`r12`, `ctr`, `xer`, `cr0`) as its to change, so all are
//! declared clobbered, including argument registers a call did not use.
//!
//! The flags. Rust counts nothing on PowerPC as flags (its inline assembly
//! there is still experimental), so the option `preserves_flags` would
//! promise the compiler nothing and rustc adds no clobber without it. What
//! the kernel does change, the condition field `cr0` and `xer`, is declared
//! clobbered instead; no block says `preserves_flags`.
//!
//! The kernel does not touch the user stack (`nostack`); it may read and
//! write memory we pass pointers to, so no block says `nomem` or `readonly`.

use crate::{Abi, Errno};

/// The table above, as data for traces.
pub(crate) const ABI: Abi = Abi {
    arch: "powerpc64",
    instruction: "sc",
    number: "r0",
    args: ["r3", "r4", "r5", "r6", "r7", "r8"],
    result: "r3",
};

/// cr0.SO as seen in the value `mfcr` copies. The condition register's
/// eight 4-bit fields are numbered from the most significant end: field 0
/// is bits 31..28, and within it LT, GT, EQ, SO, so SO is bit 28.
const CR0_SO: u32 = 1 << 28;

/// Turns `r3` and the condition register into a result: cr0.SO, not the
/// -errno range, tells an error (see above).
#[inline(always)]
fn decode(r3: usize, cr: u32) -> Result<usize, Errno> {
    if cr & CR0_SO != 0 {
        Err(Errno::from_raw(r3 as u16))
    } else {
        Ok(r3)
    }
}

/// Enters the kernel with no arguments.
///
/// # Safety
/// The call `nr` must be safe to make with no arguments (e.g. `getpid`).
#[inline(always)]
pub(crate) unsafe fn syscall0(nr: usize) -> Result<usize, Errno> {
    let ret: usize;
    let cr: u32;
    // SAFETY: the caller vouches for the call; the asm follows the ABI table
    // above and declares every register the kernel may change.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,    // the condition register, copied by mfcr
            inlateout("r0") nr => _, // call number in; r0 is not preserved
            lateout("r3") ret,       // result (or errno)
            lateout("r4") _,         // r4: volatile, not preserved
            lateout("r5") _,         // r5: volatile, not preserved
            lateout("r6") _,         // r6: volatile, not preserved
            lateout("r7") _,         // r7: volatile, not preserved
            lateout("r8") _,         // r8: volatile, not preserved
            lateout("r9") _,         // r9: volatile, not preserved
            lateout("r10") _,        // r10: volatile, not preserved
            lateout("r11") _,        // r11: volatile, not preserved
            lateout("r12") _,        // r12: volatile, not preserved
            lateout("ctr") _,        // count register: not preserved
            lateout("xer") _,        // fixed-point exception register: not preserved
            lateout("cr0") _,        // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
}

/// Enters the kernel with one argument.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: usize, a1: usize) -> Result<usize, Errno> {
    let ret: usize;
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            lateout("r4") _,           // r4: volatile, not preserved
            lateout("r5") _,           // r5: volatile, not preserved
            lateout("r6") _,           // r6: volatile, not preserved
            lateout("r7") _,           // r7: volatile, not preserved
            lateout("r8") _,           // r8: volatile, not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
}

/// Enters the kernel with two arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> Result<usize, Errno> {
    let ret: usize;
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            inlateout("r4") a2 => _,   // argument 2; not preserved
            lateout("r5") _,           // r5: volatile, not preserved
            lateout("r6") _,           // r6: volatile, not preserved
            lateout("r7") _,           // r7: volatile, not preserved
            lateout("r8") _,           // r8: volatile, not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
}

/// Enters the kernel with three arguments.
///
/// # Safety
/// The arguments must be what call `nr` expects; pointers must be valid.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> Result<usize, Errno> {
    let ret: usize;
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            inlateout("r4") a2 => _,   // argument 2; not preserved
            inlateout("r5") a3 => _,   // argument 3; not preserved
            lateout("r6") _,           // r6: volatile, not preserved
            lateout("r7") _,           // r7: volatile, not preserved
            lateout("r8") _,           // r8: volatile, not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
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
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            inlateout("r4") a2 => _,   // argument 2; not preserved
            inlateout("r5") a3 => _,   // argument 3; not preserved
            inlateout("r6") a4 => _,   // argument 4; not preserved
            lateout("r7") _,           // r7: volatile, not preserved
            lateout("r8") _,           // r8: volatile, not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
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
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            inlateout("r4") a2 => _,   // argument 2; not preserved
            inlateout("r5") a3 => _,   // argument 3; not preserved
            inlateout("r6") a4 => _,   // argument 4; not preserved
            inlateout("r7") a5 => _,   // argument 5; not preserved
            lateout("r8") _,           // r8: volatile, not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
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
    let cr: u32;
    // SAFETY: as in `syscall0`; the caller vouches for the arguments.
    unsafe {
        core::arch::asm!(
            "sc",
            "mfcr {cr}", // copy the condition register, cr0.SO included
            cr = lateout(reg) cr,      // the condition register, copied by mfcr
            inlateout("r0") nr => _,   // call number in; r0 is not preserved
            inlateout("r3") a1 => ret, // argument 1 in, result (or errno) out
            inlateout("r4") a2 => _,   // argument 2; not preserved
            inlateout("r5") a3 => _,   // argument 3; not preserved
            inlateout("r6") a4 => _,   // argument 4; not preserved
            inlateout("r7") a5 => _,   // argument 5; not preserved
            inlateout("r8") a6 => _,   // argument 6; not preserved
            lateout("r9") _,           // r9: volatile, not preserved
            lateout("r10") _,          // r10: volatile, not preserved
            lateout("r11") _,          // r11: volatile, not preserved
            lateout("r12") _,          // r12: volatile, not preserved
            lateout("ctr") _,          // count register: not preserved
            lateout("xer") _,          // fixed-point exception register: not preserved
            lateout("cr0") _,          // condition field 0: carries the error flag
            options(nostack),
        );
    }
    decode(ret, cr)
}
