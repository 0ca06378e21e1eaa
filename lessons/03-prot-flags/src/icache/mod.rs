//! Making freshly written bytes visible to instruction fetch.
//!
//! A CPU reads code through its instruction cache and data through its data
//! cache. After the program stores machine code with ordinary writes, those
//! bytes sit in the data side; whether instruction fetch will see them is an
//! architectural rule that differs between CPUs (one file per architecture
//! below). mprotect does not do this for us: it changes the page tables,
//! not the caches.

#[cfg_attr(target_arch = "x86_64", path = "x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "aarch64.rs")]
mod arch;

pub use arch::{describe, sync_for_execution};
