//! The lesson's test file: page i is filled with one letter ('A' + i), so
//! any byte read through a mapping says which page of the file it is from.

use core::ffi::CStr;
use rt::CPath;
use unistd::Fd;

/// The letter of page `i`.
pub fn letter(i: usize) -> u8 {
    b'A' + (i % 26) as u8
}

/// Creates `dir/name` with `pages` lettered pages and returns it, open
/// read-write, with its path.
pub fn create(dir: &CStr, name: &str, pages: usize, page: usize) -> (Fd, CPath) {
    let len = (pages * page) as u64;
    let (path, fd) =
        rt::files::create_filled(dir, name, len, |i| letter((i / page as u64) as usize));
    (fd, path)
}
