//! Touching an address in a child process, to see whether it is mapped.
//!
//! A read of an unmapped address raises SIGSEGV. The lesson must not die of
//! it, so the read happens in a forked child and the parent reads the
//! child's fate from wait4: killed by SIGSEGV, or exited with the byte it
//! read as its status.

use unistd::WaitStatus;

/// Reads the byte at `addr` in a child. `Exited(byte)` if it was readable.
pub fn read_in_child(addr: *const u8) -> WaitStatus {
    let body = || {
        // SAFETY: `addr` may be unmapped: that is the question. The access
        // is volatile, so it is really made, once; the only outcomes are a
        // byte, or the kernel killing this child with SIGSEGV, which is
        // what the parent watches for.
        i32::from(unsafe { addr.read_volatile() })
    };
    // SAFETY: the lesson has one thread; the child makes one memory access
    // and exits, or is killed by the kernel.
    rt::or_exit(unsafe { unistd::run_in_child(body) }, "fork")
}
