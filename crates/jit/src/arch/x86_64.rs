//! x86_64: `mov eax, 42; ret`, and no cache maintenance.
//!
//! x86 keeps instruction fetch coherent with data stores in hardware: a store
//! to a line that is also in the instruction cache (or already fetched and
//! decoded) invalidates it. Intel's manual (SDM vol. 3, "Self-modifying
//! code") asks only that a jump or a serializing instruction come between
//! the store and the execution of the stored bytes; here there are a system
//! call (mprotect) and a `call` in between.

/// Return 42, in 6 bytes. The C calling convention returns a 32-bit value
/// in `eax`; `ret` pops the return address that `call` pushed.
pub const RETURN_42: &[u8] = &[
    // mov eax, 42: opcode B8+r is "mov r32, imm32" and eax is register 0,
    // so B8; then the 32-bit immediate, little-endian: 2A 00 00 00.
    // (Writing eax also clears the top half of rax.)
    0xb8, 0x2a, 0x00, 0x00, 0x00, //
    // ret (near return): C3.
    0xc3,
];

/// Nothing to do on x86_64 (see the module comment).
///
/// # Safety
/// None needed here; the signature matches the aarch64 version, which reads
/// the range.
pub unsafe fn sync_for_execution(_start: *const u8, _len: usize) {}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "x86_64 keeps instruction fetch coherent with stores in hardware: no cache maintenance needed"
}
