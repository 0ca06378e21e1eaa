//! The lesson's test file: page i is filled with one letter ('A' + i), so
//! any byte read through a mapping says which page of the file it is from.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use rt::{CPath, or_exit};
use unistd::Fd;

/// The letter of page `i`.
pub fn letter(i: usize) -> u8 {
    b'A' + (i % 26) as u8
}

/// Creates `dir/name` with `pages` lettered pages and returns it, open
/// read-write, with its path.
pub fn create(dir: &CStr, name: &str, pages: usize, page: usize) -> (Fd, CPath) {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        name,
    );
    for i in 0..pages {
        let fill = [letter(i); 512];
        let mut written = 0;
        while written < page {
            let n = (page - written).min(fill.len());
            or_exit(unistd::write_all(fd.raw(), &fill[..n]), name);
            written += n;
        }
    }
    (fd, path)
}
