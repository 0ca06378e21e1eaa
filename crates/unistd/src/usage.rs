//! getrusage(2): what a process (or thread) has used so far, and in
//! particular how many page faults it took.

use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// The kernel's `struct rusage` for this architecture.
pub type Rusage = k::rusage;

/// Whose usage: the whole process (`RUSAGE_SELF`) or the calling thread
/// (`RUSAGE_THREAD`, which leaves out a test harness's other threads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Every thread of the process.
    Process,
    /// The calling thread only.
    Thread,
}

/// getrusage(2).
pub fn getrusage(who: Who) -> Result<Rusage, Errno> {
    let who = match who {
        Who::Process => k::RUSAGE_SELF as usize,
        Who::Thread => k::RUSAGE_THREAD as usize,
    };
    let mut usage = core::mem::MaybeUninit::<Rusage>::uninit();
    // SAFETY: the kernel writes one struct rusage into `usage`.
    unsafe { syscall::syscall2(nr::GETRUSAGE, who, usage.as_mut_ptr() as usize) }?;
    // SAFETY: the call succeeded, so the kernel filled in every field.
    Ok(unsafe { usage.assume_init() })
}

/// Minor page faults so far (`ru_minflt`): faults the kernel resolved
/// without reading from a disk, because the page was already in memory (in
/// the page cache, say) and only the page table had to be filled in or its
/// write permission granted. (A major fault, `ru_majflt`, had to read.)
pub fn minor_faults(who: Who) -> u64 {
    getrusage(who).map_or(0, |usage| usage.ru_minflt as u64)
}
