//! mips64: `jr $ra` with `addiu $v0, $zero, 42` in its delay slot, then the
//! kernel's cacheflush call.
//!
//! MIPS caches are not coherent between the instruction and data sides, and
//! the portable way for a Linux program to fix that is the system call
//! `cacheflush(addr, nbytes, BCACHE)`, which writes back the data cache and
//! invalidates the instruction cache for the range.

/// cacheflush's third argument: flush both caches. `ICACHE` is 1 and
/// `DCACHE` is 2 in the kernel's `asm/cachectl.h` (see cacheflush(2)); the
/// header is not among those `linux-raw-sys` generates, so the value is
/// written out here.
const BCACHE: usize = 3;

/// Return 42: two 32-bit instructions, stored little-endian. On MIPS the
/// instruction after a jump (its delay slot) runs before the jump lands, so
/// the return comes first and the result is set in the slot.
pub const RETURN_42: &[u8] = &[
    // jr $ra: SPECIAL opcode 0, rs=31, function 001000: 0x03e00008.
    0x08, 0x00, 0xe0, 0x03, //
    // addiu $v0, $zero, 42: opcode 001001, rs=0, rt=2 ($v0), imm=42:
    // 0x2402002a.
    0x2a, 0x00, 0x02, 0x24,
];

/// Writes back the data cache and invalidates the instruction cache for
/// the range, through the kernel.
///
/// # Safety
/// None beyond a valid range; the call changes no memory.
pub unsafe fn sync_for_execution(start: *const u8, len: usize) {
    // SAFETY: the kernel only maintains caches for the range.
    let _ = unsafe {
        syscall::syscall3(
            linux_raw_sys::general::__NR_cacheflush as usize,
            start as usize,
            len,
            BCACHE,
        )
    };
}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "mips64: cacheflush(addr, len, BCACHE) writes back the data cache and invalidates the instruction cache"
}
