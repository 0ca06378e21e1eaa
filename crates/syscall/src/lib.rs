//! The system-call instruction itself, one architecture per file.
//!
//! Everything above this crate (mmap, munmap, msync, files, processes) ends
//! in one of the seven functions re-exported here: `syscall0` .. `syscall6`,
//! named after how many arguments they pass. Each takes the call's number and
//! its arguments as plain machine words (`usize`) and gives back either the
//! kernel's result word or the [`Errno`] it reported.
//!
//! Why machine words? At the instruction level there are no types: a pointer,
//! a length, a flag set and a file descriptor all travel in general-purpose
//! registers. The typed wrappers in the `mman` and `unistd` crates put the
//! types back.
//!
//! Open `src/arch/<your architecture>.rs` to see which instruction enters the
//! kernel, which register carries what, what the kernel may overwrite, and how
//! an error comes back. This is the only crate in the project that contains
//! syscall assembly.
#![no_std]

mod errno;
pub mod nr;

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "arch/aarch64.rs")]
mod arch;

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!(
    "this architecture has no syscall file yet: add crates/syscall/src/arch/<arch>.rs \
     with its ABI table and syscall0..syscall6"
);

pub use arch::{syscall0, syscall1, syscall2, syscall3, syscall4, syscall5, syscall6};
pub use errno::Errno;

/// The architecture these wrappers were built for, as the lessons print it.
pub const ARCH: &str = arch::NAME;
