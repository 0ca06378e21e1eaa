//! Parts 1 and 2: MAP_SHARED and MAP_PRIVATE on the same file at once.
//!
//! A MAP_SHARED mapping *is* the file's page in the page cache: a store
//! through it changes the file, and read(2) and every other shared mapping
//! see it. A MAP_PRIVATE mapping starts out pointing at that same page-cache
//! page, but read-only in the page tables. Its first write to a page faults,
//! and the kernel copies the whole page, maps the copy (writable) in its
//! place, and lets the write proceed into the copy: copy-on-write. From then
//! on that page of the private mapping is its own, and is never written to
//! the file.
//!
//! So what the private mapping sees of someone else's writes depends on
//! *when*: before its first write to a page it sees the file's current
//! bytes, after it only its copy.

use core::ffi::CStr;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

use crate::file::{Ch, byte_at, one_page};

const ORIGINAL: u8 = b'o';

fn map_both(fd: i32, page: usize) -> (Mapping, Mapping) {
    let shared = or_exit(
        Mapping::new(page, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd, 0),
        "mmap MAP_SHARED",
    );
    let private = or_exit(
        Mapping::new(page, Prot::READ | Prot::WRITE, MapFlags::PRIVATE, fd, 0),
        "mmap MAP_PRIVATE",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED, {fd}, 0)  = {:#x}",
        shared.addr()
    );
    crate::maps::show(shared.addr());
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE, {fd}, 0) = {:#x}",
        private.addr()
    );
    crate::maps::show(private.addr());
    (shared, private)
}

/// Part 1: the private mapping writes first.
pub fn private_first(dir: &CStr, page: usize, claims: &mut Claims) {
    let (fd, path) = one_page(dir, "private-first.txt", page, ORIGINAL);
    println!("{path}: one page of {}", Ch(ORIGINAL));
    let (shared, private) = map_both(fd.raw(), page);

    private.write(0, b'P');
    println!("private[0] = 'P'");
    let (p, s, f) = (private.read(0), shared.read(0), byte_at(&fd, 0));
    claim!(
        claims,
        p == b'P' && s == ORIGINAL && f == ORIGINAL,
        "the private write stays private: private[0] = {}, but shared[0] = {} and read(2) of the \
         file gives {}",
        Ch(p),
        Ch(s),
        Ch(f)
    );

    shared.write(0, b'S');
    shared.write(1, b'S');
    println!("shared[0] = 'S'; shared[1] = 'S' (a byte the private mapping never wrote)");
    let (f0, f1) = (byte_at(&fd, 0), byte_at(&fd, 1));
    let (p0, p1) = (private.read(0), private.read(1));
    claim!(
        claims,
        f0 == b'S' && f1 == b'S' && p0 == b'P' && p1 == ORIGINAL,
        "the shared writes reach the file (read(2): {} {}), but the private mapping sees neither \
         (private[0] = {}, private[1] = {}): since its write it has its own copy of the whole page",
        Ch(f0),
        Ch(f1),
        Ch(p0),
        Ch(p1)
    );
}

/// Part 2: the shared mapping writes first.
pub fn shared_first(dir: &CStr, page: usize, claims: &mut Claims) {
    let (fd, path) = one_page(dir, "shared-first.txt", page, ORIGINAL);
    println!("{path}: one page of {}", Ch(ORIGINAL));
    let (shared, private) = map_both(fd.raw(), page);

    // Read through the private mapping first: the page is now mapped into
    // it (read-only, the page cache's page), so what follows is not about
    // a page that was never touched.
    let before = private.read(0);
    println!("private[0] reads {}", Ch(before));

    shared.write(0, b'S');
    println!("shared[0] = 'S'");
    let (p, f) = (private.read(0), byte_at(&fd, 0));
    claim!(
        claims,
        before == ORIGINAL && p == b'S' && f == b'S',
        "before the private mapping writes, it sees the shared write: private[0] = {} (read(2): \
         {}); MAP_PRIVATE is not a snapshot taken at mmap time",
        Ch(p),
        Ch(f)
    );

    private.write(1, b'P');
    println!("private[1] = 'P'  (the copy-on-write fault copies the page now)");
    shared.write(2, b'T');
    println!("shared[2] = 'T'");
    let (p0, p1, p2, f2) = (
        private.read(0),
        private.read(1),
        private.read(2),
        byte_at(&fd, 2),
    );
    claim!(
        claims,
        p0 == b'S' && p1 == b'P' && p2 == ORIGINAL && f2 == b'T',
        "after the private write, it no longer does: private[2] = {} while read(2) gives {}; its \
         copy holds the page as it was at the copy (private[0] = {}) plus its own write \
         (private[1] = {})",
        Ch(p2),
        Ch(f2),
        Ch(p0),
        Ch(p1)
    );
}
