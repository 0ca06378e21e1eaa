//! loongarch64: `addi.w $a0, $zero, 42; jirl $zero, $ra, 0`, then `ibar 0`.
//!
//! LoongArch's instruction barrier `ibar 0` makes later instruction fetches
//! on this core see earlier stores (the hardware keeps the caches of
//! different cores coherent with each other).

use core::arch::asm;

/// Return 42: two 32-bit instructions, stored little-endian. The result
/// goes in `$a0`; `jirl $zero, $ra, 0` jumps to the return address.
pub const RETURN_42: &[u8] = &[
    // addi.w $a0, $zero, 42: 2RI12 format, opcode 0x02800000, si12=42 at
    // bits 10..21, rj=0 at bits 5..9, rd=4 ($a0): 0x0280a804.
    0x04, 0xa8, 0x80, 0x02, //
    // jirl $zero, $ra, 0: opcode 0x4c000000, offs16=0, rj=1 ($ra), rd=0:
    // 0x4c000020.
    0x20, 0x00, 0x00, 0x4c,
];

/// Orders earlier stores before later instruction fetches.
///
/// # Safety
/// None: a barrier changes no register or memory.
pub unsafe fn sync_for_execution(_start: *const u8, _len: usize) {
    // SAFETY: a barrier; no `nomem`: the code's stores must come first.
    unsafe { asm!("ibar 0", options(nostack)) };
}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "loongarch64: ibar 0 makes instruction fetch see the stores"
}
