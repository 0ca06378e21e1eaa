//! [`Mapping`]: a mapping that knows its extent and unmaps itself on drop.

use crate::calls::{self, RawFd};
use crate::flags::{MapFlags, MsyncFlags, Prot};
use core::ptr::NonNull;
use core::sync::atomic::AtomicU32;
use syscall::Errno;

/// An owned region created by mmap and removed by munmap when dropped.
///
/// Its bytes are read and written with volatile accesses, one at a time,
/// never through `&[u8]` or `&mut [u8]`. A Rust slice promises the compiler
/// that nobody else changes the bytes while it exists; a `MAP_SHARED` page
/// can be changed at any moment by another process or by `write(2)` to the
/// file, so that promise would be false and the compiler could cache stale
/// values. A volatile access is always performed, in program order.
///
/// Touching a byte can still end the process: SIGBUS if the page lies wholly
/// beyond the end of the mapped file, SIGSEGV if the protection forbids the
/// access. Those are what the lessons demonstrate; they are signals, not
/// memory corruption.
#[derive(Debug)]
pub struct Mapping {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: a Mapping is an address range of the whole process, not of a
// thread; moving the owner to another thread changes nothing about it.
unsafe impl Send for Mapping {}
// Deliberately not Sync: two threads doing plain volatile writes to one byte
// would be a data race. Sharing between processes goes through
// `atomic_u32`.

impl Mapping {
    /// Maps `len` bytes as mmap would with a null address hint.
    ///
    /// `MapFlags::FIXED` is refused with `EINVAL` before any call is made: a
    /// fixed mapping replaces whatever is at the address, which no safe
    /// function may do. (`FIXED_NOREPLACE` is fine: it never replaces.)
    /// Use [`calls::mmap`] and [`Mapping::from_raw`] for fixed placement.
    pub fn new(
        len: usize,
        prot: Prot,
        flags: MapFlags,
        fd: RawFd,
        offset: i64,
    ) -> Result<Mapping, Errno> {
        if flags.contains(MapFlags::FIXED) {
            return Err(Errno::EINVAL);
        }
        // SAFETY: without MAP_FIXED the kernel only ever picks unused
        // address space, so no existing memory is touched.
        let ptr = unsafe { calls::mmap(core::ptr::null_mut(), len, prot, flags, fd, offset) }?;
        // mmap never returns address 0 for a non-fixed mapping (mmap_min_addr
        // keeps page 0 unmapped), so this only guards against the impossible.
        let ptr = NonNull::new(ptr).ok_or(Errno::EFAULT)?;
        Ok(Mapping { ptr, len })
    }

    /// Private zero-filled memory of `len` bytes: `MAP_PRIVATE | MAP_ANONYMOUS`.
    pub fn anonymous(len: usize, prot: Prot) -> Result<Mapping, Errno> {
        Mapping::new(len, prot, MapFlags::PRIVATE | MapFlags::ANONYMOUS, -1, 0)
    }

    /// Takes ownership of a mapping made with [`calls::mmap`].
    ///
    /// # Safety
    /// `ptr..ptr+len` must be a live mapping that nothing else will unmap.
    pub unsafe fn from_raw(ptr: NonNull<u8>, len: usize) -> Mapping {
        Mapping { ptr, len }
    }

    /// The first byte's address.
    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// The address as a number, for printing and comparing with
    /// /proc/self/maps.
    pub fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// The length asked for. The kernel mapped this rounded up to a whole
    /// number of pages.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a zero-length mapping, which mmap never creates.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads byte `i` (volatile).
    ///
    /// Panics if `i >= len()`, as slice indexing does.
    pub fn read(&self, i: usize) -> u8 {
        assert!(
            i < self.len,
            "byte {i} is outside the {}-byte mapping",
            self.len
        );
        // SAFETY: i < len, and the range was mapped by mmap and stays mapped
        // while self lives. A fault (SIGBUS past end of file, SIGSEGV on a
        // forbidden access) ends the process; it cannot corrupt memory.
        unsafe { self.ptr.as_ptr().add(i).read_volatile() }
    }

    /// Writes byte `i` (volatile).
    ///
    /// Panics if `i >= len()`.
    pub fn write(&self, i: usize, value: u8) {
        assert!(
            i < self.len,
            "byte {i} is outside the {}-byte mapping",
            self.len
        );
        // SAFETY: as in `read`; no Rust reference into the mapping exists
        // (none is ever handed out), so the write invalidates nothing.
        unsafe { self.ptr.as_ptr().add(i).write_volatile(value) }
    }

    /// The aligned 32-bit word at byte `offset`, as an atomic: the way to
    /// share a counter or a flag with another process (or a futex word).
    ///
    /// Panics if `offset` is not a multiple of 4 or the word does not fit.
    pub fn atomic_u32(&self, offset: usize) -> &AtomicU32 {
        assert!(
            offset.is_multiple_of(4) && offset + 4 <= self.len,
            "no aligned 4-byte word at offset {offset} of the {}-byte mapping",
            self.len
        );
        // SAFETY: the word is inside the mapping (checked), 4-byte aligned
        // (mappings are page-aligned and offset is a multiple of 4), and lives as long
        // as &self. An AtomicU32 may be changed by others at any time, which
        // is exactly the situation of a word in shared memory.
        unsafe { AtomicU32::from_ptr(self.ptr.as_ptr().add(offset).cast::<u32>()) }
    }

    /// Copies `dst.len()` bytes starting at byte `offset` into `dst`.
    pub fn read_into(&self, offset: usize, dst: &mut [u8]) {
        for (i, byte) in dst.iter_mut().enumerate() {
            *byte = self.read(offset + i);
        }
    }

    /// Copies `src` into the mapping starting at byte `offset`.
    pub fn write_from(&self, offset: usize, src: &[u8]) {
        for (i, &byte) in src.iter().enumerate() {
            self.write(offset + i, byte);
        }
    }

    /// Sets every byte to `value`: the `memset` of the tutorial's example.
    pub fn fill(&self, value: u8) {
        for i in 0..self.len {
            self.write(i, value);
        }
    }

    /// msync(2) over the whole mapping.
    pub fn msync(&self, flags: MsyncFlags) -> Result<(), Errno> {
        // SAFETY: the range is ours and mapped; msync changes no memory.
        unsafe { calls::msync(self.as_ptr(), self.len, flags) }
    }

    /// mprotect(2) over the whole mapping. Later accesses that the new
    /// protection forbids raise SIGSEGV.
    pub fn protect(&self, prot: Prot) -> Result<(), Errno> {
        // SAFETY: the range is ours; no reference into it exists, and every
        // access goes through `read`/`write`, which a fault stops cleanly.
        unsafe { calls::mprotect(self.as_ptr(), self.len, prot) }
    }

    /// munmap(2) now, reporting the result that `Drop` would have to ignore.
    pub fn unmap(self) -> Result<(), Errno> {
        let (ptr, len) = (self.as_ptr(), self.len);
        core::mem::forget(self);
        // SAFETY: we owned the range, and `self` is gone, so nothing can
        // reach it any more.
        unsafe { calls::munmap(ptr, len) }
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the range is ours and nothing can use it after drop. An
        // error is impossible for a range mmap gave us, and a destructor has
        // nowhere to report one.
        let _ = unsafe { calls::munmap(self.as_ptr(), self.len) };
    }
}
