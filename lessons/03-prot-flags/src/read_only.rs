//! Part 1: a PROT_READ page.
//!
//! The protection is not checked by mmap on each access: it is written into
//! the page-table entries, and the CPU's memory-management unit checks every
//! load and store against them. A store to a read-only page makes the MMU
//! raise a fault; the kernel sees that the mapping really is read-only (not,
//! say, a copy-on-write page waiting to be copied) and sends the process
//! SIGSEGV. So the write is tried in a forked child, and the parent reads the
//! child's fate from wait4.

use linux_raw_sys::general::SIGSEGV;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(Mapping::anonymous(page, Prot::READ), "mmap PROT_READ");
    println!(
        "mmap(NULL, {page}, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    let perms = crate::maps::show(map.addr());
    claim!(
        claims,
        perms == Some(*b"r--p"),
        "/proc/self/maps lists the page as {}: readable, not writable, not executable, private",
        crate::maps::text(&perms)
    );

    let byte = map.read(0);
    claim!(
        claims,
        byte == 0,
        "a read works: byte 0 is {byte} (anonymous memory starts zero-filled)"
    );

    // SAFETY: the child only stores one byte (expected to fault) and exits.
    let status = or_exit(
        unsafe {
            unistd::run_in_child(|| {
                map.write(0, 1);
                0
            })
        },
        "fork",
    );
    claim!(
        claims,
        status.signal() == Some(SIGSEGV),
        "a write in a child: {status}: the MMU refused the store and the kernel turned the \
         fault into SIGSEGV"
    );
}
