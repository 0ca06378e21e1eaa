//! Part 3: munmap of a range with nothing mapped in it.
//!
//! POSIX and Linux agree: it is not an error for the range to contain no
//! mapping; munmap removes whatever is there, which may be nothing, and
//! returns 0. (Compare msync and mprotect, which answer ENOMEM for an
//! unmapped range.) So munmap's success proves nothing about what was
//! mapped: it only promises that nothing is mapped there *now*.
//!
//! The empty range has to be one the lesson owns, or some other mapping
//! could be sitting there: it takes three read-write pages inside a guarded
//! reservation and unmaps the middle one. The pages on either side must be
//! read-write, not `PROT_NONE`: a `PROT_NONE` neighbour would share its
//! maps line with any other `PROT_NONE` mapping next to it (the kernel
//! merges alike neighbours; under QEMU on a busy machine this was seen about
//! once in 300 runs), and "unchanged" could then not be checked exactly.

use crate::guarded::{Guarded, Shown, line_range};
use crate::touch;
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

pub fn show(page: usize, claims: &mut Claims) {
    let area = Guarded::new(3, page);
    let start = area.start();
    let a = start as usize;
    // SAFETY: pages 0 and 2 of our read-write mapping; no reference exists.
    unsafe {
        start.write_volatile(b'L');
        start.add(2 * page).write_volatile(b'R');
    }
    let hole = start.wrapping_add(page);
    // SAFETY: the middle page is ours and nothing refers to it.
    or_exit(unsafe { mman::munmap(hole, page) }, "munmap the middle");
    println!(
        "three read-write pages at {a:#x} ('L' in the first, 'R' in the last, guard pages \
         around), and the middle one unmapped:"
    );
    area.print_maps();
    let empty = line_range(hole as usize).is_none();
    claim!(
        claims,
        empty,
        "nothing is mapped at {hole:p}: no maps line contains it"
    );

    // SAFETY: nothing is mapped there; there is nothing to destroy.
    let again = unsafe { mman::munmap(hole, page) };
    claim!(
        claims,
        again.is_ok(),
        "munmap({hole:p}, {page}) on that empty range = {again:?}: not an error"
    );
    let (left, right) = (line_range(a), line_range(a + 2 * page));
    let left_byte = touch::read_in_child(start);
    let right_byte = touch::read_in_child(start.wrapping_add(2 * page));
    claim!(
        claims,
        left == Some((a, a + page))
            && right == Some((a + 2 * page, a + 3 * page))
            && left_byte == WaitStatus::Exited(i32::from(b'L'))
            && right_byte == WaitStatus::Exited(i32::from(b'R')),
        "and it touched nothing else: the pages on either side are still listed as {} and {}, \
         and still read 'L' ({left_byte}) and 'R' ({right_byte})",
        Shown(left),
        Shown(right)
    );
}
