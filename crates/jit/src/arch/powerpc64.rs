//! powerpc64: `li r3, 42; blr`, then the Power ISA's sequence for
//! self-modifying code.
//!
//! For each cache block of the range: `dcbst` (data cache block store:
//! write the block to memory), then `sync` (wait for those), then `icbi`
//! (instruction cache block invalidate), then `isync` (discard prefetched
//! instructions). The block size is a property of the CPU (128 bytes on
//! POWER8 to POWER10); stepping by a smaller size, as below, repeats work on
//! the same block but is never wrong.

use core::arch::asm;

/// The step used to walk the range: no 64-bit Power CPU Linux runs on has
/// cache blocks smaller than this. (That holds for 64-bit only: 32-bit
/// PowerPC cores such as the 8xx have 16-byte lines, which is why the
/// kernel's `L1_CACHE_SHIFT` is 4 for them; this file serves powerpc64.)
const STEP: usize = 32;

/// Return 42: two 32-bit instructions, stored little-endian. The result
/// goes in `r3`; `blr` branches to the link register. (The function needs no
/// TOC pointer, so calling it through a plain function pointer is fine.)
pub const RETURN_42: &[u8] = &[
    // li r3, 42 = addi r3, 0, 42: opcode 14 (0x38000000), RT=3 at bits
    // 21..25, RA=0, SI=42: 0x3860002a.
    0x2a, 0x00, 0x60, 0x38, //
    // blr = bclr 20, 0: 0x4e800020.
    0x20, 0x00, 0x80, 0x4e,
];

/// Writes back the data cache and invalidates the instruction cache for
/// the range.
///
/// # Safety
/// The range must be mapped; the instructions are checked like loads.
pub unsafe fn sync_for_execution(start: *const u8, len: usize) {
    let end = start as usize + len;
    let mut block = start as usize & !(STEP - 1);
    while block < end {
        // SAFETY: `block` lies in the caller's mapped range (rounded down
        // within its page); no `nomem`: the code's stores must come first.
        unsafe { asm!("dcbst 0, {0}", in(reg_nonzero) block, options(nostack)) };
        block += STEP;
    }
    // SAFETY: a barrier.
    unsafe { asm!("sync", options(nostack)) };
    let mut block = start as usize & !(STEP - 1);
    while block < end {
        // SAFETY: as for dcbst.
        unsafe { asm!("icbi 0, {0}", in(reg_nonzero) block, options(nostack)) };
        block += STEP;
    }
    // SAFETY: barriers.
    unsafe { asm!("sync", "isync", options(nostack)) };
}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "powerpc64: dcbst / sync / icbi / isync over the code, per cache block"
}
