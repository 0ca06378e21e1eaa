//! `_start` for s390x.

/// The ELF entry point.
///
/// On entry `r15` (the stack pointer) points at argc. The s390x ABI gives
/// every called function the right to save registers into a 160-byte area
/// at its caller's stack pointer, so we step `r15` down by 160 before
/// calling, and zero the first doubleword there: the back chain, where
/// backtraces stop. `sp` goes to `entry` in `r2`, the first argument
/// register; `brasl` branches and saves the return address in `r14`. The
/// two zero bytes after it are an invalid instruction, which traps if
/// `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "lgr %r2, %r15",         // argument 1 of entry: the initial stack pointer
        "aghi %r15, -160",       // the register save area the callee may use
        "xc 0(8, %r15), 0(%r15)", // zero back chain: outermost frame
        "brasl %r14, {entry}",   // never returns
        ".word 0",
        entry = sym super::entry,
    )
}
