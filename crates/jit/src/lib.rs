//! Running code that the program itself wrote into memory: the smallest
//! possible "just-in-time compiler". Lesson 03 uses it to show PROT_EXEC.
//!
//! Two things are per architecture, one file each under `src/arch/`:
//!
//! - [`RETURN_42`]: the machine code of a function `extern "C" fn() -> u32`
//!   that returns 42, with its encoding explained;
//! - [`sync_for_execution`]: what must happen between storing those bytes
//!   and executing them. A CPU fetches instructions through its instruction
//!   cache and stores data through its data cache; whether a fetch sees a
//!   store made a moment ago is an architectural rule that differs between
//!   CPUs. mprotect does not help: it changes page tables, not caches.
#![no_std]
// Inline assembly for MIPS is not yet stable in Rust (see the syscall crate).
#![cfg_attr(target_arch = "mips64", feature(asm_experimental_arch))]

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "x86", path = "arch/x86.rs")]
#[cfg_attr(target_arch = "aarch64", path = "arch/aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "arch/riscv64.rs")]
#[cfg_attr(target_arch = "arm", path = "arch/arm.rs")]
#[cfg_attr(target_arch = "powerpc64", path = "arch/powerpc64.rs")]
#[cfg_attr(target_arch = "s390x", path = "arch/s390x.rs")]
#[cfg_attr(target_arch = "loongarch64", path = "arch/loongarch64.rs")]
#[cfg_attr(target_arch = "mips64", path = "arch/mips64.rs")]
mod arch;

pub use arch::{RETURN_42, describe, sync_for_execution};

/// What [`RETURN_42`] returns.
pub const RETURNS: u32 = 42;
