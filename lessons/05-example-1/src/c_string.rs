//! What C's `printf("%s", p)` does with a pointer: read bytes until a NUL.
//! It has no idea how long the mapping is.

use rt::println;

/// Counts bytes from `p` up to the first NUL, as `strlen` does.
///
/// # Safety
/// Every byte up to and including the first NUL must be readable. If none
/// is, the reads run off the end of the mapping: SIGSEGV or SIGBUS.
pub unsafe fn strlen(p: *const u8) -> usize {
    let mut n = 0;
    // SAFETY: the caller's promise; volatile because the bytes are in a
    // shared mapping that another process could change under us.
    while unsafe { p.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}

/// Prints the bytes from `p` up to the first NUL, then a newline:
/// `printf("%s\n", p)`.
///
/// # Safety
/// As for [`strlen`].
pub unsafe fn print_c_string(p: *const u8) {
    // SAFETY: passed on from the caller.
    let len = unsafe { strlen(p) };
    let mut chunk = [0u8; 64];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(chunk.len());
        for (i, byte) in chunk[..n].iter_mut().enumerate() {
            // SAFETY: done + i < len, and strlen read these bytes already.
            *byte = unsafe { p.add(done + i).read_volatile() };
        }
        let _ = unistd::write_all(1, &chunk[..n]);
        done += n;
    }
    println!();
}
