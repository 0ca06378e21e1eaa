//! Four system calls this lesson needs that the shared crates do not wrap:
//! getrusage (to count page faults), mlock and munlock (to lock a page in
//! memory), and fstatfs (to say which filesystem MS_SYNC is writing to).
//! Each is one raw call, numbered by `linux-raw-sys` for the target.

use linux_raw_sys::general as k;
use syscall::Errno;

/// The process's count of minor page faults so far: getrusage(2)'s
/// `ru_minflt` for `RUSAGE_SELF`.
///
/// A minor fault is one the kernel resolved without reading from a disk:
/// the page was already in memory (in the page cache, say) and only the page
/// table had to be filled in or its write permission granted.
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

/// mlock(2): keep the pages of `addr..addr+len` in RAM (and mark the
/// mapping `VM_LOCKED`). Limited by `RLIMIT_MEMLOCK` without privileges.
pub fn mlock(addr: *mut u8, len: usize) -> Result<(), Errno> {
    // SAFETY: mlock faults the pages in and pins them; it changes no
    // contents.
    unsafe { syscall::syscall2(k::__NR_mlock as usize, addr as usize, len) }.map(drop)
}

/// munlock(2): undo [`mlock`].
pub fn munlock(addr: *mut u8, len: usize) -> Result<(), Errno> {
    // SAFETY: as for mlock.
    unsafe { syscall::syscall2(k::__NR_munlock as usize, addr as usize, len) }.map(drop)
}

/// fstatfs(2): the magic number of the filesystem holding `fd`'s file.
pub fn filesystem_magic(fd: &unistd::Fd) -> Result<u64, Errno> {
    // SAFETY: an all-zero statfs is a valid value of a plain C struct.
    let mut st: k::statfs = unsafe { core::mem::zeroed() };
    // SAFETY: the kernel writes one struct statfs into `st`.
    unsafe {
        syscall::syscall2(
            k::__NR_fstatfs as usize,
            fd.raw() as usize,
            &mut st as *mut k::statfs as usize,
        )
    }?;
    Ok(st.f_type as u64)
}

/// Whether files on this filesystem have somewhere to be written back to.
/// tmpfs and ramfs keep them in memory only (tmpfs may swap, but fsync
/// does not write anything).
pub fn has_backing_store(magic: u64) -> bool {
    !matches!(magic as u32, k::TMPFS_MAGIC | k::RAMFS_MAGIC)
}

/// A name for the filesystems this lesson is likely to meet.
pub fn filesystem_name(magic: u64) -> &'static str {
    match magic as u32 {
        k::EXT4_SUPER_MAGIC => "ext2/3/4",
        k::TMPFS_MAGIC => "tmpfs (memory only: nothing to write back)",
        k::RAMFS_MAGIC => "ramfs (memory only: nothing to write back)",
        k::OVERLAYFS_SUPER_MAGIC => "overlayfs",
        k::BTRFS_SUPER_MAGIC => "btrfs",
        k::XFS_SUPER_MAGIC => "xfs",
        _ => "another filesystem",
    }
}
