//! A file whose every byte says where it is: byte i holds i mod 251. 251 is
//! prime, so no power-of-two shift of a window lines the pattern up again:
//! a window that starts a few bytes (or a page) off shows different bytes.

use core::ffi::CStr;
use unistd::Fd;

/// The byte at file offset `i`.
pub fn byte_at(i: u64) -> u8 {
    (i % 251) as u8
}

/// Creates `dir/name` holding `len` patterned bytes; returns it open
/// read-write.
pub fn create(dir: &CStr, name: &str, len: u64) -> Fd {
    rt::files::create_filled(dir, name, len, byte_at).1
}
