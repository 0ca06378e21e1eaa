//! riscv64: `li a0, 42; ret`, then ask the kernel to flush instruction
//! caches.
//!
//! RISC-V's `fence.i` makes this hart's instruction fetches see its earlier
//! stores, but only on this hart: the scheduler may move the thread to
//! another one before it runs the code. So Linux offers a system call,
//! `riscv_flush_icache(start, end, flags)`, that makes the range coherent on
//! every hart the process may run on (with flags 0).

/// Return 42: two 32-bit instructions, stored little-endian. The result
/// goes in `a0`; `ret` jumps to the address in `ra`.
pub const RETURN_42: &[u8] = &[
    // li a0, 42 = addi a0, zero, 42 (I-type): imm=42 in bits 20..31, rs1=0,
    // funct3=000, rd=10 (a0) in bits 7..11, opcode 0010011:
    // (42 << 20) | (10 << 7) | 0x13 = 0x02a00513.
    0x13, 0x05, 0xa0, 0x02, //
    // ret = jalr zero, 0(ra): rs1=1 (ra), rd=0, opcode 1100111: 0x00008067.
    0x67, 0x80, 0x00, 0x00,
];

/// Flushes the instruction caches for `start..start+len` on every hart.
///
/// # Safety
/// None beyond a valid range; the call changes no memory.
pub unsafe fn sync_for_execution(start: *const u8, len: usize) {
    let (start, end) = (start as usize, start as usize + len);
    // SAFETY: the kernel only flushes caches; flags 0 means "all harts".
    let _ = unsafe {
        syscall::syscall3(
            linux_raw_sys::general::__NR_riscv_flush_icache as usize,
            start,
            end,
            0,
        )
    };
}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "riscv64: fence.i only covers this hart; riscv_flush_icache(start, end, 0) covers every hart"
}
