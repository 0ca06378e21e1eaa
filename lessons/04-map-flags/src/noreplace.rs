//! Part 5: MAP_FIXED_NOREPLACE, the safe MAP_FIXED (Linux 4.17).
//!
//! It places the mapping exactly at `addr` like MAP_FIXED, but if anything
//! is already mapped in the range it fails with EEXIST instead of replacing
//! it. Kernels older than 4.17 do not know the flag, ignore it, and so treat
//! `addr` as a mere hint: they return a mapping somewhere else. mmap(2) says
//! to check for that by comparing the returned address with the one asked
//! for, and this lesson does. Under QEMU user mode the answer comes from
//! QEMU's own mmap, not from a kernel, and the lesson says so.

use mman::{Errno, MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

const OLD: u8 = 0xbb;

/// mmap with MAP_FIXED_NOREPLACE of one anonymous page at `addr`.
fn map_noreplace(addr: *mut u8, page: usize) -> Result<*mut u8, Errno> {
    // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping; it
    // either maps into free address space or fails.
    unsafe {
        mman::mmap(
            addr,
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED_NOREPLACE,
            -1,
            0,
        )
    }
}

/// Why whoever answered could ignore the flag. QEMU user mode decides in its
/// own mmap code, before any kernel sees the call, so no release explains it.
fn why_ignored() -> &'static str {
    if rt::emulator::emulator().is_some() {
        "QEMU user mode reimplements mmap and answered, not the kernel"
    } else {
        "kernels before 4.17 do not know the flag"
    }
}

pub fn show(page: usize, claims: &mut Claims) {
    let region = or_exit(
        Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE),
        "mmap three pages",
    );
    region.fill(OLD);
    let want = region.as_ptr().wrapping_add(page);
    println!(
        "three anonymous pages at {:#x}, every byte {OLD:#x}",
        region.addr()
    );

    let got = map_noreplace(want, page);
    println!(
        "mmap({want:p}, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|\
         MAP_FIXED_NOREPLACE, -1, 0) = {got:?}"
    );
    match got {
        Err(e) => {
            claim!(
                claims,
                e == Errno::EEXIST,
                "over an existing mapping it fails with {e} instead of replacing it"
            );
        }
        Ok(p) if p != want => {
            claim!(
                claims,
                false,
                "over an existing mapping it fails with EEXIST: it did not; it returned {p:p}, \
                 not {want:p}, so {} ignored the flag and took the address as a hint; {}",
                rt::emulator::Answerer,
                why_ignored()
            );
            // SAFETY: the page at `p` is the one this call just created.
            let _ = unsafe { mman::munmap(p, page) };
        }
        Ok(p) => {
            claim!(
                claims,
                false,
                "over an existing mapping it fails with EEXIST: it did not; it replaced the \
                 mapping at {p:p}"
            );
        }
    }
    let middle = region.read(page);
    claim!(
        claims,
        middle == OLD,
        "the existing page is untouched: it still reads {middle:#x}"
    );

    // SAFETY: unmaps page 1 of our own region; nothing refers to it.
    or_exit(unsafe { mman::munmap(want, page) }, "munmap page 1");
    println!("munmap({want:p}, {page}) = 0   (a one-page hole in the region)");
    let got = map_noreplace(want, page);
    println!("the same MAP_FIXED_NOREPLACE call again = {got:?}");
    crate::maps::show(want as usize);
    // The region's Drop unmaps all three pages, this new one included.
    claim!(
        claims,
        got == Ok(want) && region.read(page) == 0,
        "into the hole it succeeds, exactly at {want:p}, with a fresh zero-filled page"
    );
}
