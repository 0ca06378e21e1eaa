//! Part 2: munmap of the middle page of a three-page mapping.
//!
//! munmap works on address ranges, not on "mappings": any page-aligned
//! range may be removed, and a mapping that loses its middle becomes two
//! mappings. The kernel splits the one entry (a VMA, virtual memory area)
//! into two, and /proc/self/maps shows two lines. The pages on either side
//! are untouched: the same physical pages, the same contents.

use crate::guarded::{Guarded, Shown, line_range};
use crate::touch;
use linux_raw_sys::general::SIGSEGV;
use rt::{Claims, claim, println};
use unistd::WaitStatus;

pub fn show(page: usize, claims: &mut Claims) {
    let area = Guarded::new(3, page);
    let start = area.start();
    let a = start as usize;
    for (i, fill) in [b'A', b'B', b'C'].into_iter().enumerate() {
        // SAFETY: pages 0..3 of our read-write mapping; no reference exists.
        unsafe { core::ptr::write_bytes(start.add(i * page), fill, page) };
    }
    println!("three pages at {a:#x}, filled with 'A', 'B', 'C' (guard pages on each side):");
    area.print_maps();
    claim!(
        claims,
        line_range(a) == Some((a, a + 3 * page)),
        "one maps line: {a:#x}-{:#x}",
        a + 3 * page
    );

    // SAFETY: the middle page is ours and nothing refers to it.
    let middle = unsafe { start.add(page) };
    // SAFETY: as above.
    let unmapped = unsafe { mman::munmap(middle, page) };
    claim!(
        claims,
        unmapped.is_ok(),
        "munmap({middle:p}, {page}) = {unmapped:?}"
    );
    println!("after:");
    area.print_maps();
    let left = line_range(a);
    let right = line_range(a + 2 * page);
    claim!(
        claims,
        left == Some((a, a + page)) && right == Some((a + 2 * page, a + 3 * page)),
        "two maps lines now, {} and {}: the mapping split in two",
        Shown(left),
        Shown(right)
    );
    claim!(
        claims,
        line_range(a + page).is_none(),
        "no line contains the middle page {:#x}..{:#x}",
        a + page,
        a + 2 * page
    );

    let hole = touch::read_in_child(middle);
    claim!(
        claims,
        hole.signal() == Some(SIGSEGV),
        "reading the hole at {middle:p}: child {hole}"
    );
    // The last byte of the left page and the first of the right page: the
    // bytes nearest the hole on each side.
    // SAFETY: address arithmetic only.
    let (left_edge, right_edge) = unsafe { (start.add(page - 1), start.add(2 * page)) };
    let l = touch::read_in_child(left_edge);
    let r = touch::read_in_child(right_edge);
    claim!(
        claims,
        l == WaitStatus::Exited(i32::from(b'A')) && r == WaitStatus::Exited(i32::from(b'C')),
        "both sides keep their contents: a child reading the byte just before the hole {l}, one \
         reading the byte just after it {r} (the byte read is the exit status: 'A' is 65, 'C' \
         is 67)"
    );
    drop(area);
}
