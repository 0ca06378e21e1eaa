//! `_start` for loongarch64.

/// The ELF entry point.
///
/// On entry `$sp` points at argc and is 16-byte aligned; `bstrins.d` (insert
/// zero bits 3..0) makes sure. `$sp` goes to `entry` in `$a0`, the first
/// argument register; `$fp` is zeroed so a backtrace, which follows the
/// saved frame pointers, stops here (`$ra` needs no such care: `bl` writes
/// the return address into it). `break 0` traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "move $a0, $sp",               // argument 1 of entry: the initial stack pointer
        "bstrins.d $sp, $zero, 3, 0",  // 16-byte alignment
        "move $fp, $zero",             // outermost frame
        "bl {entry}",                  // never returns
        "break 0",
        entry = sym super::entry,
    )
}
