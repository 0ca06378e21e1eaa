//! mmap, munmap, msync and mprotect, shaped like their C prototypes:
//!
//! ```c
//! void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
//! int munmap(void *addr, size_t length);
//! int msync(void *addr, size_t length, int flags);
//! int mprotect(void *addr, size_t len, int prot);
//! ```
//!
//! Each function is exactly one system call. Where C returns `MAP_FAILED` or
//! -1 and leaves the reason in `errno`, these return `Err(Errno)`: the kernel
//! handed back the error number directly, and nothing is gained by hiding it
//! in a global.
//!
//! All four are `unsafe`: they create, change or destroy memory that the
//! compiler cannot see. Unmapping or write-protecting memory that live Rust
//! references point into turns those references into dangling ones.
//!
//! Addresses cross the system-call boundary as plain numbers, but Rust
//! tracks more than the number: a pointer's *provenance*, which allocation
//! it may reach. Both conversions here say what happens to it. A pointer
//! handed to the kernel is turned into a number with `expose_provenance`:
//! the kernel may give that very address back (mremap that does not move,
//! mmap with `FIXED` over a range the caller owns), and a pointer made from
//! the number later may then reach the same memory. A number coming back
//! becomes a pointer with [`with_exposed_provenance_mut`](core::ptr::with_exposed_provenance_mut),
//! which takes the provenance of some exposed pointer; memory outside
//! Rust's control, as a new mapping is (neither stack, heap nor static),
//! counts as exposed by definition. A plain `as` cast does the same two
//! things without saying so; the strict-provenance way (`with_addr` on a
//! pointer one already has) cannot be used, since a new mapping has no
//! Rust pointer to start from.

use crate::flags::{MapFlags, MsyncFlags, Prot};
use syscall::{Errno, nr};

/// A file descriptor, as the kernel sees it: a small non-negative integer
/// (or -1 for "no file", which `MAP_ANONYMOUS` wants).
pub type RawFd = i32;

/// mmap(2): map `length` bytes of `fd`, starting at byte `offset` of the
/// file, with protection `prot`. Returns the address of the new mapping.
///
/// `addr` is a hint unless `flags` has `FIXED` or `FIXED_NOREPLACE`; pass
/// null to let the kernel choose. `offset` must be a multiple of the page
/// size; `length` is rounded up to whole pages. Mapping more than the file
/// holds succeeds: the trouble comes later, as SIGBUS when a page lying wholly
/// past the end of the file is touched.
///
/// # Safety
/// With `MapFlags::FIXED`, whatever was mapped at `addr..addr+length` is
/// replaced without a word: any Rust value living there is destroyed. The
/// caller must own that range.
#[inline]
pub unsafe fn mmap(
    addr: *mut u8,
    length: usize,
    prot: Prot,
    flags: MapFlags,
    fd: RawFd,
    offset: i64,
) -> Result<*mut u8, Errno> {
    // SAFETY: the caller of `mmap` has taken responsibility for MAP_FIXED.
    let ret = unsafe {
        raw_mmap(
            addr.expose_provenance(),
            length,
            prot.bits(),
            flags.bits(),
            fd,
            offset,
        )
    }?;
    Ok(core::ptr::with_exposed_provenance_mut(ret))
}

/// The six words reach the kernel in one of three ways, depending on the
/// architecture ([`mmap_abi`](crate::mmap_abi) packs them and has the
/// table). Each `raw_mmap` has the safety contract of [`mmap`].
///
/// Six registers: the 64-bit systems but s390x (offset in bytes), and the
/// 32-bit ones, whose `nr::MMAP` is mmap2 (offset in 4096-byte units; an
/// offset it cannot express is refused by `pack` before any call).
#[cfg(not(target_arch = "s390x"))]
#[inline(always)]
unsafe fn raw_mmap(
    addr: usize,
    len: usize,
    prot: u32,
    flags: u32,
    fd: RawFd,
    offset: i64,
) -> Result<usize, Errno> {
    let [addr, len, prot, flags, fd, offset] =
        crate::mmap_abi::pack(addr, len, prot, flags, fd, offset)?;
    // SAFETY: six plain words, as mmap expects; the kernel validates them all
    // and the caller of `mmap` has taken responsibility for MAP_FIXED.
    unsafe { syscall::syscall6(nr::MMAP, addr, len, prot, flags, fd, offset) }
}

/// s390x: one register, pointing at the six words in memory (the old Linux
/// mmap, which the s390 port kept; see the syscall crate's s390x file).
#[cfg(target_arch = "s390x")]
#[inline(always)]
unsafe fn raw_mmap(
    addr: usize,
    len: usize,
    prot: u32,
    flags: u32,
    fd: RawFd,
    offset: i64,
) -> Result<usize, Errno> {
    let block = crate::mmap_abi::pack(addr, len, prot, flags, fd, offset)?;
    // SAFETY: the kernel reads the six words of `block`, which lives across
    // the call; the rest is as for the register form.
    unsafe { syscall::syscall1(nr::MMAP, block.as_ptr().expose_provenance()) }
}

/// munmap(2): remove every mapping in `addr..addr+length` (rounded up to
/// pages). A range with nothing mapped in it is not an error.
///
/// # Safety
/// No Rust reference may point into the range afterwards; touching it raises
/// SIGSEGV (or, worse, reaches whatever is mapped there next).
#[inline]
pub unsafe fn munmap(addr: *mut u8, length: usize) -> Result<(), Errno> {
    // SAFETY: the caller guarantees nothing still uses the range.
    unsafe { syscall::syscall2(nr::MUNMAP, addr.expose_provenance(), length) }.map(drop)
}

/// msync(2): for a `MAP_SHARED` file mapping, write the range's dirty pages
/// to the file (`SYNC`: and wait), or just note the request (`ASYNC`).
///
/// `addr` must be page-aligned, and the whole range must be mapped
/// (`ENOMEM` otherwise).
///
/// # Safety
/// msync only reads the page tables and page cache; it does not change
/// memory. It is `unsafe` because `MS_INVALIDATE` is specified to be able to
/// discard changes another mapping made; on Linux it does not.
#[inline]
pub unsafe fn msync(addr: *mut u8, length: usize, flags: MsyncFlags) -> Result<(), Errno> {
    // SAFETY: three plain words; the kernel validates the range.
    unsafe {
        syscall::syscall3(
            nr::MSYNC,
            addr.expose_provenance(),
            length,
            flags.bits() as usize,
        )
    }
    .map(drop)
}

/// mprotect(2): change the protection of the pages in `addr..addr+length`.
///
/// # Safety
/// Removing `READ` or `WRITE` from pages that Rust code still reads or writes
/// turns those accesses into SIGSEGV; adding `EXEC` makes the bytes code.
#[inline]
pub unsafe fn mprotect(addr: *mut u8, length: usize, prot: Prot) -> Result<(), Errno> {
    // SAFETY: three plain words; the caller vouches for the range's users.
    unsafe {
        syscall::syscall3(
            nr::MPROTECT,
            addr.expose_provenance(),
            length,
            prot.bits() as usize,
        )
    }
    .map(drop)
}

/// madvise(2): tell the kernel how `addr..addr+length` will be used
/// (`advice` is one of the `MADV_*` values), so it can read ahead, drop
/// pages, or use huge pages. Some advice changes contents: `MADV_DONTNEED`
/// on private anonymous memory makes the next read see zeros.
///
/// # Safety
/// With advice that discards pages, the range's contents are lost; no Rust
/// value may live there.
#[inline]
pub unsafe fn madvise(addr: *mut u8, length: usize, advice: u32) -> Result<(), Errno> {
    // SAFETY: the caller accepts the advice's effect on the range.
    unsafe {
        syscall::syscall3(
            nr::MADVISE,
            addr.expose_provenance(),
            length,
            advice as usize,
        )
    }
    .map(drop)
}

/// mremap(2): resize the mapping at `old_addr` from `old_len` to `new_len`
/// bytes; with `MREMAP_MAYMOVE` in `flags`, the kernel may move it (its
/// contents come along) and returns the new address.
///
/// # Safety
/// After a move or a shrink, the old addresses no longer hold the mapping;
/// nothing may still use them.
#[inline]
pub unsafe fn mremap(
    old_addr: *mut u8,
    old_len: usize,
    new_len: usize,
    flags: u32,
) -> Result<*mut u8, Errno> {
    // SAFETY: the caller gives up the old range. A fifth argument (the new
    // address) is read only with MREMAP_FIXED, which this signature does not
    // offer; passing 0 keeps the register defined.
    let ret = unsafe {
        syscall::syscall5(
            nr::MREMAP,
            old_addr.expose_provenance(),
            old_len,
            new_len,
            flags as usize,
            0,
        )
    }?;
    Ok(core::ptr::with_exposed_provenance_mut(ret))
}

/// mlock(2): keep the pages of `addr..addr+length` in RAM, faulting them in
/// now. Without privileges the total is limited by `RLIMIT_MEMLOCK`.
///
/// # Safety
/// mlock changes no contents; it is `unsafe` only because the range is a
/// raw address the caller vouches for.
#[inline]
pub unsafe fn mlock(addr: *mut u8, length: usize) -> Result<(), Errno> {
    // SAFETY: plain numbers; the kernel checks the range.
    unsafe { syscall::syscall2(nr::MLOCK, addr.expose_provenance(), length) }.map(drop)
}

/// munlock(2): undo [`mlock`].
///
/// # Safety
/// As for [`mlock`].
#[inline]
pub unsafe fn munlock(addr: *mut u8, length: usize) -> Result<(), Errno> {
    // SAFETY: plain numbers; the kernel checks the range.
    unsafe { syscall::syscall2(nr::MUNLOCK, addr.expose_provenance(), length) }.map(drop)
}
