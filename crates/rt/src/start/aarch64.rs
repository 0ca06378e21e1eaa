//! `_start` for aarch64.

/// The ELF entry point.
///
/// On entry `sp` points at argc and is 16-byte aligned (the hardware faults
/// on a misaligned `sp` when it is used for a load or store, so the kernel
/// guarantees it). `sp` cannot be passed directly as a register operand to
/// most instructions, so it is copied into `x0`, the first argument register.
/// The frame pointer `x29` is zeroed so a backtrace, which follows the chain
/// of saved frame pointers, stops here. (The link register `x30` needs no
/// such care: `bl` writes the return address into it anyway.) `entry` never
/// returns, and `brk #0` would trap if it ever did.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "mov x29, #0",  // outermost frame: no saved frame pointer
        "mov x0, sp",   // argument 1 of entry: the initial stack pointer
        "bl {entry}",   // never returns
        "brk #0",
        entry = sym super::entry,
    )
}
