//! Small text tools a program needs without an allocator: file paths built
//! in a stack buffer, and bytes printed so that every byte is visible.

use core::ffi::CStr;
use core::fmt;

/// The longest path `CPath` holds, NUL included. Linux's own limit
/// (PATH_MAX) is 4096; the paths of lessons and checks are far shorter.
const CAPACITY: usize = 512;

/// A NUL-terminated path built on the stack: `dir + "/" + name`.
pub struct CPath {
    buf: [u8; CAPACITY],
    len: usize, // without the NUL
}

impl CPath {
    /// Joins a directory and a file name; `None` if the result would not fit
    /// or `name` contains a NUL byte.
    pub fn join(dir: &CStr, name: &str) -> Option<CPath> {
        let dir = dir.to_bytes();
        let len = dir.len() + 1 + name.len();
        if len >= CAPACITY || name.as_bytes().contains(&0) {
            return None;
        }
        let mut buf = [0u8; CAPACITY];
        buf[..dir.len()].copy_from_slice(dir);
        buf[dir.len()] = b'/';
        buf[dir.len() + 1..len].copy_from_slice(name.as_bytes());
        Some(CPath { buf, len })
    }

    /// The path as the kernel wants it.
    pub fn as_cstr(&self) -> &CStr {
        // The buffer holds no NUL before `len` (checked in `join`) and a
        // zero at `len`, so this cannot fail.
        CStr::from_bytes_with_nul(&self.buf[..=self.len]).unwrap_or(c"")
    }
}

impl fmt::Display for CPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Escaped(&self.buf[..self.len]), f)
    }
}

/// Bytes shown as text: printable ASCII as itself, everything else as
/// `\xNN`, so a NUL or a stray byte is never invisible.
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0 {
            match b {
                b'\\' => f.write_str("\\\\")?,
                b'\n' => f.write_str("\\n")?,
                0x20..=0x7e => write!(f, "{}", b as char)?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        Ok(())
    }
}
