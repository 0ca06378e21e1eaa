//! Page arithmetic. The kernel maps whole pages: an address passed to mmap
//! (with `MAP_FIXED`), munmap, msync or mprotect must be a multiple of the
//! page size, as must mmap's file offset, while a length is rounded up.
//!
//! The page size is a parameter, never a constant: it is 4 KiB on most x86_64
//! and aarch64 kernels, 16 KiB or 64 KiB on some aarch64 and powerpc64
//! kernels. A program learns it from the `AT_PAGESZ` entry of the auxiliary
//! vector that the kernel puts on its stack at start-up (see the `rt` crate).

/// Is `value` a multiple of `page_size`? (Every function here assumes
/// `page_size` is a power of two, as every Linux page size is.)
pub const fn is_aligned(value: usize, page_size: usize) -> bool {
    value & (page_size - 1) == 0
}

/// The largest multiple of `page_size` not above `value`.
pub const fn align_down(value: usize, page_size: usize) -> usize {
    value & !(page_size - 1)
}

/// The smallest multiple of `page_size` not below `value` (`None` on
/// overflow). This is the length the kernel really maps when asked for
/// `value` bytes: mmap(.., 40, ..) maps a whole page.
pub const fn align_up(value: usize, page_size: usize) -> Option<usize> {
    match value.checked_add(page_size - 1) {
        Some(v) => Some(align_down(v, page_size)),
        None => None,
    }
}

/// How many pages `len` bytes occupy once rounded up.
pub const fn pages_for(len: usize, page_size: usize) -> usize {
    len.div_ceil(page_size)
}
