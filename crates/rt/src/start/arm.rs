//! `_start` for 32-bit ARM.

/// The ELF entry point.
///
/// On entry `sp` points at argc. The ARM procedure-call standard wants `sp`
/// 8-byte aligned at every public call; `bic` clears the low three bits to
/// make sure. `sp` goes to `entry` in `r0`, the first argument register; the
/// frame pointer (`r11` in A32 code) is zeroed so a backtrace, which follows
/// the saved frame pointers, stops here (the link register needs no such
/// care: `bl` writes the return address into it). `udf` (permanently
/// undefined) traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "mov r0, sp",        // argument 1 of entry: the initial stack pointer
        "bic sp, sp, #7",    // 8-byte alignment for the call
        "mov r11, #0",       // outermost frame
        "bl {entry}",        // never returns
        "udf #0",
        entry = sym super::entry,
    )
}
