//! Checks exercise 7.2 (`exercises/2-close-the-descriptor.rs`): after
//! `map_and_close`, the lowest free descriptor numbers must be what they
//! were before (open(2) always hands out the lowest free number, so a
//! descriptor left open shows as a number taken); the mapping must read the
//! file and carry a store to it; dropping it must release the file
//! (inotify's IN_CLOSE_WRITE, which no leftover descriptor would allow); and
//! the failing calls must leave no descriptor open either.

use core::ffi::CStr;
use core::fmt;
use linux_raw_sys::general::{O_CLOEXEC, O_DIRECTORY, O_RDONLY};
use mman::Errno;
use rt::{CPath, Claims, Escaped, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

use crate::answers::close_the_descriptor::map_and_close;
use crate::inotify::{CloseWatch, Count};

/// What the file holds before it is mapped.
const TEXT: &[u8] = b"the file's own bytes, written with write(2)\n";

/// What a child stores through the mapping.
const STORED: &[u8] = b"stored through the mapping";

/// The exit status of a child that read other bytes than the file's.
const OTHER_BYTES: i32 = 3;

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let (path, fd) = rt::files::create(dir, "kept.txt");
    or_exit(unistd::write_all(fd.raw(), TEXT), "write kept.txt");
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate kept.txt");
    drop(fd);
    // Watch from now on: the creating descriptor's own close is behind us.
    let watch = or_exit(CloseWatch::new(path.as_cstr()), "inotify");

    let before = Free::now(dir);
    let result = map_and_close(path.as_cstr(), page);
    let after = Free::now(dir);
    let map = match result {
        Ok(map) => map,
        Err(e) => {
            claim!(
                claims,
                false,
                "map_and_close({path}, {page}) returns a Mapping: {e}"
            );
            return;
        }
    };
    println!(
        "map_and_close({path}, {page}) = a {}-byte Mapping at {:#x}; the lowest free \
         descriptors were {before} before the call",
        map.len(),
        map.addr()
    );
    let none_left = claim!(
        claims,
        after == before,
        "map_and_close left no descriptor open: open(2), which always takes the lowest free \
         number, hands out {after} after it, and {before} before it"
    );
    if !none_left {
        println!(
            "   (a descriptor is still open: the mapping keeps its own reference to the file and \
             does not need one once mmap has returned)"
        );
    }

    let line = rt::maps_line(map.addr());
    if let Some(line) = &line {
        println!("  maps: {line}");
    }
    claim!(
        claims,
        line.as_ref()
            .is_some_and(|l| l.perms() == b"rw-s" && l.as_bytes().ends_with(b"/kept.txt")),
        "the mapping is listed rw-s (read-write, shared), naming the file"
    );

    let base = map.as_ptr();
    let read_then_store = || {
        for (i, &want) in TEXT.iter().enumerate() {
            // SAFETY: inside the first page of the mapping, in the child's
            // copy of the address space; a fault kills the child only,
            // which the parent reports.
            if unsafe { base.add(i).read_volatile() } != want {
                return OTHER_BYTES;
            }
        }
        for (i, &byte) in STORED.iter().enumerate() {
            // SAFETY: as above.
            unsafe { base.add(i).write_volatile(byte) };
        }
        0
    };
    // SAFETY: the child makes volatile accesses and exits.
    let ended = or_exit(
        unsafe { unistd::run_in_child_for(read_then_store, LIMIT_NS) },
        "fork",
    );
    claim!(
        claims,
        ended.exited_ok(),
        "a child read the file's first {} bytes through the mapping, then stored {} bytes into \
         it: {}",
        TEXT.len(),
        STORED.len(),
        Fate(ended)
    );

    let reader = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY | O_CLOEXEC, 0),
        "reopen kept.txt",
    );
    let mut back = [0u8; STORED.len()];
    let n = or_exit(unistd::read(&reader, &mut back), "read kept.txt");
    drop(reader);
    claim!(
        claims,
        back[..n] == *STORED,
        "the store reached the file: read(2) through a new descriptor returns \"{}\"",
        Escaped(&back[..n])
    );

    let while_mapped = watch.closes();
    drop(map);
    let after_drop = watch.closes();
    println!("inotify: {} while mapped", Count(while_mapped));
    claim!(
        claims,
        after_drop.is_ok_and(|n| n >= 1),
        "after the Mapping is dropped, inotify reports IN_CLOSE_WRITE ({}): the mapping held the \
         last reference to the open file, no descriptor was left holding it",
        Count(after_drop)
    );

    // Failures must not leave a descriptor behind either.
    let before = Free::now(dir);
    let zero = map_and_close(path.as_cstr(), 0).map(drop);
    let after = Free::now(dir);
    claim!(
        claims,
        zero == Err(Errno::EINVAL) && after == before,
        "map_and_close(path, 0) returns mmap's Err(EINVAL) (a length of 0 is refused): {zero:?}, \
         and leaves no descriptor open: {after} free after it, {before} before"
    );

    let missing = or_exit(
        CPath::join(dir, "missing.txt").ok_or("path too long"),
        "missing.txt",
    );
    let _ = unistd::unlink(missing.as_cstr());
    let before = Free::now(dir);
    let absent = map_and_close(missing.as_cstr(), page).map(drop);
    let after = Free::now(dir);
    claim!(
        claims,
        absent == Err(Errno::ENOENT) && after == before,
        "map_and_close on a path where no file exists returns open's Err(ENOENT): {absent:?}, \
         and leaves no descriptor open: {after} free after it, {before} before"
    );
}

/// The three lowest free descriptor numbers, found the way open(2) finds
/// them: open three descriptors, note their numbers, close them again.
#[derive(PartialEq, Eq, Clone, Copy)]
struct Free([i32; 3]);

impl Free {
    fn now(dir: &CStr) -> Free {
        let open = || {
            or_exit(
                unistd::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0),
                "open the work directory",
            )
        };
        let fds = [open(), open(), open()];
        Free(fds.each_ref().map(|fd| fd.raw()))
    }
}

impl fmt::Display for Free {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.0;
        write!(f, "{a}, {b}, {c}")
    }
}

/// How the read-then-store child ended, for its claim.
struct Fate(Ended);

impl fmt::Display for Fate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ended::By(WaitStatus::Exited(OTHER_BYTES)) => {
                f.write_str("it read other bytes than the file's")
            }
            ended => write!(f, "{ended}"),
        }
    }
}
