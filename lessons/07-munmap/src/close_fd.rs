//! Part 6: close(2) does not end a file mapping; munmap does.
//!
//! mmap takes its own reference to the open file. Closing the descriptor
//! drops the descriptor's reference, not the mapping's: the mapping stays
//! in /proc/self/maps with the file's name, stores through it still go to
//! the file, and the file is really closed (inotify's `IN_CLOSE_WRITE`)
//! only when munmap drops the last reference.

use crate::inotify::{CloseWatch, Count};
use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};

const BEFORE: &[u8] = b"written with write(2)  ";
const AFTER: &[u8] = b"stored after close(fd)!";

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "closed.txt").ok_or("path too long"),
        "path",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create closed.txt",
    );
    or_exit(unistd::write_all(fd.raw(), BEFORE), "write closed.txt");
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate");
    drop(fd);
    // Watch from now on: the creating descriptor's own close is behind us.
    let watch = or_exit(CloseWatch::new(path.as_cstr()), "inotify");

    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CLOEXEC, 0),
        "open closed.txt",
    );
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap closed.txt",
    );
    let raw = fd.into_raw();
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED, {raw}, 0) = {:#x}",
        map.addr()
    );
    let closed = unistd::close(raw);
    claim!(
        claims,
        closed.is_ok(),
        "close({raw}) = {closed:?}, with the mapping still in place"
    );

    let line = rt::maps_line(map.addr());
    if let Some(line) = &line {
        println!("  maps: {line}");
    }
    claim!(
        claims,
        line.is_some_and(|l| l.as_bytes().ends_with(b"/closed.txt")),
        "the mapping is still listed, still naming the file"
    );
    let events = watch.closes();
    claim!(
        claims,
        events == Ok(0),
        "inotify has seen no IN_CLOSE_WRITE ({}): the file is still open, held \
         by the mapping",
        Count(events)
    );

    map.write_from(0, AFTER);
    let mut back = [0u8; 23];
    let reader = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY | O_CLOEXEC, 0),
        "reopen closed.txt",
    );
    let n = or_exit(unistd::read(&reader, &mut back), "read closed.txt");
    drop(reader);
    claim!(
        claims,
        &back[..n] == AFTER,
        "a store after close(fd) reaches the file: read(2) returns \"{}\"",
        Escaped(&back[..n])
    );

    let unmapped = map.unmap();
    let events = watch.closes();
    claim!(
        claims,
        unmapped.is_ok() && events == Ok(1),
        "munmap = {unmapped:?}, and now inotify reports IN_CLOSE_WRITE ({}): \
         munmap dropped the last reference, that was the real close",
        Count(events)
    );
}
