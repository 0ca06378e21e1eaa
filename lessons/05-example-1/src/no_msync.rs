//! Part 1: the example on a file that already holds more than 40 bytes.
//!
//! Two claims the example's code makes without saying so:
//! - `printf("%s")` prints up to the first NUL, not 40 bytes. The kernel
//!   maps whole pages, and the part of the last page beyond the end of the
//!   file reads as zeros, so here it stops at the file's end.
//! - The zeroing reaches the file although msync and munmap are commented
//!   out. A MAP_SHARED mapping *is* the page cache's copy of the file; the
//!   store changed the file's page, and exit only removed the mapping.

use core::ffi::CStr;
use linux_raw_sys::general::O_RDONLY;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, Escaped, claim, or_exit, println};

/// What the file holds before the example runs: 67 bytes, no NUL.
pub const TEXT: &[u8] = b"Example 1 maps 40 bytes of this file; the line is longer than that\n";

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = crate::text_file::create(dir, "existing.txt", TEXT);

    // What will printf("%s") read? Map the file the same way and count.
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY, 0),
        "open existing.txt",
    );
    let map = or_exit(
        Mapping::new(40, Prot::READ, MapFlags::SHARED, fd.raw(), 0),
        "mmap existing.txt",
    );
    // SAFETY: the page is mapped and the file's bytes end before the page
    // does; the zero-filled tail supplies the NUL.
    let printed = unsafe { crate::c_string::strlen(map.as_ptr()) };
    claim!(
        claims,
        printed == TEXT.len(),
        "printf(\"%s\") reads {printed} bytes, not 40: it stops at the first NUL, which here is \
         the zero-filled part of the {page}-byte page after the file's {} bytes",
        TEXT.len()
    );
    drop(map);
    drop(fd);

    let status = crate::as_written::in_child(path.as_cstr(), 0o644);
    claim!(
        claims,
        status == unistd::WaitStatus::Exited(0),
        "the example ran to the end: child {status}"
    );

    // The child is gone, and with it the mapping. What does the file say?
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY, 0),
        "reopen existing.txt",
    );
    let mut back = [0xffu8; 128];
    let n = or_exit(unistd::read(&fd, &mut back), "read existing.txt");
    println!("read(2) now returns {n} bytes: \"{}\"", Escaped(&back[..n]));
    claim!(
        claims,
        n == TEXT.len() && back[..40].iter().all(|&b| b == 0),
        "without msync or munmap, the 40 zeroed bytes reached the file (the store went into the \
         page cache, which is the file)"
    );
    claim!(
        claims,
        n == TEXT.len() && back[40..n] == TEXT[40..],
        "bytes 40..{} are untouched, and the file's size is still {}",
        TEXT.len(),
        TEXT.len()
    );
}
