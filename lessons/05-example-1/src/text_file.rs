//! The files the example runs on that already hold text (parts 1 and 2):
//! created afresh with exactly the given bytes, and said so.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_TRUNC, O_WRONLY};
use rt::{CPath, Escaped, or_exit, println};

/// Creates (or empties) `dir/name`, writes `text` into it, and prints what
/// it wrote. Exits the lesson if any step fails: without the file there is
/// nothing to show.
pub fn create(dir: &CStr, name: &str, text: &[u8]) -> CPath {
    let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_WRONLY | O_CREAT | O_TRUNC, 0o644),
        name,
    );
    or_exit(unistd::write_all(fd.raw(), text), name);
    drop(fd);
    println!(
        "wrote {} bytes to {path}: \"{}\"",
        text.len(),
        Escaped(text)
    );
    path
}
