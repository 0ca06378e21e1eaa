//! The subject of the course: `<sys/mman.h>` as Linux really provides it.
//!
//! Three layers, each for a different reader question:
//!
//! - [`flags`]: what the `prot`, `flags` and msync arguments are, bit by bit;
//! - [`calls`]: `mmap`, `munmap`, `msync`, `mprotect`, `madvise` and
//!   `mremap` with the C
//!   signatures, one raw system call each and nothing added, so a lesson's
//!   code reads like the man page;
//! - [`Mapping`]: an owned mapping that is unmapped when dropped, whose bytes
//!   are reached with volatile accesses because another process may change
//!   them at any moment.
//!
//! [`listing`] states what /proc/self/maps shows for a write-only mapping,
//! which differs between kernels (RISC-V since Linux 7.0).
//!
//! [`page`] holds the alignment arithmetic. It takes the page size as an
//! argument: the size is a fact about the running kernel (the auxiliary
//! vector's `AT_PAGESZ`), not about this library.
#![no_std]

pub mod calls;
pub mod flags;
pub mod listing;
mod mapping;
pub mod mmap_abi;
pub mod page;

/// How mmap's six arguments reach the kernel on each architecture, for
/// readers of `cargo doc` on any machine (a build compiles only its own
/// target's form; the table is in [`mmap_abi`]).
///
/// The words are packed (and, for the trace, unpacked) in
/// `crates/mman/src/mmap_abi.rs`:
///
/// ```rust,ignore
#[doc = include_str!("mmap_abi.rs")]
/// ```
///
/// and sent in `crates/mman/src/calls.rs`, each `raw_mmap` under the `cfg`
/// that picks it:
///
/// ```rust,ignore
#[doc = include_str!("calls.rs")]
/// ```
#[cfg(doc)]
pub mod mmap_per_architecture {}

pub use calls::{madvise, mlock, mmap, mprotect, mremap, msync, munlock, munmap};
pub use flags::{MapFlags, MsyncFlags, Prot};
pub use mapping::Mapping;
pub use syscall::Errno;
