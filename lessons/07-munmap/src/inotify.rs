//! A witness for "is this file still open somewhere?": inotify(7).
//!
//! The kernel sends `IN_CLOSE_WRITE` for a file when the last reference to
//! an *open file* (the kernel's `struct file`, what open(2) created) that
//! was opened for writing goes away. A file descriptor is one reference; a
//! mapping is another. So the event's arrival tells us exactly when the
//! last of them was dropped: after close(2) if nothing else held the file,
//! or only at munmap (or exit) if a mapping did.
//!
//! (Not in the shared crates: two raw calls, made here directly.)

use core::ffi::CStr;
use linux_raw_sys::general::{
    __NR_inotify_add_watch, __NR_inotify_init1, IN_CLOEXEC, IN_CLOSE_WRITE, IN_NONBLOCK,
};
use mman::Errno;
use unistd::Fd;

/// An inotify instance watching one file for `IN_CLOSE_WRITE`.
pub struct CloseWatch {
    fd: Fd,
}

impl CloseWatch {
    /// inotify_init1(IN_NONBLOCK) + inotify_add_watch(path, IN_CLOSE_WRITE).
    pub fn new(path: &CStr) -> Result<CloseWatch, Errno> {
        // SAFETY: one flag word; the kernel returns a new descriptor.
        let raw = unsafe {
            syscall::syscall1(
                __NR_inotify_init1 as usize,
                (IN_NONBLOCK | IN_CLOEXEC) as usize,
            )
        }?;
        let fd = Fd::from_raw(raw as i32);
        // SAFETY: `path` is NUL-terminated and outlives the call.
        unsafe {
            syscall::syscall3(
                __NR_inotify_add_watch as usize,
                fd.raw() as usize,
                path.as_ptr() as usize,
                IN_CLOSE_WRITE as usize,
            )
        }?;
        Ok(CloseWatch { fd })
    }

    /// How many `IN_CLOSE_WRITE` events have arrived since the last call
    /// (they are consumed). Never waits: the descriptor is non-blocking, and
    /// an empty queue answers EAGAIN.
    pub fn closes(&self) -> Result<u32, Errno> {
        let mut count = 0;
        // Big enough for one event with a maximal name (16 + 256 bytes);
        // smaller would make read(2) fail with EINVAL.
        let mut buf = [0u8; 512];
        loop {
            let n = match unistd::read(&self.fd, &mut buf) {
                Ok(n) => n,
                Err(Errno::EAGAIN) => return Ok(count),
                Err(e) => return Err(e),
            };
            // struct inotify_event { int wd; u32 mask; u32 cookie; u32 len;
            // char name[len]; }, one after another.
            let mut at = 0;
            while at + 16 <= n {
                let word = |i: usize| {
                    let b = &buf[at + 4 * i..at + 4 * i + 4];
                    u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
                };
                if word(1) & IN_CLOSE_WRITE != 0 {
                    count += 1;
                }
                at += 16 + word(3) as usize;
            }
        }
    }
}

/// What [`CloseWatch::closes`] returned, for printing: `0 events`,
/// `1 event`, or the error.
pub struct Count(pub Result<u32, Errno>);

impl core::fmt::Display for Count {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Ok(1) => f.write_str("1 event"),
            Ok(n) => write!(f, "{n} events"),
            Err(e) => write!(f, "read failed: {e}"),
        }
    }
}
