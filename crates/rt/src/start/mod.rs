//! The process entry point.
//!
//! When execve(2) finishes loading a static executable, the kernel jumps to
//! the ELF entry address, by convention the symbol `_start`, with the stack
//! pointer aimed at this layout (lowest address first):
//!
//! ```text
//! sp -> argc
//!       argv[0] .. argv[argc-1], NULL
//!       envp[0] .. envp[n-1],    NULL
//!       auxv: (type, value) pairs ..., (AT_NULL, 0)
//!       ... the strings themselves, higher up
//! ```
//!
//! No register holds anything useful yet, there is no return address (there
//! is nothing to return to) and no libc has run. `_start` must therefore be
//! a *naked* function: a few instructions of assembly, without the prologue
//! the compiler would add, that hand the stack pointer to `entry` as an
//! ordinary argument. This is the only assembly outside the `syscall` crate.

#[cfg_attr(target_arch = "x86_64", path = "x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "riscv64.rs")]
#[cfg_attr(target_arch = "arm", path = "arm.rs")]
#[cfg_attr(target_arch = "x86", path = "x86.rs")]
#[cfg_attr(target_arch = "powerpc64", path = "powerpc64.rs")]
#[cfg_attr(target_arch = "s390x", path = "s390x.rs")]
#[cfg_attr(target_arch = "loongarch64", path = "loongarch64.rs")]
#[cfg_attr(target_arch = "mips64", path = "mips64.rs")]
mod arch;

unsafe extern "Rust" {
    /// Defined by the lesson through `rt::main!`.
    fn __rt_main() -> i32;
}

/// Where `_start` lands, in Rust: record what the kernel put on the stack,
/// run the lesson, exit with its status.
///
/// # Safety
/// `sp` must be the initial stack pointer the kernel gave `_start`.
unsafe extern "C" fn entry(sp: *const usize) -> ! {
    // SAFETY: `_start` passes the kernel's initial stack pointer unchanged.
    unsafe { crate::startup::record(sp) };
    crate::trace::enable_from_env();
    // SAFETY: `rt::main!` defines the symbol with exactly this signature.
    let code = unsafe { __rt_main() };
    unistd::exit(code)
}
