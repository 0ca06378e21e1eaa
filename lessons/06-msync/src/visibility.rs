//! Part 1: what msync is NOT needed for.
//!
//! The tutorial says that processes sharing a `MAP_SHARED` mapping use
//! msync(2) "to synchronise access to the object". On Linux a shared file
//! mapping and read(2)/write(2) on the same file reach the very same
//! page-cache pages. A store into the mapping changes the page that read(2)
//! copies from; a write(2) changes the page the mapping shows. Nothing is
//! in between to flush, so both are visible at once, with no msync at all.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};

const BEFORE: &[u8] = b"the file says: before.\n";
const STORE: &[u8] = b"MAPPED";
const PWRITE: &[u8] = b"WRITTEN";

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "visible.txt").ok_or("path too long"),
        "visible.txt",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create visible.txt",
    );
    or_exit(unistd::write_all(fd.raw(), BEFORE), "write visible.txt");
    let map = or_exit(
        Mapping::new(
            BEFORE.len(),
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap visible.txt",
    );
    println!(
        "{path} holds \"{}\"; mapped MAP_SHARED at {:#x} (one {page}-byte page)",
        Escaped(BEFORE),
        map.addr()
    );

    // A store through the mapping, then read(2) straight away.
    map.write_from(0, STORE);
    let mut back = [0u8; 64];
    let n = or_exit(unistd::pread(&fd, &mut back, 0), "pread visible.txt");
    println!(
        "stored \"{}\" at offset 0 of the mapping; pread(2) at once: \"{}\"",
        Escaped(STORE),
        Escaped(&back[..n])
    );
    claim!(
        claims,
        n == BEFORE.len()
            && back[..STORE.len()] == *STORE
            && back[STORE.len()..n] == BEFORE[STORE.len()..],
        "read(2) sees a store made through the mapping immediately, before any msync: both \
         reach the same page-cache page"
    );

    // A write(2) to the file, then look through the mapping.
    let at = 15;
    let written = or_exit(unistd::pwrite(&fd, PWRITE, at as u64), "pwrite visible.txt");
    let mut seen = [0u8; PWRITE.len()];
    map.read_into(at, &mut seen);
    println!(
        "pwrite(2) \"{}\" at offset {at} ({written} bytes); the mapping now shows \"{}\" there",
        Escaped(PWRITE),
        Escaped(&seen)
    );
    claim!(
        claims,
        seen == *PWRITE,
        "a pwrite(2) to the file is visible through the existing mapping at once: no msync, no \
         re-mapping"
    );
}
