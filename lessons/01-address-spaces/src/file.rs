//! The files behind parts 4 and 6: one page long, starting with "original".

use crate::fork_round::{LEN, ORIGINAL, Value};
use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use rt::{CPath, or_exit, println};
use unistd::Fd;

/// Creates `dir/name` holding "original" and zeros up to one page, so the
/// whole mapped page is backed by the file (a page wholly past the end of
/// a file would raise SIGBUS when touched; lesson 05 shows that).
pub fn one_page(dir: &CStr, name: &str, page: usize) -> (CPath, Fd) {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create the file",
    );
    or_exit(unistd::write_all(fd.raw(), &ORIGINAL), "write the file");
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate");
    println!("{path}: {page} bytes, starting with \"original\"");
    (path, fd)
}

/// The file's first 16 bytes, read with read(2) through a fresh descriptor:
/// what any process opening the file would get.
pub fn first_bytes(path: &CPath) -> Value {
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY | O_CLOEXEC, 0),
        "reopen the file",
    );
    let mut value = [0; LEN];
    let mut got = 0;
    while got < LEN {
        match unistd::read(&fd, &mut value[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    value
}
