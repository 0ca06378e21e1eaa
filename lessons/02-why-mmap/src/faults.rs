//! Counting page faults: getrusage(2), which the shared crates do not wrap.

use linux_raw_sys::general as k;

/// The process's count of minor page faults so far: getrusage(2)'s
/// `ru_minflt` for `RUSAGE_SELF`.
///
/// A minor fault is one the kernel resolved without waiting for a disk: the
/// page was already in memory (here: in the page cache, because the file was
/// just written) and only this process's page table had to be filled in.
/// (A major fault, `ru_majflt`, would have had to read the page first.)
pub fn minor_faults() -> u64 {
    // SAFETY: an all-zero rusage is a valid value of a plain C struct.
    let mut usage: k::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: the kernel writes one struct rusage into `usage`.
    let ret = unsafe {
        syscall::syscall2(
            k::__NR_getrusage as usize,
            k::RUSAGE_SELF as usize,
            &mut usage as *mut k::rusage as usize,
        )
    };
    match ret {
        Ok(_) => usage.ru_minflt as u64,
        Err(_) => 0,
    }
}
