//! A mapping made through a [`Calls`], so that rustix's mappings are
//! checked as closely as ours.

use crate::Calls;
use mman::Errno;

/// A mapping made through `calls`, unmapped through them when dropped.
pub(crate) struct Region<'a> {
    calls: &'a dyn Calls,
    addr: usize,
    len: usize,
}

impl<'a> Region<'a> {
    /// mmap through `calls`, never with MAP_FIXED (refused with EINVAL
    /// before any call: a fixed mapping would replace whatever is there).
    pub(crate) fn map(
        calls: &'a dyn Calls,
        len: usize,
        prot: u32,
        flags: u32,
        fd: i32,
        offset: i64,
    ) -> Result<Region<'a>, Errno> {
        let fixed = linux_raw_sys::general::MAP_FIXED;
        if flags & fixed != 0 {
            return Err(Errno::EINVAL);
        }
        // SAFETY: not MAP_FIXED, so nothing is replaced: the kernel picks
        // free address space.
        let addr = unsafe { calls.mmap(0, len, prot, flags, fd, offset) }?;
        Ok(Region { calls, addr, len })
    }

    /// Where it starts.
    pub(crate) fn addr(&self) -> usize {
        self.addr
    }

    /// The length asked for.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// munmap through the calls that made it, returning their answer. The
    /// only way to unmap one early: a second munmap of the range, by a
    /// drop, could remove what another thread of the process has mapped
    /// there since.
    pub(crate) fn unmap(self) -> Result<(), Errno> {
        // SAFETY: the region is ours, and `self` is gone after this, so
        // nothing uses the range again.
        let got = unsafe { self.calls.munmap(self.addr, self.len) };
        core::mem::forget(self);
        got
    }

    /// Reads byte `i` (volatile). Panics if `i` is past the length asked
    /// for.
    pub(crate) fn read(&self, i: usize) -> u8 {
        assert!(i < self.len, "byte {i} of {}", self.len);
        // SAFETY: inside the range mmap returned, which stays mapped while
        // self lives. A forbidden access raises a signal that ends the
        // process (the checks provoke it in children); it corrupts nothing.
        unsafe { (self.addr as *const u8).add(i).read_volatile() }
    }

    /// Writes byte `i` (volatile). Panics if `i` is past the length asked
    /// for.
    pub(crate) fn write(&self, i: usize, value: u8) {
        assert!(i < self.len, "byte {i} of {}", self.len);
        // SAFETY: as in `read`; no Rust reference into the range exists.
        unsafe { (self.addr as *mut u8).add(i).write_volatile(value) }
    }
}

impl Drop for Region<'_> {
    fn drop(&mut self) {
        // SAFETY: the region is ours, and nothing uses it after the drop.
        // A child may have unmapped its copy; this is the parent's.
        let _ = unsafe { self.calls.munmap(self.addr, self.len) };
    }
}
