//! Checks exercise 1.2 (`exercises/2-keep-the-file.rs`): the answer's
//! mapping must show the file's bytes and be the file (its maps line names
//! it), and after a forked child has stored into it, read(2) of the file
//! and the parent's mapping must still show the original bytes.

use core::ffi::CStr;
use rt::{Claims, Escaped, claim, or_exit, println};
use unistd::Fd;

use crate::child::{Shown, first_and_last, parents_line, peek, store_at_both_ends};
use crate::answers::keep_the_file::private_view;

/// The file's first 16 bytes, and its last 16.
const HEAD: &[u8; 16] = b"original (start)";
const TAIL: &[u8; 16] = b"original  (end)\n";
/// What the child stores over both.
const MARK: &[u8; 16] = b"the child wrote!";

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let last = page - TAIL.len();
    let (path, fd) = rt::files::create(dir, "view.txt");
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

    let peeked = peek(&map, HEAD, TAIL);
    claim!(
        claims,
        peeked.0.exited_ok(),
        "before any store the mapping shows the file's bytes at its start and end ({peeked})"
    );
    if peeked.died() {
        return;
    }

    let line = parents_line(map.addr());
    let is_the_file = line.as_ref().is_some_and(|l| {
        l.path().ends_with(b"/view.txt") && l.inode() == Some(inode) && l.offset() == Some(0)
    });
    claim!(
        claims,
        is_the_file,
        "the mapping is the file: its /proc/self/maps line names view.txt, inode {inode} (as \
         fstat says), from offset 0"
    );

    let stored = store_at_both_ends(&map, MARK);
    // The claims below are about what became of the child's stores.
    if !claim!(
        claims,
        stored.0.exited_ok(),
        "a child stored \"{}\" at offsets 0 and {last} of the mapping ({stored})",
        Escaped(MARK)
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
    let perms = line.as_ref().map_or(&b""[..], |l| l.field(1));
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
