//! NUL-terminated strings built on the stack: there is no allocator here,
//! and execve wants every argument as a C string.

use core::ffi::{CStr, c_char};

/// Enough for a path or a test name (Rust test paths are far shorter).
const CAPACITY: usize = 512;

/// A C string assembled from pieces.
pub struct CBuf {
    buf: [u8; CAPACITY],
    len: usize, // without the NUL
}

impl CBuf {
    /// The concatenation of `parts`, or `None` if it would not fit or holds
    /// a NUL byte (which would cut the string short for the kernel).
    pub fn from_parts(parts: &[&[u8]]) -> Option<CBuf> {
        let mut buf = [0u8; CAPACITY];
        let mut len = 0;
        for part in parts {
            if part.contains(&0) || len + part.len() >= CAPACITY {
                return None;
            }
            buf[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        Some(CBuf { buf, len })
    }

    /// The string as the kernel wants it.
    pub fn as_cstr(&self) -> &CStr {
        // No NUL before `len` (checked above) and a zero at `len`.
        CStr::from_bytes_with_nul(&self.buf[..=self.len]).unwrap_or(c"")
    }

    /// A pointer for an argv or envp array.
    pub fn as_ptr(&self) -> *const c_char {
        self.as_cstr().as_ptr()
    }

    /// The bytes, without the NUL, for printing.
    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}
