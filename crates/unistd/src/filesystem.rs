//! fstatfs(2), to say which file system a file lives on: what msync(MS_SYNC)
//! writes to (lesson 06), and whether the part of a page past the end of a
//! file is ever written back and zeroed (lesson 09).

use linux_raw_sys::general as k;
use syscall::Errno;

/// fstatfs(2): the magic number of the filesystem holding `fd`'s file.
pub fn filesystem_magic(fd: &crate::Fd) -> Result<u64, Errno> {
    // SAFETY: an all-zero statfs is a valid value of a plain C struct.
    let mut st: k::statfs = unsafe { core::mem::zeroed() };
    // SAFETY: the kernel writes one struct statfs into `st`.
    unsafe {
        syscall::syscall2(
            k::__NR_fstatfs as usize,
            syscall::int_arg(fd.raw()),
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

/// Whether writing a file's last page back zeroes the part of it past the
/// end of the file, on this file system: true only where that path has
/// been read in the kernel source. ext2/3/4 (one magic number):
/// `ext4_bio_write_folio`, `block_write_full_folio`, `mpage_writepages`;
/// xfs: iomap's `iomap_writepage_handle_eof`; btrfs: `extent_writepage`.
/// False for tmpfs and ramfs, which never write back, and for every other
/// file system, whose answer is unknown here: overlayfs, for one, reports
/// its own magic and hands the page to its upper layer's file system.
pub fn zeroes_past_eof_on_writeback(magic: u64) -> bool {
    matches!(
        magic as u32,
        k::EXT4_SUPER_MAGIC | k::XFS_SUPER_MAGIC | k::BTRFS_SUPER_MAGIC
    )
}

/// A name for the file systems the lessons are likely to meet.
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
