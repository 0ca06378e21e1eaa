//! The few system calls the bench needs that `unistd` does not have:
//! getrusage, fsync, fadvise64 and mincore. Raw, like the rest of the
//! project: one `syscall::syscallN` each, numbers from `linux-raw-sys`.

use linux_raw_sys::general as k;
use syscall::Errno;
use unistd::Fd;

/// Page faults so far in this process, from getrusage(RUSAGE_SELF).
///
/// A *minor* fault found the page already in memory (in the page cache, or
/// a fresh zero page) and only had to fill in a page-table entry; a *major*
/// fault had to wait for the disk. The difference across a run says how
/// often the CPU stopped to ask the kernel for a page.
#[derive(Clone, Copy, Debug, Default)]
pub struct Faults {
    /// Faults served from memory.
    pub minor: u64,
    /// Faults that read from the disk.
    pub major: u64,
}

/// getrusage(2) for this process.
pub fn faults() -> Faults {
    let mut usage = core::mem::MaybeUninit::<k::rusage>::zeroed();
    // SAFETY: the kernel writes one `struct rusage` into the buffer, which
    // is large enough and lives across the call.
    let result = unsafe {
        syscall::syscall2(
            k::__NR_getrusage as usize,
            k::RUSAGE_SELF as usize,
            usage.as_mut_ptr() as usize,
        )
    };
    if result.is_err() {
        return Faults::default();
    }
    // SAFETY: zero-initialised and, the call having succeeded, filled in.
    let usage = unsafe { usage.assume_init() };
    Faults {
        minor: usage.ru_minflt as u64,
        major: usage.ru_majflt as u64,
    }
}

/// fsync(2): write the file's dirty pages to the disk and wait. Needed
/// before evicting: the kernel cannot drop a page it has not written yet.
pub fn fsync(fd: &Fd) -> Result<(), Errno> {
    // SAFETY: a plain descriptor number; no memory is passed.
    unsafe { syscall::syscall1(k::__NR_fsync as usize, fd.raw() as usize) }.map(drop)
}

/// posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED): ask the kernel to drop
/// the file's clean pages from the page cache. It is advice: pages that are
/// mapped, dirty or locked stay, which is why callers check with mincore.
pub fn fadvise_dontneed(fd: &Fd) -> Result<(), Errno> {
    // SAFETY: plain numbers (offset 0, length 0 meaning "to the end").
    // x86_64 and aarch64 both name the 64-bit call `fadvise64`, with the
    // arguments in this order.
    unsafe {
        syscall::syscall4(
            k::__NR_fadvise64 as usize,
            fd.raw() as usize,
            0,
            0,
            k::POSIX_FADV_DONTNEED as usize,
        )
    }
    .map(drop)
}

/// mincore(2): for each page of `addr..addr+len`, is it resident? For a
/// file mapping, "resident" means "in the page cache", whether or not this
/// process has touched it, which makes it the way to see whether an
/// eviction worked. `vec` gets one byte per page; bit 0 is the answer.
///
/// # Safety
/// `addr..addr+len` must be mapped (it is only looked at, never touched).
pub unsafe fn mincore(addr: *mut u8, len: usize, vec: &mut [u8]) -> Result<(), Errno> {
    // SAFETY: the caller vouches for the range; `vec` has room for one byte
    // per page (the caller sized it), which is what the kernel writes.
    unsafe {
        syscall::syscall3(
            k::__NR_mincore as usize,
            addr as usize,
            len,
            vec.as_mut_ptr() as usize,
        )
    }
    .map(drop)
}
