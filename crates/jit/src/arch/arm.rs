//! 32-bit ARM: `mov r0, #42; bx lr`, then ARM Linux's cacheflush call.
//!
//! As on aarch64, the instruction cache is not coherent with data stores,
//! but on 32-bit ARM the cache-maintenance instructions are privileged: user
//! code cannot clean or invalidate lines itself. ARM Linux therefore has a
//! private system call, `cacheflush(start, end, 0)`, numbered in the ARM
//! private range (`__ARM_NR_cacheflush`, 0x0f0002).

/// Return 42 in the A32 instruction set: two 32-bit instructions, stored
/// little-endian. The result goes in `r0`; `bx lr` branches to the return
/// address in the link register.
pub const RETURN_42: &[u8] = &[
    // mov r0, #42: cond=1110 (always), data-processing immediate, opcode
    // 1101 (MOV), Rd=0, rotate 0, imm8=42: 0xe3a0002a.
    0x2a, 0x00, 0xa0, 0xe3, //
    // bx lr: cond=1110, 0x12fff1, Rm=14 (lr): 0xe12fff1e.
    0x1e, 0xff, 0x2f, 0xe1,
];

/// Cleans the data cache and invalidates the instruction cache for the
/// range, through the kernel.
///
/// # Safety
/// None beyond a valid range; the call changes no memory.
pub unsafe fn sync_for_execution(start: *const u8, len: usize) {
    let (start, end) = (start as usize, start as usize + len);
    // SAFETY: the kernel only maintains caches for the range.
    let _ = unsafe {
        syscall::syscall3(
            linux_raw_sys::general::__ARM_NR_cacheflush as usize,
            start,
            end,
            0,
        )
    };
}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "arm: cache maintenance is privileged; ARM Linux's cacheflush(start, end, 0) does it"
}
