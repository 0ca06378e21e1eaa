//! Part 1: munmap of a whole mapping.
//!
//! munmap removes the mapping from the process's list of mappings (its line
//! leaves /proc/self/maps) and its entries from the page tables. The
//! addresses are then simply not part of the address space: a touch is a
//! fault the kernel cannot resolve, so it sends SIGSEGV.

use crate::{guarded::line_range, touch};
use linux_raw_sys::general::SIGSEGV;
use mman::{MapFlags, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let len = 2 * page;
    // SAFETY: no MAP_FIXED: the kernel picks unused address space.
    let addr = or_exit(
        unsafe {
            mman::mmap(
                core::ptr::null_mut(),
                len,
                Prot::READ | Prot::WRITE,
                MapFlags::PRIVATE | MapFlags::ANONYMOUS,
                -1,
                0,
            )
        },
        "mmap",
    );
    println!(
        "mmap(NULL, {len}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {addr:p}"
    );
    // SAFETY: the first byte of the fresh mapping; no reference exists.
    unsafe { addr.write_volatile(b'x') };
    let first = addr as usize;
    if let Some(line) = rt::maps_line(first) {
        println!("  maps: {line}");
    }
    // The line may be longer than ours if the kernel merged our mapping
    // with a neighbour of the same kind; it must at least cover ours.
    let listed = line_range(first).is_some_and(|(s, e)| s <= first && first + len <= e);
    claim!(
        claims,
        listed,
        "before munmap, a maps line covers {first:#x}..{:#x}",
        first + len
    );

    // SAFETY: nothing refers to the mapping; it is never used again here
    // except by the child below, to show that it is gone.
    let unmapped = unsafe { mman::munmap(addr, len) };
    claim!(
        claims,
        unmapped.is_ok(),
        "munmap({addr:p}, {len}) = {unmapped:?}"
    );
    let gone = line_range(first).is_none() && line_range(first + len - 1).is_none();
    claim!(
        claims,
        gone,
        "no maps line contains {first:#x} or {:#x} any more",
        first + len - 1
    );

    // Nothing can have been mapped there since: this process
    // has one thread and made no mmap call in between.
    let status = touch::read_in_child(addr);
    claim!(
        claims,
        status.signal() == Some(SIGSEGV),
        "reading {addr:p} after munmap: child {status}"
    );
}
