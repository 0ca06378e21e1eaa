//! Checks exercise 1.2 (`exercises/2-keep-the-file.rs`): the answer's
//! mapping must show the file's bytes and be the file (its maps line names
//! it), and after a forked child has stored into it, read(2) of the file
//! and the parent's mapping must still show the original bytes.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};
use unistd::Fd;

use crate::child::{LIMIT_NS, OTHER_BYTES, Outcome, Shown, first_and_last};
use crate::keep_the_file_answer::private_view;
use crate::maps_fields;

/// The file's first 16 bytes, and its last 16.
const HEAD: &[u8; 16] = b"original (start)";
const TAIL: &[u8; 16] = b"original  (end)\n";
/// What the child stores over both.
const MARK: &[u8; 16] = b"the child wrote!";

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let last = page - TAIL.len();
    let path = or_exit(
        CPath::join(dir, "view.txt").ok_or("path too long"),
        "view.txt",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "create view.txt",
    );
    // The whole mapped page lies inside the file, so no access can meet
    // SIGBUS (which a page wholly past the end of a file raises).
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate view.txt");
    or_exit(unistd::pwrite(&fd, HEAD, 0), "write view.txt");
    or_exit(unistd::pwrite(&fd, TAIL, last as u64), "write view.txt");
    let inode = or_exit(unistd::fstat(&fd), "fstat view.txt").st_ino as u64;
    println!(
        "{path}: {page} bytes, \"{}\" at offset 0 and \"{}\" at offset {last}; \
         private_view(fd, {page})",
        Escaped(HEAD),
        Escaped(TAIL)
    );
    let map = match private_view(&fd, page) {
        Ok(map) => map,
        Err(e) => {
            claim!(
                claims,
                false,
                "private_view(fd, {page}) returns a mapping: {e}"
            );
            return;
        }
    };
    println!(
        "private_view = a mapping at {:#x} of {} bytes",
        map.addr(),
        map.len()
    );
    if !claim!(
        claims,
        map.len() == page,
        "the mapping is the {page} bytes asked for: {} bytes",
        map.len()
    ) {
        return;
    }

    // Reading may kill the reader (PROT_NONE, or a page past the end of the
    // file), so a child tries first; once one could, the parent can too.
    // SAFETY: the child makes raw system calls and volatile loads only.
    let peeked = Outcome(or_exit(
        unsafe {
            unistd::run_in_child_for(
                || {
                    let (head, tail) = first_and_last(&map);
                    println!(
                        "   (child) before any store the mapping reads {} ... {}",
                        Shown(&head),
                        Shown(&tail)
                    );
                    if (head, tail) == (*HEAD, *TAIL) {
                        0
                    } else {
                        OTHER_BYTES
                    }
                },
                LIMIT_NS,
            )
        },
        "fork",
    ));
    claim!(
        claims,
        peeked.succeeded(),
        "before any store the mapping shows the file's bytes at its start and end ({peeked})"
    );
    if peeked.died() {
        return;
    }

    let line = rt::maps_line(map.addr());
    let text = line.as_ref().map_or(&b""[..], |l| l.as_bytes());
    println!("  parent's maps: {}", Escaped(text));
    let names = maps_fields::path(text).ends_with(b"/view.txt");
    let same_inode = maps_fields::decimal(maps_fields::field(text, 4)) == Some(inode);
    let from_start = maps_fields::field(text, 2).iter().all(|&b| b == b'0');
    claim!(
        claims,
        names && same_inode && from_start,
        "the mapping is the file: its /proc/self/maps line names view.txt, inode {inode} (as \
         fstat says), from offset 0"
    );

    // SAFETY: the child makes raw system calls and volatile stores only.
    let stored = or_exit(
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
    // The claims below are about what became of the child's stores.
    if !claim!(
        claims,
        Outcome(stored).succeeded(),
        "a child stored \"{}\" at offsets 0 and {last} of the mapping ({})",
        Escaped(MARK),
        Outcome(stored)
    ) {
        return;
    }

    let (head, tail) = read_file(&fd, last);
    let kept = claim!(
        claims,
        (head, tail) == (*HEAD, *TAIL),
        "read(2) of view.txt still returns {} ... {}: the child's store never reached \
         the file",
        Shown(&head),
        Shown(&tail)
    );
    if !kept {
        println!(
            "   (the mapping's pages were the file's page cache, so the child's stores were \
             the file's: which kind of mapping copies a page before the first store into it?)"
        );
    }
    let (head, tail) = first_and_last(&map);
    claim!(
        claims,
        (head, tail) == (*HEAD, *TAIL),
        "the parent's mapping still shows {} ... {}: the child stored into a copy of \
         its own",
        Shown(&head),
        Shown(&tail)
    );
    let perms = maps_fields::field(text, 1);
    claim!(
        claims,
        perms == b"rw-p",
        "/proc/self/maps marks the mapping '{}': readable, writable, private",
        Escaped(perms)
    );
}

/// The file's first 16 bytes and the 16 at `last`, with pread(2).
fn read_file(fd: &Fd, last: usize) -> ([u8; 16], [u8; 16]) {
    let mut head = [0; 16];
    let mut tail = [0; 16];
    or_exit(unistd::pread(fd, &mut head, 0), "read view.txt");
    or_exit(unistd::pread(fd, &mut tail, last as u64), "read view.txt");
    (head, tail)
}
