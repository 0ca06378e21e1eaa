//! Reading a text file line by line without an allocator, the way the
//! lessons read the kernel's /proc files (maps, smaps, cpuinfo): a fixed
//! buffer for the line, another for each read(2).

use core::ffi::CStr;
use linux_raw_sys::general::O_RDONLY;

/// Calls `visit` with each line of the file at `path`, without its newline,
/// in order, until `visit` returns false. A line longer than `N` bytes is
/// cut to its first `N` (choose `N` for the part of the line that matters).
/// Returns false if the file could not be opened.
pub fn for_each_line_in<const N: usize>(path: &CStr, mut visit: impl FnMut(&[u8]) -> bool) -> bool {
    let Ok(fd) = unistd::open(path, O_RDONLY, 0) else {
        return false;
    };
    let mut line = [0u8; N];
    let mut len = 0;
    let mut chunk = [0u8; 512];
    loop {
        let n = match unistd::read(&fd, &mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &chunk[..n] {
            if b == b'\n' {
                if !visit(&line[..len]) {
                    return true;
                }
                len = 0;
            } else if len < N {
                line[len] = b;
                len += 1;
            }
        }
    }
    if len > 0 {
        visit(&line[..len]);
    }
    true
}
