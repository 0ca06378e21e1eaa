//! Part 2: the example on a file shorter than 40 bytes, but not empty.
//!
//! The kernel maps whole pages, and a file's last page is backed even where
//! it runs past the end of the file. So on a 10-byte file all 40 bytes of
//! the mapping can be read and written without a signal: no SIGBUS (that
//! needs a page wholly past the end, part 3). But only the first 10 bytes
//! are the file's. The other 30 stores land in the page's tail, and mmap(2)
//! says of it: "modifications to that region are not written out to the
//! file". A mapping never changes the file's size either, so they are lost,
//! silently.

use core::ffi::CStr;
use linux_raw_sys::general::O_RDONLY;
use rt::{Claims, Escaped, claim, or_exit, println};

/// What the file holds before the example runs: 10 bytes.
const TEXT: &[u8] = b"ten bytes\n";

pub fn show(dir: &CStr, claims: &mut Claims) {
    let path = crate::text_file::create(dir, "short.txt", TEXT);

    let status = crate::as_written::in_child(path.as_cstr(), 0o644);
    claim!(
        claims,
        status == unistd::WaitStatus::Exited(0),
        "the example ran to the end, all 40 bytes written: child {status}; no SIGBUS, because \
         the file's one partial page is backed, past its end included"
    );

    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY, 0),
        "reopen short.txt",
    );
    let mut back = [0xffu8; 64];
    let n = or_exit(unistd::read(&fd, &mut back), "read short.txt");
    println!("read(2) now returns {n} bytes: \"{}\"", Escaped(&back[..n]));
    claim!(
        claims,
        n == TEXT.len() && back[..n].iter().all(|&b| b == 0),
        "the file still holds {} bytes, now zero: the other {} of the 40 stores went past the end \
         of the file and are lost, without a signal or an error",
        TEXT.len(),
        40 - TEXT.len()
    );
}
