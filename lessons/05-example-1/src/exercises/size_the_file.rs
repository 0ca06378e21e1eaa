//! Checks exercise 5.1 (`exercises/1-size-the-file.rs`): the answer's
//! mapping must take 40 stores without SIGBUS, and every one must reach the
//! file, on a new, empty file and on one of 10 bytes; a longer file must
//! keep its size and bytes.

use core::ffi::CStr;
use rt::{Claims, Escaped, claim, or_exit, println};
use unistd::Ended;

use crate::answers::size_the_file::map_for_writing;

/// The tutorial's length.
const LEN: usize = 40;

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

/// What the child stores: 40 recognisable bytes.
const STORED: &[u8; LEN] = b"written through the mapping, 40 bytes..\n";

pub fn check(dir: &CStr, claims: &mut Claims) {
    stores_reach_the_file(dir, "new.txt", b"", claims);
    // Not only an empty file is too short: one of 10 bytes raises no SIGBUS
    // (its one page is backed), but 30 of the 40 stores would be lost.
    stores_reach_the_file(dir, "short.txt", b"ten bytes\n", claims);
    longer_file(dir, claims);
}

/// A file holding `initial` (shorter than 40 bytes): a child maps it with
/// the answer and stores 40 bytes; all 40 must reach the file.
fn stores_reach_the_file(dir: &CStr, name: &str, initial: &[u8], claims: &mut Claims) {
    let (path, fd) = rt::files::create(dir, name);
    or_exit(unistd::write_all(fd.raw(), initial), name);
    println!(
        "{path}: {} bytes; a child calls map_for_writing(fd, {LEN}) and stores {LEN} bytes",
        initial.len()
    );
    // SAFETY: the child makes raw system calls and plain stores only.
    let ended = or_exit(
        unsafe {
            unistd::run_in_child_for(
                || match map_for_writing(&fd, LEN) {
                    Ok(map) => {
                        map.write_from(0, STORED);
                        0
                    }
                    Err(e) => {
                        println!("   (child) map_for_writing returned {e}");
                        2
                    }
                },
                LIMIT_NS,
            )
        },
        "fork",
    );
    let verdict = match ended {
        Ended::By(status) => status,
        Ended::Overdue => {
            claim!(
                claims,
                false,
                "the child ended within 10 s (it did not: killed)"
            );
            return;
        }
    };
    let stored = claim!(
        claims,
        verdict == unistd::WaitStatus::Exited(0),
        "the child mapped the {}-byte file and stored {LEN} bytes without SIGBUS: {verdict}",
        initial.len()
    );
    if !stored {
        println!(
            "   (a page wholly beyond the end of the file cannot be touched: how long is the \
             file when mmap is called?)"
        );
    }
    let mut back = [0u8; 64];
    let n = or_exit(unistd::pread(&fd, &mut back, 0), name);
    claim!(
        claims,
        n >= LEN && back[..LEN] == STORED[..],
        "read(2) of the file gives back the {LEN} bytes the child stored: {n} bytes, \"{}\"",
        Escaped(&back[..n])
    );
}

/// A file longer than 40 bytes: nothing of it may be lost.
fn longer_file(dir: &CStr, claims: &mut Claims) {
    const TEXT: &[u8] = b"a file of 67 bytes, longer than the mapping; its tail must survive\n";
    let (path, fd) = rt::files::create(dir, "long.txt");
    or_exit(unistd::write_all(fd.raw(), TEXT), "write long.txt");
    println!(
        "wrote {} bytes to {path}; map_for_writing(fd, {LEN})",
        TEXT.len()
    );
    match map_for_writing(&fd, LEN) {
        Ok(map) => drop(map),
        Err(e) => {
            claim!(
                claims,
                false,
                "map_for_writing on a 67-byte file succeeds: {e}"
            );
            return;
        }
    }
    let size = or_exit(unistd::fstat(&fd), "fstat long.txt").st_size;
    let mut back = [0u8; 80];
    let n = or_exit(unistd::pread(&fd, &mut back, 0), "read long.txt");
    claim!(
        claims,
        size as usize == TEXT.len() && back[..n] == *TEXT,
        "the 67-byte file keeps its size and bytes: fstat says {size}, read(2) gives {n} bytes"
    );
}
