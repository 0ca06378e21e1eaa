//! The files the lesson maps: one page each, every byte the same letter, so
//! that any byte that changed stands out.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use rt::{CPath, or_exit};
use unistd::Fd;

/// Creates (or empties) `dir/name`, fills one page with `byte`, and returns
/// it open for reading and writing, with its path.
pub fn one_page(dir: &CStr, name: &str, page: usize, byte: u8) -> (Fd, CPath) {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "create a file to map",
    );
    let chunk = [byte; 256];
    let mut written = 0;
    while written < page {
        let n = chunk.len().min(page - written);
        or_exit(unistd::write_all(fd.raw(), &chunk[..n]), "write the file");
        written += n;
    }
    (fd, path)
}

/// Byte `offset` of the file as read(2) (pread) sees it, bypassing every
/// mapping.
pub fn byte_at(fd: &Fd, offset: u64) -> u8 {
    let mut b = [0u8; 1];
    or_exit(unistd::pread(fd, &mut b, offset), "pread");
    b[0]
}

/// A byte as a quoted character, for messages.
pub struct Ch(pub u8);

impl core::fmt::Display for Ch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "'{}'", rt::Escaped(&[self.0]))
    }
}
