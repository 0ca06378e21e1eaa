//! Knowing when QEMU user mode, not a kernel, gives an answer.
//!
//! `cargo xtask` runs a lesson for another architecture under QEMU user
//! mode and says so in `MMAP_LESSON_EMULATOR` (the emulator's path; unset
//! when the lesson runs natively). Lessons use it where QEMU is known to
//! answer differently from a kernel, to state that difference instead of
//! hiding it, and to name who gave an answer a claim did not expect.

use crate::Escaped;
use core::ffi::CStr;
use core::fmt;

/// The variable `cargo xtask` sets for a lesson running under QEMU.
pub const EMULATOR_VAR: &str = protocol::env::LESSON_EMULATOR;

/// The emulator this program runs under, if `cargo xtask` said so.
pub fn emulator() -> Option<&'static CStr> {
    crate::env(EMULATOR_VAR).filter(|path| !path.is_empty())
}

/// The variable a `--vm` run sets for every program in the machine: the
/// `qemu-system-*` program whose emulated CPU runs the real kernel. xtask
/// puts it on the kernel's command line, the kernel hands `NAME=value`
/// words it does not know to PID 1 as its environment (init/main.c,
/// `unknown_bootoption`), and PID 1 passes it on.
pub const MACHINE_VAR: &str = protocol::env::LESSON_MACHINE;

/// The system emulator whose CPU this program runs on, under `--vm`. The
/// kernel is real there; the CPU is QEMU's, and where QEMU's CPU has a
/// known fault, a lesson says so instead of running into it.
pub fn machine() -> Option<&'static CStr> {
    crate::env(MACHINE_VAR).filter(|name| !name.is_empty())
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

/// Who answers this program's system calls, named for a sentence that
/// explains an answer: `the emulator (qemu-aarch64 at /usr/bin/qemu-aarch64)`
/// under QEMU user mode, `the kernel (Linux 6.8.0)` otherwise. A lesson that
/// blamed "the kernel" under QEMU would send the reader to the wrong program.
pub struct Answerer;

impl fmt::Display for Answerer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = emulator() {
            let path = path.to_bytes();
            let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
            return write!(f, "the emulator ({} at {})", Escaped(name), Escaped(path));
        }
        match unistd::uname() {
            Ok(uts) => write!(
                f,
                "the kernel ({} {})",
                Escaped(uts.sysname()),
                Escaped(uts.release())
            ),
            Err(_) => f.write_str("the kernel"),
        }
    }
}

/// The running kernel's release (`7.2.13+deb14-arm64`), as uname(2) gives
/// it. Under QEMU user mode this is the host's kernel, which is not the one
/// answering most calls: check [`emulator`] first.
pub fn kernel_release() -> Option<KernelRelease> {
    unistd::uname().ok().map(KernelRelease)
}

/// uname(2)'s release field, kept in uname's answer.
pub struct KernelRelease(unistd::Utsname);

impl KernelRelease {
    /// The release, up to its NUL.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.release()
    }
}
