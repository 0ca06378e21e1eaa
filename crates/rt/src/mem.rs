//! memcpy, memmove, memset, memcmp, bcmp and strlen.
//!
//! The compiler calls these by name whenever it copies, fills or compares a
//! block of memory (a struct assignment, `[0u8; 512]`, a slice comparison),
//! even in `no_std` code. Normally libc provides them; a lesson links no
//! libc, so here they are, as plain byte loops.
//!
//! The loops use volatile accesses for one reason: the optimiser recognises
//! a byte-copy loop and replaces it with... a call to `memcpy`, which inside
//! `memcpy` would recurse forever. Volatile accesses cannot be merged or
//! replaced, so the loop stays a loop. Speed is not a concern for lessons.

/// Copies `n` bytes from `src` to `dest`; the ranges must not overlap.
///
/// # Safety
/// Both ranges must be valid for `n` bytes and must not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    for i in 0..n {
        // SAFETY: i < n, and the caller guarantees both ranges.
        unsafe { dest.add(i).write_volatile(src.add(i).read_volatile()) };
    }
    dest
}

/// Copies `n` bytes from `src` to `dest`; the ranges may overlap.
///
/// # Safety
/// Both ranges must be valid for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dest as usize) <= (src as usize) {
        // Copying forwards never overwrites a byte before it is read.
        for i in 0..n {
            // SAFETY: i < n, and the caller guarantees both ranges.
            unsafe { dest.add(i).write_volatile(src.add(i).read_volatile()) };
        }
    } else {
        // dest is above src: copy backwards for the same reason.
        for i in (0..n).rev() {
            // SAFETY: as above.
            unsafe { dest.add(i).write_volatile(src.add(i).read_volatile()) };
        }
    }
    dest
}

/// Sets `n` bytes at `dest` to the low byte of `c`.
///
/// # Safety
/// `dest` must be valid for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memset(dest: *mut u8, c: i32, n: usize) -> *mut u8 {
    for i in 0..n {
        // SAFETY: i < n, and the caller guarantees the range.
        unsafe { dest.add(i).write_volatile(c as u8) };
    }
    dest
}

/// Compares `n` bytes: negative, zero or positive as `a` sorts before,
/// equal to or after `b`.
///
/// # Safety
/// Both ranges must be valid for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    for i in 0..n {
        // SAFETY: i < n, and the caller guarantees both ranges.
        let (x, y) = unsafe { (a.add(i).read_volatile(), b.add(i).read_volatile()) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
    }
    0
}

/// Like `memcmp`, but only "equal or not" matters (zero or non-zero).
///
/// # Safety
/// Both ranges must be valid for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: passed on from the caller.
    unsafe { memcmp(a, b, n) }
}

/// Counts the bytes before the first NUL. `core` calls it for
/// `CStr::from_ptr`, which is how `rt::arg` reads the kernel's argv strings.
///
/// # Safety
/// `s` must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut n = 0;
    // SAFETY: the caller guarantees a NUL before the end of readable memory.
    while unsafe { s.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}
