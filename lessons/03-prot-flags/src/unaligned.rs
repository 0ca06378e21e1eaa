//! Part 5: mprotect works on whole pages, and says so.
//!
//! Rights live in page-table entries, one per page, so mprotect can only
//! change whole pages. Rather than guess which pages a misaligned address
//! meant, it refuses: `addr` must be a multiple of the page size, or the
//! call fails with EINVAL and nothing changes. The length, by contrast, is
//! rounded up: mprotect(addr, 1, ...) changes the whole page at addr.

use linux_raw_sys::general::SIGSEGV;
use mman::{Errno, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::anonymous(page, Prot::READ | Prot::WRITE),
        "mmap PROT_READ|PROT_WRITE",
    );
    let addr = map.addr();
    println!("a fresh page at {addr:#x}");
    crate::maps::show(addr);

    // SAFETY: the call is expected to fail; had it succeeded it would only
    // have made our own page read-only, and nothing holds a reference to it.
    let odd = unsafe { mman::mprotect(map.as_ptr().wrapping_add(1), page, Prot::READ) };
    println!("mprotect({:#x}, {page}, PROT_READ) = {odd:?}", addr + 1);
    let perms = crate::maps::show(addr);
    claim!(
        claims,
        odd == Err(Errno::EINVAL) && perms == Some(*b"rw-p"),
        "an address one byte past the page start: {odd:?}, and the page is still {}",
        crate::maps::text(&perms)
    );

    // SAFETY: makes our own page read-only; no reference into it exists and
    // the only write that follows is made in a child, to fault.
    let short = unsafe { mman::mprotect(map.as_ptr(), 1, Prot::READ) };
    println!("mprotect({addr:#x}, 1, PROT_READ) = {short:?}");
    let perms = crate::maps::show(addr);
    // SAFETY: the child stores one byte at the page's far end and exits.
    let status = or_exit(
        unsafe {
            unistd::run_in_child(|| {
                map.write(page - 1, 1);
                0
            })
        },
        "fork",
    );
    claim!(
        claims,
        short.is_ok() && perms == Some(*b"r--p") && status.signal() == Some(SIGSEGV),
        "an aligned address with length 1: {short:?}; the whole page became {} (a write to its \
         last byte, in a child: {status}): the length is rounded up to the page",
        crate::maps::text(&perms)
    );
}
