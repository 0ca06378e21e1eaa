//! `_start` for mips64 (n64 ABI).

/// The ELF entry point.
///
/// On entry `$sp` points at argc. MIPS code compiled in the usual
/// position-independent style reaches global data through `$gp`, and calls
/// functions through `$t9` (`$25`), which must hold the callee's address.
/// So: find our own address with `bal` (branch and link to the next
/// instruction, leaving it in `$ra`; the instruction after a branch, the
/// "delay slot", runs before the branch lands, hence the `nop`s), derive
/// `$gp` from it, align `$sp` to 16 bytes, put the stack pointer in `$a0`,
/// and call `entry` through `$t9`. `break` traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        ".set noreorder",                 // we fill the delay slots ourselves
        "bal 1f",                         // $ra = address of label 1
        "nop",                            // delay slot
        "1: lui $gp, %hi(%neg(%gp_rel(1b)))",
        "daddu $gp, $gp, $ra",            // $gp from our own address ...
        "daddiu $gp, $gp, %lo(%neg(%gp_rel(1b)))", // ... as the ABI defines it
        "move $a0, $sp",                  // argument 1 of entry: the initial stack pointer
        "daddiu $t0, $zero, -16",
        "and $sp, $sp, $t0",              // 16-byte alignment
        "move $fp, $zero",                // outermost frame
        "dla $t9, {entry}",               // calls go through $t9
        "jalr $t9",                       // never returns
        "nop",                            // delay slot
        "break",
        ".set reorder",
        entry = sym super::entry,
    )
}
