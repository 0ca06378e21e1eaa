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

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;
    use std::vec;

    #[test]
    fn join_puts_one_slash_between_and_a_nul_after() {
        let path = CPath::join(c"/tmp/dir", "file").unwrap();
        assert_eq!(path.as_cstr(), c"/tmp/dir/file");
        assert_eq!(path.to_string(), "/tmp/dir/file");
    }

    #[test]
    fn join_refuses_a_nul_in_the_name() {
        assert!(CPath::join(c"/tmp", "a\0b").is_none());
    }

    #[test]
    fn join_takes_paths_up_to_the_capacity_less_the_nul() {
        // dir + "/" + name = CAPACITY - 1 bytes: the NUL still fits.
        let dir = std::ffi::CString::new(vec![b'd'; 10]).unwrap();
        let longest = "n".repeat(CAPACITY - 1 - 11);
        let path = CPath::join(&dir, &longest).unwrap();
        assert_eq!(path.as_cstr().to_bytes().len(), CAPACITY - 1);
        let too_long = "n".repeat(CAPACITY - 11);
        assert!(CPath::join(&dir, &too_long).is_none());
    }

    #[test]
    fn escaped_shows_every_byte() {
        let shown = Escaped(b"a \\\n\0\x7f~").to_string();
        assert_eq!(shown, "a \\\\\\n\\x00\\x7f~");
    }
}
