//! Part 2: a PROT_NONE page.
//!
//! PROT_NONE is zero: no right at all. The address range is taken (nothing
//! else will be mapped there) but every access faults. That is what it is
//! for: guard pages beside stacks and buffers, and reserving address space
//! to fill in later with MAP_FIXED or mprotect.

use linux_raw_sys::general::SIGSEGV;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(Mapping::anonymous(page, Prot::NONE), "mmap PROT_NONE");
    println!(
        "mmap(NULL, {page}, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    let perms = crate::maps::show(map.addr());
    claim!(
        claims,
        perms == Some(*b"---p"),
        "/proc/self/maps lists the page as {}: mapped, but with no right at all",
        crate::maps::text(&perms)
    );

    // SAFETY: the child only loads one byte (expected to fault) and exits.
    let status = or_exit(
        unsafe { unistd::run_in_child(|| i32::from(map.read(0))) },
        "fork",
    );
    claim!(
        claims,
        status.signal() == Some(SIGSEGV),
        "a read in a child: {status}: even looking is forbidden"
    );
}
