//! `_start` for riscv64.

/// The ELF entry point.
///
/// On entry `sp` points at argc and is 16-byte aligned. `gp`, the global
/// pointer, is set first: the linker may turn loads of small globals into
/// `gp`-relative ones ("relaxation"), which only works if `gp` holds the
/// linker's `__global_pointer$`. That load must itself not be relaxed (it
/// would use `gp` to set `gp`), hence `.option norelax` around it. Then `sp`
/// goes to `entry` in `a0`, the first argument register; `fp` is zeroed so
/// a backtrace, which follows the saved frame pointers, stops here (`ra`
/// needs no such care: `call` writes the return address into it). `unimp`
/// traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        ".option push",
        ".option norelax",
        "lla gp, __global_pointer$", // the global pointer, not relaxed
        ".option pop",
        "mv a0, sp",                 // argument 1 of entry: the initial stack pointer
        "andi sp, sp, -16",          // keep the ABI's 16-byte alignment
        "li fp, 0",                  // outermost frame
        "call {entry}",              // never returns
        "unimp",
        entry = sym super::entry,
    )
}
