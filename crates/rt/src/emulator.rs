//! Knowing when QEMU user mode, not a kernel, gives an answer.
//!
//! `cargo xtask` runs a lesson for another architecture under QEMU user
//! mode and says so in `MMAP_LESSON_EMULATOR` (the emulator's path; unset
//! when the lesson runs natively). Lessons use it only where QEMU is known
//! to answer differently from a kernel, to state that difference instead of
//! hiding it.

use core::ffi::CStr;

/// The variable `cargo xtask` sets for a lesson running under QEMU.
pub const EMULATOR_VAR: &str = "MMAP_LESSON_EMULATOR";

/// The emulator this program runs under, if `cargo xtask` said so.
pub fn emulator() -> Option<&'static CStr> {
    crate::env(EMULATOR_VAR).filter(|path| !path.is_empty())
}

/// True for a 32-bit program under QEMU user mode on a 64-bit host. QEMU
/// then reserves the guest's whole 4 GiB address space in the host when it
/// starts, so an address the program never mapped is still mapped
/// (PROT_NONE) as far as the host kernel can tell. Calls about such a range
/// that QEMU hands to the host (msync, mprotect) succeed where a kernel for
/// this architecture answers ENOMEM.
pub fn is_qemu_32bit_guest() -> bool {
    cfg!(target_pointer_width = "32") && emulator().is_some()
}
