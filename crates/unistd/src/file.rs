//! Files: openat, close, read, pread, write, fstat, ftruncate, unlinkat.
//!
//! A descriptor is a C `int`, and every one reaches the kernel through
//! `syscall::int_arg`, which sign-extends it to the register's width, as
//! libc does (its system-call macros take each argument as a C `long`). So
//! `AT_FDCWD`, -100, travels as `0xffff_ffff_ffff_ff9c` on a 64-bit machine,
//! not as `0x0000_0000_ffff_ff9c`. Linux itself reads only the low 32 bits
//! of an `int` argument (its `SYSCALL_DEFINE` wrappers convert each register
//! word to the declared type), so the upper half matters to what reads the
//! whole word: a seccomp filter (its `seccomp_data.args` are 64 bits), a
//! tracer such as strace or this course's `--trace`. Rust's `fd as usize`
//! would sign-extend as well (`as` from a signed integer extends by its
//! sign), but only a reader who knows the rule sees it; the named function
//! says it, in one way for every descriptor.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// The kernel's `struct stat` for this architecture. Its layout differs
/// between architectures, so it comes from `linux-raw-sys` rather than being
/// written out here.
#[cfg(target_pointer_width = "64")]
pub type Stat = k::stat;

/// On 32-bit systems, `struct stat64`, the one with 64-bit sizes that
/// fstat64 fills in.
#[cfg(target_pointer_width = "32")]
pub type Stat = k::stat64;

/// An open file descriptor that this code owns and closes on drop.
#[derive(Debug)]
pub struct Fd(i32);

impl Fd {
    /// The number, to pass to mmap or to print.
    pub fn raw(&self) -> i32 {
        self.0
    }

    /// Takes ownership of a descriptor number (it will be closed on drop).
    pub fn from_raw(fd: i32) -> Fd {
        Fd(fd)
    }

    /// Gives the number back without closing it.
    pub fn into_raw(self) -> i32 {
        let fd = self.0;
        core::mem::forget(self);
        fd
    }
}

impl Drop for Fd {
    fn drop(&mut self) {
        // Nothing useful can be done about a failed close in a destructor.
        let _ = close(self.0);
    }
}

/// openat(2) with `AT_FDCWD`: open `path` relative to the current directory.
///
/// `mode` is used only when `flags` has `O_CREAT` (or `O_TMPFILE`); the
/// kernel reads it from the third argument register whatever we pass. That
/// detail is the first pitfall of the tutorial's example.
#[inline]
pub fn open(path: &CStr, flags: u32, mode: u32) -> Result<Fd, Errno> {
    openat(k::AT_FDCWD, path, flags, mode)
}

/// openat(2): open `path` relative to directory `dirfd`.
#[inline]
pub fn openat(dirfd: i32, path: &CStr, flags: u32, mode: u32) -> Result<Fd, Errno> {
    // SAFETY: `path` is NUL-terminated and outlives the call; the other
    // arguments are plain numbers the kernel validates.
    let fd = unsafe {
        syscall::syscall4(
            nr::OPENAT,
            syscall::int_arg(dirfd),
            path.as_ptr() as usize,
            flags as usize,
            mode as usize,
        )
    }?;
    Ok(Fd(fd as i32))
}

/// close(2). After it, the number may be reused by the next open.
#[inline]
pub fn close(fd: i32) -> Result<(), Errno> {
    // SAFETY: closing a number has no memory effects in this process.
    unsafe { syscall::syscall1(nr::CLOSE, syscall::int_arg(fd)) }.map(drop)
}

/// read(2): up to `buf.len()` bytes from the file position; 0 means end of
/// file.
#[inline]
pub fn read(fd: &Fd, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    unsafe {
        syscall::syscall3(
            nr::READ,
            syscall::int_arg(fd.0),
            buf.as_mut_ptr() as usize,
            buf.len(),
        )
    }
}

/// pread64(2): like read, at `offset`, leaving the file position alone.
#[inline]
pub fn pread(fd: &Fd, buf: &mut [u8], offset: u64) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    unsafe {
        at_offset(
            nr::PREAD64,
            fd.0,
            buf.as_mut_ptr() as usize,
            buf.len(),
            offset,
        )
    }
}

/// pread64 and pwrite64 share a shape: fd, buffer, count, 64-bit offset.
/// How the 64-bit offset travels depends on the architecture.
///
/// # Safety
/// `buf..buf+count` must be valid for what call `nr` does to it.
#[cfg(target_pointer_width = "64")]
unsafe fn at_offset(
    nr: usize,
    fd: i32,
    buf: usize,
    count: usize,
    offset: u64,
) -> Result<usize, Errno> {
    // SAFETY: passed on from the caller; on 64-bit systems the offset fits
    // one register.
    unsafe { syscall::syscall4(nr, syscall::int_arg(fd), buf, count, offset as usize) }
}

/// 32-bit x86: the offset in two registers, low word first.
///
/// # Safety
/// `buf..buf+count` must be valid for what call `nr` does to it.
#[cfg(target_arch = "x86")]
unsafe fn at_offset(
    nr: usize,
    fd: i32,
    buf: usize,
    count: usize,
    offset: u64,
) -> Result<usize, Errno> {
    let (lo, hi) = split_u64(offset);
    // SAFETY: passed on from the caller.
    unsafe { syscall::syscall5(nr, syscall::int_arg(fd), buf, count, lo, hi) }
}

/// 32-bit ARM (EABI): a 64-bit argument must start in an even-numbered
/// register, so after fd, buf, count (r0..r2) one register (r3) is skipped
/// and the offset goes in r4 (low) and r5 (high).
///
/// # Safety
/// `buf..buf+count` must be valid for what call `nr` does to it.
#[cfg(target_arch = "arm")]
unsafe fn at_offset(
    nr: usize,
    fd: i32,
    buf: usize,
    count: usize,
    offset: u64,
) -> Result<usize, Errno> {
    let (lo, hi) = split_u64(offset);
    // SAFETY: passed on from the caller; r3 is the padding register.
    unsafe { syscall::syscall6(nr, syscall::int_arg(fd), buf, count, 0, lo, hi) }
}

/// A 64-bit value as two 32-bit register words, (low, high): how 32-bit
/// little-endian systems pass file sizes and offsets. Compiled on every
/// target (only 32-bit ones call it), so that a 64-bit host's tests check
/// it too.
#[cfg_attr(
    not(target_pointer_width = "32"),
    allow(
        dead_code,
        reason = "only 32-bit targets call it; compiled for the host's tests"
    )
)]
fn split_u64(value: u64) -> (usize, usize) {
    (value as u32 as usize, (value >> 32) as u32 as usize)
}

/// write(2): some prefix of `buf`; the count says how much.
#[inline]
pub fn write(fd: i32, buf: &[u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel reads at most buf.len() bytes from buf.
    unsafe {
        syscall::syscall3(
            nr::WRITE,
            syscall::int_arg(fd),
            buf.as_ptr() as usize,
            buf.len(),
        )
    }
}

/// Writes all of `buf`, calling write(2) again after a short write.
#[inline]
pub fn write_all(fd: i32, mut buf: &[u8]) -> Result<(), Errno> {
    while !buf.is_empty() {
        match write(fd, buf) {
            Ok(0) => return Err(Errno::EIO),
            Ok(n) => buf = &buf[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// fstat(2): size, mode and the rest of what the kernel knows of the file.
#[inline]
pub fn fstat(fd: &Fd) -> Result<Stat, Errno> {
    let mut st = core::mem::MaybeUninit::<Stat>::uninit();
    // SAFETY: the kernel fills the whole struct on success.
    unsafe { syscall::syscall2(nr::FSTAT, syscall::int_arg(fd.0), st.as_mut_ptr() as usize) }?;
    // SAFETY: the call succeeded, so every field was written.
    Ok(unsafe { st.assume_init() })
}

/// ftruncate(2): set the file's size, cutting or extending with zeros.
#[inline]
pub fn ftruncate(fd: &Fd, len: u64) -> Result<(), Errno> {
    #[cfg(target_pointer_width = "64")]
    // SAFETY: plain numbers; on 64-bit systems the length fits one register.
    let ret = unsafe { syscall::syscall2(nr::FTRUNCATE, syscall::int_arg(fd.0), len as usize) };
    #[cfg(target_arch = "x86")]
    // SAFETY: plain numbers; ftruncate64 takes the length as (low, high).
    let ret = unsafe {
        let (lo, hi) = split_u64(len);
        syscall::syscall3(nr::FTRUNCATE, syscall::int_arg(fd.0), lo, hi)
    };
    #[cfg(target_arch = "arm")]
    // SAFETY: plain numbers; the 64-bit length must start in an even
    // register, so r1 is padding and (r2, r3) hold (low, high).
    let ret = unsafe {
        let (lo, hi) = split_u64(len);
        syscall::syscall4(nr::FTRUNCATE, syscall::int_arg(fd.0), 0, lo, hi)
    };
    ret.map(drop)
}

/// unlinkat(2) with `AT_FDCWD`: remove a file's name.
#[inline]
pub fn unlink(path: &CStr) -> Result<(), Errno> {
    // SAFETY: `path` is NUL-terminated and outlives the call.
    unsafe {
        syscall::syscall3(
            nr::UNLINKAT,
            syscall::int_arg(k::AT_FDCWD),
            path.as_ptr() as usize,
            0,
        )
    }
    .map(drop)
}

/// umask(2): set the mask of permission bits that file creation clears, and
/// return the previous one. There is no call that only reads it: reading
/// means setting and setting back.
#[inline]
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask only changes a number in the process; it cannot fail.
    unsafe { syscall::syscall1(nr::UMASK, mask as usize) }.unwrap_or(0) as u32
}

/// pwrite64(2): write at `offset`, leaving the file position alone.
#[inline]
pub fn pwrite(fd: &Fd, buf: &[u8], offset: u64) -> Result<usize, Errno> {
    // SAFETY: the kernel reads at most buf.len() bytes from buf.
    unsafe { at_offset(nr::PWRITE64, fd.0, buf.as_ptr() as usize, buf.len(), offset) }
}

/// lseek(2) with `SEEK_SET`: move the file position to `offset`. (On
/// 32-bit systems plain lseek takes a 32-bit offset; larger ones are refused
/// with EOVERFLOW rather than cut short.)
#[inline]
pub fn seek_to(fd: &Fd, offset: u64) -> Result<u64, Errno> {
    let offset = usize::try_from(offset)
        .ok()
        .filter(|&o| o <= isize::MAX as usize)
        .ok_or(Errno::EOVERFLOW)?;
    // SAFETY: plain numbers.
    unsafe {
        syscall::syscall3(
            nr::LSEEK,
            syscall::int_arg(fd.0),
            offset,
            k::SEEK_SET as usize,
        )
    }
    .map(|pos| pos as u64)
}

/// pipe2(2): returns (read end, write end).
#[inline]
pub fn pipe(flags: u32) -> Result<(Fd, Fd), Errno> {
    let mut fds = [0i32; 2];
    // SAFETY: the kernel writes two ints into `fds`.
    unsafe { syscall::syscall2(nr::PIPE2, fds.as_mut_ptr() as usize, flags as usize) }?;
    Ok((Fd(fds[0]), Fd(fds[1])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_64_bit_value_splits_into_low_and_high_words() {
        assert_eq!(split_u64(0), (0, 0));
        assert_eq!(split_u64(40), (40, 0));
        assert_eq!(split_u64(0x1234_5678_9abc_def0), (0x9abc_def0, 0x1234_5678));
        assert_eq!(split_u64(u64::MAX), (0xffff_ffff, 0xffff_ffff));
    }

    #[test]
    fn into_raw_gives_back_the_number_without_closing_it() {
        // A number no descriptor of this process has: were it closed, the
        // close would fail harmlessly, but into_raw must not even try.
        let fd = Fd::from_raw(1_000_000);
        assert_eq!(fd.into_raw(), 1_000_000);
    }
}
