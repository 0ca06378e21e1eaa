//! Part 5: munmap's length is rounded up to whole pages.
//!
//! The page tables have no finer unit than a page, so neither has munmap:
//! `munmap(addr, 1)` removes the whole page at `addr`. The byte at
//! `addr + page - 1`, far from the one byte "asked for", is gone too. The
//! next page is not touched.

use crate::guarded::{Guarded, line_range};
use crate::touch;
use linux_raw_sys::general::SIGSEGV;
use rt::{Claims, claim, println};
use unistd::WaitStatus;

pub fn show(page: usize, claims: &mut Claims) {
    let area = Guarded::new(2, page);
    let start = area.start();
    let a = start as usize;
    // SAFETY: pages 0 and 1 of our read-write mapping; no reference exists.
    unsafe {
        core::ptr::write_bytes(start, b'P', page);
        core::ptr::write_bytes(start.add(page), b'Q', page);
    }
    println!("two pages at {start:p}, filled with 'P' and 'Q':");
    area.print_maps();

    // SAFETY: the first page is ours and nothing refers to it.
    let unmapped = unsafe { mman::munmap(start, 1) };
    claim!(
        claims,
        unmapped.is_ok(),
        "munmap({start:p}, 1) = {unmapped:?}"
    );
    println!("after:");
    area.print_maps();
    claim!(
        claims,
        line_range(a).is_none() && line_range(a + 1).is_none(),
        "the whole first page {a:#x}..{:#x} is gone from maps, not one byte of it",
        a + page
    );
    claim!(
        claims,
        line_range(a + page) == Some((a + page, a + 2 * page)),
        "the second page is still listed: {:#x}-{:#x}",
        a + page,
        a + 2 * page
    );
    // SAFETY: address arithmetic only.
    let last = unsafe { start.add(page - 1) };
    let status = touch::read_in_child(last);
    claim!(
        claims,
        status.signal() == Some(SIGSEGV),
        "reading {last:p}, the first page's last byte: child {status}"
    );
    // SAFETY: address arithmetic only.
    let next = touch::read_in_child(unsafe { start.add(page) });
    claim!(
        claims,
        next == WaitStatus::Exited(i32::from(b'Q')),
        "the second page still reads 'Q': child {next}"
    );
}
