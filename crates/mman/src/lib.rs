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
pub mod page;

pub use calls::{madvise, mlock, mmap, mprotect, mremap, msync, munlock, munmap};
pub use flags::{MapFlags, MsyncFlags, Prot};
pub use mapping::Mapping;
pub use syscall::Errno;
