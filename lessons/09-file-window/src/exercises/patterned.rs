//! A file whose every byte says where it is: byte i holds i mod 251. 251 is
//! prime, so no power-of-two shift of a window lines the pattern up again:
//! a window that starts a few bytes (or a page) off shows different bytes.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use rt::{CPath, or_exit};
use unistd::Fd;

/// The byte at file offset `i`.
pub fn byte_at(i: u64) -> u8 {
    (i % 251) as u8
}

/// Creates `dir/name` holding `len` patterned bytes; returns it open
/// read-write.
pub fn create(dir: &CStr, name: &str, len: u64) -> Fd {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        name,
    );
    let mut chunk = [0u8; 1004];
    let mut at = 0u64;
    while at < len {
        let n = (len - at).min(chunk.len() as u64) as usize;
        for (i, byte) in chunk[..n].iter_mut().enumerate() {
            *byte = byte_at(at + i as u64);
        }
        or_exit(unistd::write_all(fd.raw(), &chunk[..n]), name);
        at += n as u64;
    }
    fd
}
