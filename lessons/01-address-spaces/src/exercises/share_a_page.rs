//! Checks exercise 1.1 (`exercises/1-share-a-page.rs`): a child forked
//! after `shared_page` stores into the page, and the parent must see the
//! stores; /proc/self/maps must show one shared, anonymous, read-write page.

use core::ffi::CStr;
use rt::{Claims, Escaped, MapsLine, claim, println};

use crate::child::{Shown, first_and_last, parents_line, peek, store_at_both_ends};
use crate::answers::share_a_page::shared_page;

/// What the child stores at the start of the page, and again at its end.
const MARK: &[u8; 16] = b"the child wrote!";

/// How the kernel names the hidden shmem file behind a shared anonymous
/// mapping (mm/shmem.c, `shmem_zero_setup`; lesson 01, part 5).
const SHMEM_NAME: &[u8] = b"/dev/zero (deleted)";

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let map = match shared_page(page) {
        Ok(map) => map,
        Err(e) => {
            claim!(claims, false, "shared_page({page}) returns a mapping: {e}");
            return;
        }
    };
    println!(
        "shared_page({page}) = a mapping at {:#x} of {} bytes; the parent forks, the child \
         stores \"{}\" at its first and last bytes and exits",
        map.addr(),
        map.len(),
        Escaped(MARK)
    );
    if !claim!(
        claims,
        map.len() == page,
        "the mapping is one page: {} bytes, the page size {page}",
        map.len()
    ) {
        return;
    }
    // Whether the page can be read at all is up to the answer (PROT_NONE
    // would kill the reader), so a child reads it first.
    let peeked = peek(&map, &[0; 16], &[0; 16]);
    claim!(
        claims,
        peeked.0.exited_ok(),
        "a child reads the page before any store: zeros at its start and end ({peeked})"
    );
    if peeked.died() {
        return;
    }

    let last = page - MARK.len();
    let ended = store_at_both_ends(&map, MARK);
    claim!(
        claims,
        ended.0.exited_ok(),
        "the child stored into the page at the same address {:#x} ({ended})",
        map.addr()
    );
    let (first, end) = first_and_last(&map);
    let seen = claim!(
        claims,
        first == *MARK && end == *MARK,
        "the parent reads the child's stores through its own mapping: {} at offset 0 and {} at \
         offset {last}",
        Shown(&first),
        Shown(&end)
    );
    if !seen {
        println!(
            "   (the child's stores went into a copy of the page that only the child had: \
             which mmap flag keeps one copy for both processes?)"
        );
    }

    let line = parents_line(map.addr());
    let (start, stop) = line.as_ref().map_or((0, 0), MapsLine::range);
    let perms = line.as_ref().map_or(&b""[..], |l| l.field(1));
    claim!(
        claims,
        perms == b"rw-s" && start == map.addr() && stop == map.addr() + page,
        "/proc/self/maps shows exactly this one page as 'rw-s' (readable, writable, shared): \
         '{}'",
        Escaped(perms)
    );
    let path = line.as_ref().map_or(&b""[..], MapsLine::path);
    let anonymous = claim!(
        claims,
        path == SHMEM_NAME,
        "the line names \"/dev/zero (deleted)\", the kernel's hidden file for shared anonymous \
         memory, not a file of yours: \"{}\"",
        Escaped(path)
    );
    if !anonymous && !path.is_empty() {
        println!("   (no file or descriptor is needed: which flag asks for memory with no file?)");
    }
}
