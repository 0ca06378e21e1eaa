//! Part 4: what msync refuses, in the order mm/msync.c checks it.
//!
//! 1. flag bits other than MS_ASYNC | MS_INVALIDATE | MS_SYNC: EINVAL;
//! 2. an address that is not a multiple of the page size: EINVAL;
//! 3. MS_SYNC and MS_ASYNC together: EINVAL;
//! 4. (length rounded up to pages; length 0 returns 0 here, part 2)
//! 5. any part of the range not mapped: ENOMEM. With MS_SYNC the kernel
//!    still writes back the mapped parts, then reports the hole.

use mman::{Errno, Mapping, MsyncFlags, Prot};
use rt::{Claims, claim, or_exit, println};

/// msync with raw flag bits; it changes no memory in any case.
fn msync(addr: *mut u8, len: usize, flags: u32) -> Result<(), Errno> {
    // SAFETY: msync only reads page tables and writes back page-cache
    // pages; with flags this lesson passes it cannot change memory.
    unsafe { mman::msync(addr, len, MsyncFlags::from_bits_retain(flags)) }
}

fn expect(claims: &mut Claims, call: &str, got: Result<(), Errno>, want: Errno, why: &str) {
    claim!(
        claims,
        got == Err(want),
        "{call} = {}: {why}",
        match got {
            Ok(()) => "0",
            Err(e) => e.name(),
        }
    );
}

/// Like `expect(.., ENOMEM, ..)` for a range with unmapped parts, except
/// for a 32-bit guest under QEMU user mode: QEMU reserved the guest's whole
/// address space in the host, so the host kernel finds a (PROT_NONE) mapping
/// there and msync returns 0. The lesson claims what really happens and
/// says what a kernel of this architecture would answer.
fn expect_unmapped(claims: &mut Claims, call: &str, got: Result<(), Errno>, why: &str) {
    if rt::emulator::is_qemu_32bit_guest() {
        claim!(
            claims,
            got.is_ok(),
            "{call} = {} under QEMU with a 32-bit guest, where a kernel says ENOMEM ({why}): \
             QEMU reserved the guest's whole address space in the host",
            match got {
                Ok(()) => "0",
                Err(e) => e.name(),
            }
        );
    } else {
        expect(claims, call, got, Errno::ENOMEM, why);
    }
}

pub fn show(page: usize, claims: &mut Claims) {
    let sync = MsyncFlags::SYNC.bits();
    let both = (MsyncFlags::SYNC | MsyncFlags::ASYNC).bits();
    // Three pages; the middle one is then unmapped, leaving a hole.
    let three = or_exit(
        Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE),
        "mmap three pages",
    );
    let base = three.as_ptr();
    println!("three anonymous pages at {base:p}");

    expect(
        claims,
        "msync(addr, page, MS_SYNC|MS_ASYNC)",
        msync(base, page, both),
        Errno::EINVAL,
        "the two are contradictory",
    );
    expect(
        claims,
        "msync(addr + 1, 1, MS_SYNC)",
        msync(base.wrapping_add(1), 1, sync),
        Errno::EINVAL,
        "the address must be page-aligned (the length need not be: it is rounded up)",
    );
    expect(
        claims,
        "msync(addr, page, 0x100)",
        msync(base, page, 0x100),
        Errno::EINVAL,
        "an unknown flag bit",
    );

    // Make the hole: unmap the middle page.
    // SAFETY: the middle page belongs to `three`, and nothing refers to it;
    // `three`'s drop later unmaps all three pages, which is harmless for the
    // one already gone.
    or_exit(
        unsafe { mman::munmap(base.wrapping_add(page), page) },
        "munmap the middle page",
    );
    println!(
        "unmapped the middle page: {page} bytes at {:p}",
        base.wrapping_add(page)
    );
    expect_unmapped(
        claims,
        "msync(addr, 3 pages, MS_SYNC)",
        msync(base, 3 * page, sync),
        "the range is not wholly mapped (the middle page is a hole)",
    );
    expect_unmapped(
        claims,
        "msync(addr + page, page, MS_SYNC)",
        msync(base.wrapping_add(page), page, sync),
        "nothing at all is mapped there",
    );
    expect_unmapped(
        claims,
        "msync(addr, 2 pages, MS_SYNC)",
        msync(base, 2 * page, sync),
        "a range that runs off the end of a mapping into unmapped space",
    );
    let first = msync(base, page, sync);
    claim!(
        claims,
        first.is_ok(),
        "msync(addr, page, MS_SYNC) = {first:?}: the first page alone is still fine"
    );
}
