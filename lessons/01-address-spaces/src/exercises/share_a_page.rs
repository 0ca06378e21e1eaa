//! Checks exercise 1.1 (`exercises/1-share-a-page.rs`): a child forked
//! after `shared_page` stores into the page, and the parent must see the
//! stores; /proc/self/maps must show one shared, anonymous, read-write page.

use core::ffi::CStr;
use rt::{Claims, Escaped, claim, or_exit, println};

use crate::child::{LIMIT_NS, OTHER_BYTES, Outcome, Shown, first_and_last};
use crate::maps_fields;
use crate::share_a_page_answer::shared_page;

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
    // would kill the reader), so a child reads it first; once one could,
    // the parent can too: same mapping, same protection.
    // SAFETY: the child makes raw system calls and volatile loads only.
    let peeked = or_exit(
        unsafe {
            unistd::run_in_child_for(
                || {
                    if first_and_last(&map) == ([0; 16], [0; 16]) {
                        0
                    } else {
                        OTHER_BYTES
                    }
                },
                LIMIT_NS,
            )
        },
        "fork",
    );
    let peeked = Outcome(peeked);
    claim!(
        claims,
        peeked.succeeded(),
        "a child reads the page before any store: zeros at its start and end ({peeked})"
    );
    if peeked.died() {
        return;
    }

    let last = page - MARK.len();
    // SAFETY: the child makes raw system calls and volatile stores only.
    let ended = or_exit(
        unsafe {
            unistd::run_in_child_for(
                || {
                    map.write_from(0, MARK);
                    map.write_from(last, MARK);
                    0
                },
                LIMIT_NS,
            )
        },
        "fork",
    );
    claim!(
        claims,
        Outcome(ended).succeeded(),
        "the child stored into the page at the same address {:#x} ({})",
        map.addr(),
        Outcome(ended)
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

    let line = rt::maps_line(map.addr());
    let text = line.as_ref().map_or(&b""[..], |l| l.as_bytes());
    println!("  parent's maps: {}", Escaped(text));
    let (start, stop) = line.as_ref().map_or((0, 0), |l| l.range());
    let perms = maps_fields::field(text, 1);
    claim!(
        claims,
        perms == b"rw-s" && start == map.addr() && stop == map.addr() + page,
        "/proc/self/maps shows exactly this one page as 'rw-s' (readable, writable, shared): \
         '{}'",
        Escaped(perms)
    );
    let path = maps_fields::path(text);
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
