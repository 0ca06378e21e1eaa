//! The claims of lesson 07 (munmap), one test each.
//!
//! Ranges whose neighbours matter are placed inside a `PROT_NONE`
//! reservation, as the lesson does: the guard pages keep the kernel from
//! merging our mapping's maps line with a neighbour's, and every address in
//! the reservation is ours, so "nothing is mapped here" is guaranteed rather
//! than guessed.
//!
//! Every test that makes a hole does so in a forked child, and looks at it
//! there. In the test process, other threads (the harness's, the
//! allocator's, and under `cargo test` other tests) may map something into
//! a hole at any moment: the hole would not look empty, and the munmap
//! that ends the reservation (or the test's own second munmap) would then
//! remove another test's memory. The child has one thread and allocates
//! nothing, so only the test changes its address space.

use linux_raw_sys::general::{O_CLOEXEC, O_RDWR, SIGSEGV};
use mman::{Errno, MapFlags, Mapping, Prot};
use rustix::fs::inotify;
use rustix::mm as rx;
use std::mem::MaybeUninit;
use tests::{
    Deadline, MapsEntry, Scratch, WaitStatus, assert_killed_by, in_child, in_child_value,
    page_size, read_back,
};
use unistd::ForkResult;

/// What `tests::maps_entry` saw, as a child passes it back.
type Seen = Result<Option<MapsEntry>, Errno>;

/// The range of a maps line seen (`None`: no line contains the address).
fn range(seen: Seen) -> Option<(usize, usize)> {
    seen.expect("read /proc/self/maps")
        .map(|entry| (entry.start, entry.end))
}

/// The range of the /proc/self/maps line containing `addr`, if any. Read
/// without allocating (see `tests::maps_entry`): a freshly unmapped range is
/// exactly where the kernel would put the next mmap, and an allocator that
/// maps memory (musl's does, often) could fill it.
fn line_range(addr: usize) -> Option<(usize, usize)> {
    range(tests::maps_entry(addr))
}

/// In a child: munmaps `len` bytes at `start`, then reads the byte at `at`.
/// `Exited(byte)` or killed; exit code 255 if munmap failed.
fn read_after_munmap_in_child(start: *mut u8, len: usize, at: *const u8) -> WaitStatus {
    in_child(|| {
        // SAFETY: the child's copy of pages of the caller's own; nothing in
        // the child refers to them.
        if unsafe { mman::munmap(start, len) }.is_err() {
            return 255;
        }
        // SAFETY: `at` may be unmapped; that is the question. The worst
        // outcome is SIGSEGV in the child.
        i32::from(unsafe { at.read_volatile() })
    })
}

/// The whole line containing `addr`.
fn line_containing(addr: usize) -> Option<String> {
    let (start, _) = line_range(addr)?;
    tests::maps_line(start)
}

/// `pages` read-write anonymous pages between two `PROT_NONE` guard pages.
/// Returns the reservation (dropping it unmaps everything) and the first
/// read-write page.
fn guarded(pages: usize) -> (Mapping, *mut u8) {
    let page = page_size();
    let reservation = Mapping::anonymous((pages + 2) * page, Prot::NONE).unwrap();
    // SAFETY: MAP_FIXED over the middle of our own reservation.
    let inner = unsafe {
        mman::mmap(
            reservation.as_ptr().add(page),
            pages * page,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
            -1,
            0,
        )
    }
    .unwrap();
    assert_eq!(inner as usize, reservation.addr() + page);
    (reservation, inner)
}

/// How many IN_CLOSE_WRITE events are queued on `watch` (consumes them);
/// the errno if reading them failed. Allocation-free, for a child too.
fn close_events(watch: &rustix::fd::OwnedFd) -> Result<usize, rustix::io::Errno> {
    let mut buf = [MaybeUninit::uninit(); 1024];
    let mut reader = inotify::Reader::new(watch, &mut buf);
    let mut count = 0;
    loop {
        match reader.next() {
            Ok(event) if event.events().contains(inotify::ReadFlags::CLOSE_WRITE) => count += 1,
            Ok(_) => {}
            Err(rustix::io::Errno::AGAIN) => return Ok(count),
            Err(e) => return Err(e),
        }
    }
}

/// An inotify instance watching `path` for IN_CLOSE_WRITE.
fn watch_closes(path: &std::ffi::CStr) -> rustix::fd::OwnedFd {
    let watch = inotify::init(inotify::CreateFlags::NONBLOCK | inotify::CreateFlags::CLOEXEC)
        .expect("inotify_init1");
    inotify::add_watch(&watch, path, inotify::WatchFlags::CLOSE_WRITE).expect("add_watch");
    watch
}

// ---- part 1: a whole mapping ----

#[test]
fn a_fresh_mapping_is_covered_by_a_maps_line() {
    let len = 2 * page_size();
    let map = Mapping::anonymous(len, Prot::READ | Prot::WRITE).unwrap();
    let (start, end) = line_range(map.addr()).expect("listed");
    assert!(start <= map.addr() && map.addr() + len <= end);
}

#[test]
fn munmap_of_a_whole_mapping_removes_its_maps_line() {
    let len = 2 * page_size();
    let map = Mapping::anonymous(len, Prot::READ | Prot::WRITE).unwrap();
    let addr = map.addr();
    let ptr = map.as_ptr();
    let (unmapped, first, last) = in_child_value(|| {
        // SAFETY: the child's copy of our mapping; the child exits without
        // dropping `map`, so nothing unmaps it a second time.
        let unmapped = unsafe { mman::munmap(ptr, len) };
        (
            unmapped,
            tests::maps_entry(addr),
            tests::maps_entry(addr + len - 1),
        )
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(range(first), None);
    assert_eq!(range(last), None);
}

#[test]
fn touching_a_whole_unmapped_mapping_raises_sigsegv() {
    // Inside a reservation, with the guards left in place on both sides.
    let (_reservation, start) = guarded(2);
    let status = read_after_munmap_in_child(start, 2 * page_size(), start);
    assert_killed_by(status, SIGSEGV);
}

// ---- part 2: the middle page of three ----

#[test]
fn a_guarded_three_page_mapping_is_one_maps_line() {
    let page = page_size();
    let (_reservation, start) = guarded(3);
    let a = start as usize;
    assert_eq!(line_range(a), Some((a, a + 3 * page)));
}

#[test]
fn unmapping_the_middle_page_splits_the_mapping_into_two_lines() {
    let page = page_size();
    let (_reservation, start) = guarded(3);
    let a = start as usize;
    let (unmapped, left, right) = in_child_value(|| {
        // SAFETY: the child's copy of the middle page, which is ours.
        let unmapped = unsafe { mman::munmap(start.add(page), page) };
        (
            unmapped,
            tests::maps_entry(a),
            tests::maps_entry(a + 2 * page),
        )
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(range(left), Some((a, a + page)));
    assert_eq!(range(right), Some((a + 2 * page, a + 3 * page)));
}

#[test]
fn no_maps_line_contains_the_hole() {
    let page = page_size();
    let (_reservation, start) = guarded(3);
    let (unmapped, first, last) = in_child_value(|| {
        // SAFETY: the child's copy of the middle page, which is ours.
        let unmapped = unsafe { rx::munmap(start.add(page).cast(), page) };
        (
            unmapped,
            tests::maps_entry(start as usize + page),
            tests::maps_entry(start as usize + 2 * page - 1),
        )
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(range(first), None);
    assert_eq!(range(last), None);
}

#[test]
fn the_hole_raises_sigsegv() {
    let page = page_size();
    let (_reservation, start) = guarded(3);
    let hole = start.wrapping_add(page);
    assert_killed_by(read_after_munmap_in_child(hole, page, hole), SIGSEGV);
}

#[test]
fn both_sides_of_the_hole_keep_their_contents() {
    let page = page_size();
    let (_reservation, start) = guarded(3);
    for (i, fill) in [b'A', b'B', b'C'].into_iter().enumerate() {
        // SAFETY: our read-write pages.
        unsafe { std::ptr::write_bytes(start.add(i * page), fill, page) };
    }
    let (before, after) = (start.wrapping_add(page - 1), start.wrapping_add(2 * page));
    let hole = start.wrapping_add(page);
    assert_eq!(
        read_after_munmap_in_child(hole, page, before),
        WaitStatus::Exited(i32::from(b'A'))
    );
    assert_eq!(
        read_after_munmap_in_child(hole, page, after),
        WaitStatus::Exited(i32::from(b'C'))
    );
    // And every byte of both sides, in a child that made the hole.
    let (unmapped, intact) = in_child_value(|| {
        // SAFETY: the child's copy of the middle page, which is ours.
        let unmapped = unsafe { mman::munmap(hole, page) };
        // SAFETY: pages 0 and 2 are still mapped (or the child dies of
        // SIGSEGV, which fails the test).
        let intact = (0..page).all(|i| unsafe {
            start.add(i).read_volatile() == b'A' && start.add(2 * page + i).read_volatile() == b'C'
        });
        (unmapped, intact)
    });
    assert_eq!(unmapped, Ok(()));
    assert!(intact, "a byte of a page beside the hole changed");
}

// ---- part 3: a range with nothing mapped ----

/// A page-aligned page with nothing mapped, between two read-write pages
/// (holding 'L' and 'R') inside our own guarded reservation, as the lesson
/// makes it. Read-write neighbours, not `PROT_NONE` ones: a `PROT_NONE`
/// neighbour would share its maps line with anyone's `PROT_NONE` mapping
/// next to it (the kernel merges alike neighbours; seen under QEMU), and
/// its range could not be checked exactly.
fn empty_page() -> (Mapping, *mut u8) {
    let page = page_size();
    let (reservation, start) = guarded(3);
    // SAFETY: pages 0 and 2 of our read-write mapping.
    unsafe {
        start.write_volatile(b'L');
        start.add(2 * page).write_volatile(b'R');
    }
    let hole = start.wrapping_add(page);
    // SAFETY: the middle page is ours and nothing refers to it.
    unsafe { mman::munmap(hole, page) }.unwrap();
    (reservation, hole)
}

// As everywhere in this file, the hole is made in a forked child and looked
// at there (see the top of the file).

#[test]
fn the_reserved_hole_has_no_maps_line() {
    let status = in_child(|| {
        let (_reservation, hole) = empty_page();
        i32::from(tests::maps_entry(hole as usize) != Ok(None))
    });
    assert_eq!(status, WaitStatus::Exited(0), "0: no line covers the hole");
}

#[test]
fn munmap_of_a_range_with_nothing_mapped_returns_0() {
    let page = page_size();
    let (ours, theirs) = in_child_value(|| {
        let (_reservation, hole) = empty_page();
        // SAFETY: nothing is mapped there.
        unsafe { (mman::munmap(hole, page), rx::munmap(hole.cast(), page)) }
    });
    assert_eq!(ours, Ok(()));
    assert!(theirs.is_ok(), "rustix: {theirs:?}");
}

#[test]
fn munmap_of_an_empty_range_leaves_the_neighbours_alone() {
    let page = page_size();
    let status = in_child(|| {
        let (_reservation, hole) = empty_page();
        let (left, right) = (hole.wrapping_sub(page), hole.wrapping_add(page));
        // SAFETY: nothing is mapped there.
        if unsafe { mman::munmap(hole, page) }.is_err() {
            return 1;
        }
        let (l, r) = (left as usize, right as usize);
        let range = |a| tests::maps_entry(a).map(|e| e.map(|e| (e.start, e.end)));
        if range(l) != Ok(Some((l, l + page))) || range(r) != Ok(Some((r, r + page))) {
            return 2;
        }
        // SAFETY: both neighbours are still mapped read-write (just checked).
        if unsafe { (left.read_volatile(), right.read_volatile()) } != (b'L', b'R') {
            return 3;
        }
        0
    });
    assert_eq!(
        status,
        WaitStatus::Exited(0),
        "1: munmap failed; 2: a neighbour's maps line changed; 3: a neighbour's byte changed"
    );
}

// ---- part 4: EINVAL ----

// An address one past a page boundary (EINVAL) is
// `errors::munmap_at_an_unaligned_address_is_einval`, a check the self-test makes too.

// A length of 0 (EINVAL) is `errors::munmap_of_length_zero_is_einval`, a check the
// self-test makes too.

#[test]
fn a_failed_munmap_changes_nothing() {
    let page = page_size();
    let (_reservation, start) = guarded(1);
    // SAFETY: our page.
    unsafe { start.write_volatile(b'k') };
    // SAFETY: both expected to fail.
    unsafe {
        let _ = mman::munmap(start.add(1), page);
        let _ = mman::munmap(start, 0);
    }
    let a = start as usize;
    assert_eq!(line_range(a), Some((a, a + page)));
    // SAFETY: still mapped, as just checked.
    assert_eq!(unsafe { start.read_volatile() }, b'k');
}

// ---- part 5: the length is rounded up ----

#[test]
fn munmap_of_one_byte_removes_the_whole_page_from_maps() {
    let page = page_size();
    let (_reservation, start) = guarded(2);
    let a = start as usize;
    let (unmapped, first, last) = in_child_value(|| {
        // SAFETY: the child's copy of our first page.
        let unmapped = unsafe { mman::munmap(start, 1) };
        (
            unmapped,
            tests::maps_entry(a),
            tests::maps_entry(a + page - 1),
        )
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(range(first), None);
    assert_eq!(range(last), None);
}

#[test]
fn munmap_of_one_byte_leaves_the_next_page_listed() {
    let page = page_size();
    let (_reservation, start) = guarded(2);
    let a = start as usize;
    let (unmapped, next) = in_child_value(|| {
        // SAFETY: the child's copy of our first page.
        let unmapped = unsafe { rx::munmap(start.cast(), 1) };
        (unmapped, tests::maps_entry(a + page))
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(range(next), Some((a + page, a + 2 * page)));
}

#[test]
fn after_munmap_of_one_byte_the_pages_last_byte_raises_sigsegv() {
    let page = page_size();
    let (_reservation, start) = guarded(2);
    let status = read_after_munmap_in_child(start, 1, start.wrapping_add(page - 1));
    assert_killed_by(status, SIGSEGV);
}

#[test]
fn after_munmap_of_one_byte_the_next_page_keeps_its_contents() {
    let page = page_size();
    let (_reservation, start) = guarded(2);
    // SAFETY: our second page.
    unsafe { std::ptr::write_bytes(start.add(page), b'Q', page) };
    let status = read_after_munmap_in_child(start, 1, start.wrapping_add(page));
    assert_eq!(status, WaitStatus::Exited(i32::from(b'Q')));
}

// ---- part 6: close(fd) does not end a file mapping ----
//
// Parts 6 and 7 count IN_CLOSE_WRITE events, so their files are written by
// a child (see `Scratch::file_from_child`).

/// A one-page file, a watch for its closes (set up after its creation),
/// and a shared mapping of it whose descriptor is already closed.
fn mapped_then_closed(dir: &Scratch) -> (std::ffi::CString, rustix::fd::OwnedFd, Mapping) {
    let path = dir.file_from_child("closed.txt", &vec![b'.'; page_size()]);
    let watch = watch_closes(&path);
    let fd = unistd::open(&path, O_RDWR | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )
    .unwrap();
    assert_eq!(
        unistd::close(fd.into_raw()),
        Ok(()),
        "close with the mapping in place"
    );
    (path, watch, map)
}

#[test]
fn a_file_mapping_stays_listed_with_its_name_after_close() {
    let dir = Scratch::new("munmap-close-listed");
    let (_path, _watch, map) = mapped_then_closed(&dir);
    let line = line_containing(map.addr()).expect("still listed");
    assert!(line.ends_with("/closed.txt"), "{line}");
}

#[test]
fn close_of_the_descriptor_does_not_close_the_mapped_file() {
    let dir = Scratch::new("munmap-close-no-event");
    let (_path, watch, _map) = mapped_then_closed(&dir);
    assert_eq!(
        close_events(&watch),
        Ok(0),
        "no IN_CLOSE_WRITE while mapped"
    );
}

#[test]
fn a_store_after_close_reaches_the_file() {
    let dir = Scratch::new("munmap-close-store");
    let (path, _watch, map) = mapped_then_closed(&dir);
    map.write_from(0, b"stored after close");
    assert_eq!(&read_back(&path)[..18], b"stored after close");
}

#[test]
fn munmap_is_the_real_close_of_a_mapped_file() {
    // In a child: the file is released when its last user lets go, and a
    // fork by another thread of the test process (under `cargo test`,
    // another test's) copies our mapping into a child of its own, whose
    // copy would keep the file open past our munmap.
    let dir = Scratch::new("munmap-close-event");
    let path = dir.file_from_child("closed.txt", &vec![b'.'; page_size()]);
    let watch = watch_closes(&path);
    let (mapped, while_mapped, unmapped, after) = in_child_value(|| {
        let fd = match unistd::open(&path, O_RDWR | O_CLOEXEC, 0) {
            Ok(fd) => fd,
            Err(e) => return (Err(e), Ok(0), Ok(()), Ok(0)),
        };
        let rw = Prot::READ | Prot::WRITE;
        let map = match Mapping::new(page_size(), rw, MapFlags::SHARED, fd.raw(), 0) {
            Ok(map) => map,
            Err(e) => return (Err(e), Ok(0), Ok(()), Ok(0)),
        };
        drop(fd);
        let while_mapped = close_events(&watch);
        let unmapped = map.unmap();
        (Ok(()), while_mapped, unmapped, close_events(&watch))
    });
    assert_eq!(mapped, Ok(()), "open and mmap");
    assert_eq!(while_mapped, Ok(0));
    assert_eq!(unmapped, Ok(()));
    assert_eq!(after, Ok(1), "IN_CLOSE_WRITE at munmap");
}

// ---- part 7: exit unmaps everything ----

const TEXT: &[u8] = b"stored by a child that never calls munmap";

/// A child maps the file, closes the descriptor, stores TEXT and reports;
/// the parent counts close events then, tells it to exit (no munmap),
/// reaps it, and counts again. Returns (while alive, after exit, status).
fn child_exits_without_munmap(path: &std::ffi::CStr) -> (usize, usize, WaitStatus) {
    let watch = watch_closes(path);
    let (ready_read, ready_write) = tests::pipe();
    let (go_read, go_write) = tests::pipe();
    // SAFETY: the child makes raw system calls and memory accesses only.
    match unsafe { unistd::fork() }.unwrap() {
        ForkResult::Child => {
            drop(ready_read);
            drop(go_write);
            let Ok(fd) = unistd::open(path, O_RDWR | O_CLOEXEC, 0) else {
                unistd::exit(10)
            };
            // SAFETY: no MAP_FIXED.
            let Ok(p) = (unsafe {
                mman::mmap(
                    std::ptr::null_mut(),
                    page_size(),
                    Prot::READ | Prot::WRITE,
                    MapFlags::SHARED,
                    fd.raw(),
                    0,
                )
            }) else {
                unistd::exit(11)
            };
            drop(fd);
            for (i, &b) in TEXT.iter().enumerate() {
                // SAFETY: inside the mapped page, backed by the file.
                unsafe { p.add(i).write_volatile(b) };
            }
            let _ = unistd::write_all(ready_write.raw(), b"r");
            let mut byte = [0u8; 1];
            let _ = tests::read_by(&go_read, &mut byte, Deadline::start());
            unistd::exit(0) // no munmap
        }
        ForkResult::Parent(pid) => {
            drop(ready_write);
            drop(go_read);
            let mut byte = [0u8; 1];
            let ready = tests::read_by(&ready_read, &mut byte, Deadline::start());
            assert_eq!(ready, Ok(1), "child ready");
            let alive = close_events(&watch).expect("read inotify events");
            unistd::write_all(go_write.raw(), b"x").unwrap();
            drop(go_write);
            let status = tests::reap(pid);
            (
                alive,
                close_events(&watch).expect("read inotify events"),
                status,
            )
        }
    }
}

#[test]
fn a_living_childs_mapping_keeps_the_file_open_after_its_close() {
    let dir = Scratch::new("munmap-exit-alive");
    let path = dir.file_from_child("exit.txt", &vec![0u8; page_size()]);
    let (alive, _, status) = child_exits_without_munmap(&path);
    assert_eq!(status, WaitStatus::Exited(0));
    assert_eq!(alive, 0);
}

#[test]
fn exit_unmaps_the_childs_mapping_and_releases_the_file() {
    let dir = Scratch::new("munmap-exit-event");
    let path = dir.file_from_child("exit.txt", &vec![0u8; page_size()]);
    let (_, after, status) = child_exits_without_munmap(&path);
    assert_eq!(status, WaitStatus::Exited(0));
    assert_eq!(after, 1, "IN_CLOSE_WRITE once the child has exited");
}

#[test]
fn the_stores_of_a_child_that_never_unmapped_are_in_the_file() {
    let dir = Scratch::new("munmap-exit-data");
    let path = dir.file_from_child("exit.txt", &vec![0u8; page_size()]);
    let (_, _, status) = child_exits_without_munmap(&path);
    assert_eq!(status, WaitStatus::Exited(0));
    assert_eq!(&read_back(&path)[..TEXT.len()], TEXT);
}

#[test]
fn touching_unmapped_memory_raises_sigsegv() {
    tests::through_both(checks::munmap::touching_unmapped_memory_raises_sigsegv);
}
