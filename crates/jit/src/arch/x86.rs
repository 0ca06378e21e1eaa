//! i686: `mov eax, 42; ret`, and no cache maintenance.
//!
//! 32-bit x86 returns integers in `eax` too, and the two instructions encode
//! exactly as on x86_64. Like every x86, it keeps instruction fetch coherent
//! with data stores in hardware; the system call (mprotect) and the `call`
//! between the store and the execution are the serialization Intel's manual
//! asks for.

/// Return 42, in 6 bytes: `mov eax, 42` (B8, then 42 as a little-endian
/// 32-bit immediate) and `ret` (C3).
pub const RETURN_42: &[u8] = &[0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3];

/// Nothing to do on x86.
///
/// # Safety
/// None needed here; the signature matches the other architectures'.
pub unsafe fn sync_for_execution(_start: *const u8, _len: usize) {}

/// One line for the lesson to print.
pub fn describe() -> impl core::fmt::Display {
    "x86 keeps instruction fetch coherent with stores in hardware: no cache maintenance needed"
}
