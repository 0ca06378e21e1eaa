//! The files a lesson or an exercise check works on: created afresh in its
//! work directory, so that nothing a previous run left can change what
//! this run shows.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use unistd::Fd;

use crate::{CPath, or_exit};

/// Creates (or empties) `dir/name`, mode 0600, and returns its path and a
/// read-write descriptor. Exits the program if that fails: without the
/// file there is nothing to show.
pub fn create(dir: &CStr, name: &str) -> (CPath, Fd) {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        name,
    );
    (path, fd)
}

/// [`create`], then writes `len` bytes, byte `i` being `byte_at(i)`. The
/// descriptor's file position is left at the end.
pub fn create_filled(
    dir: &CStr,
    name: &str,
    len: u64,
    mut byte_at: impl FnMut(u64) -> u8,
) -> (CPath, Fd) {
    let (path, fd) = create(dir, name);
    let mut chunk = [0u8; 512];
    let mut at = 0u64;
    while at < len {
        let n = (len - at).min(chunk.len() as u64) as usize;
        for (i, byte) in chunk[..n].iter_mut().enumerate() {
            *byte = byte_at(at + i as u64);
        }
        or_exit(unistd::write_all(fd.raw(), &chunk[..n]), name);
        at += n as u64;
    }
    (path, fd)
}
