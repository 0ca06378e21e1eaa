//! Exercise 4.1, a reference answer: MAP_FIXED_NOREPLACE, and a check of
//! the address for kernels that do not know it.

use core::ptr::NonNull;
use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// Maps `len` bytes of anonymous memory exactly at `addr`, or fails with
/// EEXIST if anything is mapped there already.
pub fn place_at(addr: usize, len: usize) -> Result<Mapping, Errno> {
    let want = addr as *mut u8;
    // SAFETY: MAP_FIXED_NOREPLACE never replaces anything: the kernel looks
    // for any mapping that overlaps addr..addr+len and, if it finds one,
    // fails with EEXIST before changing anything.
    let got = unsafe {
        mman::mmap(
            want,
            len,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED_NOREPLACE,
            -1,
            0,
        )
    }?;
    if got != want {
        // A kernel older than 4.17 does not know the flag and took `addr`
        // as a hint; it placed the mapping elsewhere because the range was
        // taken. mmap(2) asks callers to compare the addresses for this
        // reason. Give the memory back and say what a newer kernel says.
        // SAFETY: got..got+len is the mapping this call just made, and
        // nothing else knows of it.
        let _ = unsafe { mman::munmap(got, len) };
        return Err(Errno::EEXIST);
    }
    let p = NonNull::new(got).ok_or(Errno::EFAULT)?;
    // SAFETY: p..p+len is the mapping this call just made, and only the
    // returned Mapping will unmap it.
    Ok(unsafe { Mapping::from_raw(p, len) })
}
