//! `Errno`: the error number the kernel hands back, with its name and meaning.
//!
//! The kernel never sets a global `errno`; that variable is libc's invention.
//! At the instruction level a failed call simply returns a small negative
//! number, `-EINVAL` for instance, in the result register (the architecture
//! files say which). This type is that number, made positive, with enough
//! knowledge to print itself the way the man pages talk about it.

use core::fmt;
use linux_raw_sys::errno as e;

/// An error number reported by the kernel, such as `EINVAL` (22 on most
/// architectures; the numbers differ on some, which is why they all come
/// from `linux-raw-sys`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(u16);

/// The largest error number the kernel returns. Results in
/// `-MAX_ERRNO..=-1` are errors; every other value is a success, even one
/// whose top bit is set (a 32-bit mmap can return an address above 2 GiB,
/// which looks negative as a signed number).
pub const MAX_ERRNO: usize = 4095;

macro_rules! errnos {
    ($($name:ident: $meaning:literal,)*) => {
        impl Errno {
            $(
                #[doc = concat!("`", stringify!($name), "`: ", $meaning, ".")]
                pub const $name: Errno = Errno(e::$name as u16);
            )*

            /// The symbolic name (`"EINVAL"`), or `"E?"` for a number this
            /// table does not know.
            pub const fn name(self) -> &'static str {
                match self.0 as u32 {
                    $( e::$name => stringify!($name), )*
                    _ => "E?",
                }
            }

            /// What the number means, in the words of errno(3).
            pub const fn meaning(self) -> &'static str {
                match self.0 as u32 {
                    $( e::$name => $meaning, )*
                    _ => "unknown error",
                }
            }
        }
    };
}

// One line per error this project's calls can plausibly return. Aliases
// (EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK, ENOTSUP = EOPNOTSUPP) are left
// out: they are the same numbers, and a match cannot list a number twice.
errnos! {
    EPERM: "Operation not permitted",
    ENOENT: "No such file or directory",
    ESRCH: "No such process",
    EINTR: "Interrupted function call",
    EIO: "Input/output error",
    ENXIO: "No such device or address",
    E2BIG: "Argument list too long",
    ENOEXEC: "Exec format error",
    EBADF: "Bad file descriptor",
    ECHILD: "No child processes",
    EAGAIN: "Resource temporarily unavailable",
    ENOMEM: "Not enough space / cannot allocate memory",
    EACCES: "Permission denied",
    EFAULT: "Bad address",
    EBUSY: "Device or resource busy",
    EEXIST: "File exists",
    EXDEV: "Invalid cross-device link",
    ENODEV: "No such device",
    ENOTDIR: "Not a directory",
    EISDIR: "Is a directory",
    EINVAL: "Invalid argument",
    ENFILE: "Too many open files in system",
    EMFILE: "Too many open files",
    ETXTBSY: "Text file busy",
    EFBIG: "File too large",
    ENOSPC: "No space left on device",
    ESPIPE: "Invalid seek",
    EROFS: "Read-only file system",
    EMLINK: "Too many links",
    EPIPE: "Broken pipe",
    ERANGE: "Result too large",
    EDEADLK: "Resource deadlock avoided",
    ENAMETOOLONG: "Filename too long",
    ENOSYS: "Function not implemented",
    ENOTEMPTY: "Directory not empty",
    ELOOP: "Too many levels of symbolic links",
    EOVERFLOW: "Value too large to be stored in data type",
    EOPNOTSUPP: "Operation not supported",
    ETIMEDOUT: "Connection timed out",
    EDQUOT: "Disk quota exceeded",
    EHWPOISON: "Memory page has hardware error",
}

impl Errno {
    /// Wraps a positive error number as the kernel defines it.
    pub const fn from_raw(raw: u16) -> Errno {
        Errno(raw)
    }

    /// The positive number, as C's `errno` would hold it.
    pub const fn raw(self) -> u16 {
        self.0
    }

    /// Decodes the convention most architectures use (x86_64, aarch64,
    /// riscv64, arm, i686, s390x, loongarch64): one register holds either the
    /// result or the negated error number.
    ///
    /// The test is "is it in `-4095..=-1`", not "is it negative". Addresses
    /// and sizes are unsigned; on a 32-bit system mmap may well return
    /// `0xb7f0_0000`, which is negative as an `i32` but is a good address.
    #[inline(always)]
    pub const fn from_negated_return(ret: usize) -> Result<usize, Errno> {
        if ret > usize::MAX - MAX_ERRNO {
            // `ret` is -errno in two's complement, so `0 - ret` is errno.
            Err(Errno(ret.wrapping_neg() as u16))
        } else {
            Ok(ret)
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            "E?" => write!(f, "E?({})", self.0),
            name => f.write_str(name),
        }
    }
}

/// Prints as the man pages put it: `EINVAL (Invalid argument)`.
impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({})", self, self.meaning())
    }
}
