//! The calls the checks are about, as one implementation makes them.
//!
//! Raw numbers in and out: a check passes what a C caller can (any flag
//! bits, any descriptor), and two implementations are compared on equal
//! terms, with no type of ours in between to refuse an argument first.

use mman::{Errno, MapFlags, MsyncFlags, Prot};

/// mmap, munmap, msync and mprotect, as one implementation makes them.
///
/// Checks call these in forked children of a process that may have other
/// threads (plain `cargo test`), so an implementation must make the system
/// call and nothing else: no lock, no allocation, which a thread that does
/// not exist in the child might have been holding.
pub trait Calls {
    /// Who makes the calls, for messages: `our wrappers`, `rustix`.
    fn name(&self) -> &'static str;

    /// mmap(2); the address it mapped.
    ///
    /// # Safety
    /// As for mmap(2): with MAP_FIXED, the range must be the caller's to
    /// replace.
    unsafe fn mmap(
        &self,
        addr: usize,
        len: usize,
        prot: u32,
        flags: u32,
        fd: i32,
        offset: i64,
    ) -> Result<usize, Errno>;

    /// munmap(2).
    ///
    /// # Safety
    /// Nothing may use the range afterwards.
    unsafe fn munmap(&self, addr: usize, len: usize) -> Result<(), Errno>;

    /// msync(2).
    ///
    /// # Safety
    /// With MS_INVALIDATE, the range's contents may change under anything
    /// that reads them.
    unsafe fn msync(&self, addr: usize, len: usize, flags: u32) -> Result<(), Errno>;

    /// mprotect(2).
    ///
    /// # Safety
    /// Nothing may make an access to the range that `prot` no longer allows.
    unsafe fn mprotect(&self, addr: usize, len: usize, prot: u32) -> Result<(), Errno>;
}

/// The calls through our own wrappers, `mman`.
pub struct Ours;

impl Calls for Ours {
    fn name(&self) -> &'static str {
        "our wrappers"
    }

    unsafe fn mmap(
        &self,
        addr: usize,
        len: usize,
        prot: u32,
        flags: u32,
        fd: i32,
        offset: i64,
    ) -> Result<usize, Errno> {
        let prot = Prot::from_bits_retain(prot);
        let flags = MapFlags::from_bits_retain(flags);
        // SAFETY: passed on from the caller.
        unsafe { mman::mmap(addr as *mut u8, len, prot, flags, fd, offset) }.map(|p| p as usize)
    }

    unsafe fn munmap(&self, addr: usize, len: usize) -> Result<(), Errno> {
        // SAFETY: passed on from the caller.
        unsafe { mman::munmap(addr as *mut u8, len) }
    }

    unsafe fn msync(&self, addr: usize, len: usize, flags: u32) -> Result<(), Errno> {
        let flags = MsyncFlags::from_bits_retain(flags);
        // SAFETY: passed on from the caller.
        unsafe { mman::msync(addr as *mut u8, len, flags) }
    }

    unsafe fn mprotect(&self, addr: usize, len: usize, prot: u32) -> Result<(), Errno> {
        let prot = Prot::from_bits_retain(prot);
        // SAFETY: passed on from the caller.
        unsafe { mman::mprotect(addr as *mut u8, len, prot) }
    }
}
