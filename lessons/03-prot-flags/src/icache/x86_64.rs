//! x86_64: nothing to do.
//!
//! x86 keeps instruction fetch coherent with data stores in hardware: a store
//! to a line that is also in the instruction cache (or already fetched and
//! decoded) invalidates it. Intel's manual (SDM vol. 3, "Self-modifying
//! code") asks only that a jump or a serializing instruction come between
//! the store and the execution of the stored bytes; here there are a system
//! call (mprotect) and a `call` in between.

/// Nothing to do on x86_64 (see the module comment).
///
/// # Safety
/// None needed here; the signature matches the aarch64 version, which reads
/// the range.
pub unsafe fn sync_for_execution(_start: *const u8, _len: usize) {}

/// One line for the lesson to print.
pub fn describe() -> &'static str {
    "x86_64 keeps instruction fetch coherent with stores in hardware: no cache maintenance needed"
}
