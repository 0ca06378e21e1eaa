//! `_start` for powerpc64 (little-endian, ELFv2 ABI).

/// The ELF entry point.
///
/// On entry `r1` (the stack pointer) points at argc. Two things must be set
/// up before any compiled code runs:
///
/// - `r2`, the TOC pointer: compiled code reaches global data relative to
///   it. Its value is the linker's `.TOC.` symbol; we compute it relative to
///   our own address, which `bcl 20,31` ("branch and link, always, to the
///   next instruction") leaves in the link register.
/// - a stack frame: ELFv2 functions may store into the 32-byte area above
///   their caller's stack pointer, and the first doubleword of a frame is the
///   back chain to the previous one. `stdu` makes a 32-byte frame whose back
///   chain is 0, which is also where backtraces stop.
///
/// Then `sp` goes to `entry` in `r3`, the first argument register. The `nop`
/// after `bl` is the slot the linker would fill to restore `r2` if `entry`
/// used another TOC; `trap` traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "bcl 20, 31, 1f",             // lr = address of label 1
        "1: mflr 12",
        "addis 2, 12, (.TOC.-1b)@ha", // r2 = .TOC., relative to label 1
        "addi 2, 2, (.TOC.-1b)@l",
        "mr 3, 1",                    // argument 1 of entry: the initial stack pointer
        "clrrdi 1, 1, 4",             // 16-byte alignment
        "li 0, 0",
        "stdu 0, -32(1)",             // a minimal frame with a zero back chain
        "bl {entry}",                 // never returns
        "nop",
        "trap",
        entry = sym super::entry,
    )
}
