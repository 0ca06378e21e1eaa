//! The claims of lesson 06 (msync: MS_SYNC, MS_ASYNC, MS_INVALIDATE), one
//! test each. Return values are cross-checked with rustix where it offers
//! the same call.

use linux_raw_sys::general as k;
use linux_raw_sys::general::O_RDWR;
use mman::{Errno, MapFlags, Mapping, MsyncFlags, Prot};
use rustix::mm as rx;
use tests::{Scratch, page_size, read_back};

/// msync with raw flag bits, through our wrapper and through the oracle
/// (rustix, or libc where rustix's msync is broken: `tests::oracle`); both
/// results, as errno numbers (0 for success).
fn msync_both(addr: *mut u8, len: usize, flags: u32) -> (Result<(), Errno>, i32) {
    // SAFETY: msync changes no memory; the flags tested here never discard
    // anything on Linux.
    unsafe {
        let ours = mman::msync(addr, len, MsyncFlags::from_bits_retain(flags));
        let theirs =
            tests::oracle::msync(addr.cast(), len, flags).map_or_else(|e| e.raw_os_error(), |()| 0);
        (ours, theirs)
    }
}

/// Asserts that both implementations returned `expected`.
#[track_caller]
fn assert_msync(addr: *mut u8, len: usize, flags: u32, expected: Result<(), Errno>) {
    assert_both(msync_both(addr, len, flags), flags, expected);
}

/// Asserts that both results of [`msync_both`] are `expected`.
#[track_caller]
fn assert_both(both: (Result<(), Errno>, i32), flags: u32, expected: Result<(), Errno>) {
    let (ours, theirs) = both;
    assert_eq!(ours, expected, "our msync, flags {flags:#x}");
    let want = expected.map_or_else(|e| i32::from(e.raw()), |()| 0);
    assert_eq!(theirs, want, "rustix's msync, flags {flags:#x}");
}

/// Asserts the answer for a range with unmapped parts: ENOMEM, except for
/// a 32-bit guest under QEMU user mode, whose whole address space QEMU
/// reserved in the host, so that the host kernel answers 0 (see
/// `tests::is_qemu_32bit_guest`).
///
/// `both` comes from [`msync_both`] called in a forked child that made the
/// unmapped part: in the test process another thread (under `cargo test`,
/// another test) may map something into a hole before msync looks.
#[track_caller]
fn assert_unmapped(both: (Result<(), Errno>, i32), flags: u32) {
    let expected = if tests::is_qemu_32bit_guest() {
        Ok(())
    } else {
        Err(Errno::ENOMEM)
    };
    assert_both(both, flags, expected);
}

const SYNC: u32 = k::MS_SYNC;
const ASYNC: u32 = k::MS_ASYNC;
const INVALIDATE: u32 = k::MS_INVALIDATE;

/// This thread's minor page faults so far (getrusage(RUSAGE_THREAD)): the
/// test harness's other threads do not count.
fn minor_faults() -> u64 {
    unistd::getrusage(unistd::Who::Thread)
        .expect("getrusage")
        .ru_minflt as u64
}

/// Stores into the first byte of pages `from..to`; returns the faults taken.
#[inline(never)]
fn store_pages(map: &Mapping, from: usize, to: usize, value: u8) -> u64 {
    let page = page_size();
    let before = minor_faults();
    for i in from..to {
        map.write(i * page, value);
    }
    minor_faults() - before
}

/// The filesystem magic of an open file (fstatfs).
fn fs_magic(fd: &unistd::Fd) -> u32 {
    // SAFETY: an all-zero statfs is a valid plain C struct.
    let mut st: k::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: the kernel writes one struct statfs into `st`.
    unsafe {
        syscall::syscall2(
            k::__NR_fstatfs as usize,
            fd.raw() as usize,
            &mut st as *mut k::statfs as usize,
        )
    }
    .expect("fstatfs");
    st.f_type as u32
}

/// A file of `pages` zero pages in `dir`, open read-write, mapped shared.
fn shared_file(dir: &Scratch, name: &str, pages: usize) -> (unistd::Fd, Mapping) {
    let len = pages * page_size();
    let path = dir.file_with(name, &vec![0u8; len]);
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    (fd, map)
}

// ---- 1. Seeing a change needs no msync ----

#[test]
fn read_sees_a_store_through_the_mapping_before_any_msync() {
    let dir = Scratch::new("msync-visible");
    let path = dir.file_with("f", b"the file says: before.\n");
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(23, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    map.write_from(0, b"MAPPED");
    // A second, independent descriptor: the bytes are in the file.
    assert_eq!(read_back(&path), b"MAPPEDle says: before.\n");
    let mut buf = [0u8; 6];
    assert_eq!(unistd::pread(&fd, &mut buf, 0), Ok(6));
    assert_eq!(&buf, b"MAPPED");
}

#[test]
fn a_pwrite_is_visible_through_an_existing_mapping_at_once() {
    let dir = Scratch::new("msync-pwrite");
    let path = dir.file_with("f", b"the file says: before.\n");
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(23, Prot::READ, MapFlags::SHARED, fd.raw(), 0).unwrap();
    assert_eq!(map.read(15), b'b');
    assert_eq!(unistd::pwrite(&fd, b"WRITTEN", 15), Ok(7));
    let mut seen = [0u8; 7];
    map.read_into(15, &mut seen);
    assert_eq!(&seen, b"WRITTEN");
}

// ---- 2. msync returns 0 on every kind of mapping ----

#[test]
fn ms_sync_on_a_dirty_shared_file_mapping_returns_0() {
    let dir = Scratch::new("msync-shared");
    let (_fd, map) = shared_file(&dir, "f", 1);
    map.fill(b's');
    assert_msync(map.as_ptr(), map.len(), SYNC, Ok(()));
    assert!(read_back(&dir.path("f")).iter().all(|&b| b == b's'));
}

#[test]
fn ms_sync_on_a_private_file_mapping_returns_0_and_leaves_the_file_alone() {
    let dir = Scratch::new("msync-private");
    let page = page_size();
    let path = dir.file_with("f", &vec![b's'; page]);
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(
        page,
        Prot::READ | Prot::WRITE,
        MapFlags::PRIVATE,
        fd.raw(),
        0,
    )
    .unwrap();
    map.fill(b'p');
    assert_msync(map.as_ptr(), page, SYNC, Ok(()));
    assert!(read_back(&path).iter().all(|&b| b == b's'));
    assert_eq!(map.read(0), b'p');
}

#[test]
fn ms_sync_on_anonymous_memory_returns_0() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    map.fill(b'a');
    assert_msync(map.as_ptr(), map.len(), SYNC, Ok(()));
}

#[test]
fn ms_async_on_a_shared_file_mapping_returns_0() {
    let dir = Scratch::new("msync-async");
    let (_fd, map) = shared_file(&dir, "f", 1);
    map.fill(b'S');
    assert_msync(map.as_ptr(), map.len(), ASYNC, Ok(()));
}

#[test]
fn flags_0_is_accepted_by_linux() {
    let dir = Scratch::new("msync-zero-flags");
    let (_fd, map) = shared_file(&dir, "f", 1);
    assert_msync(map.as_ptr(), map.len(), 0, Ok(()));
    // ... but the range must still be mapped.
    let addr = map.as_ptr();
    let (unmapped, both) =
        tests::in_child_value(|| (map.unmap(), msync_both(addr, page_size(), 0)));
    assert_eq!(unmapped, Ok(()));
    assert_unmapped(both, 0);
}

#[test]
fn length_0_returns_0_even_where_nothing_is_mapped() {
    let map = Mapping::anonymous(page_size(), Prot::NONE).unwrap();
    let addr = map.as_ptr();
    assert_msync(addr, 0, SYNC, Ok(()));
    // Unmapped in a child, so that nothing else is mapped there (see
    // `assert_unmapped`).
    let (unmapped, both) = tests::in_child_value(|| (map.unmap(), msync_both(addr, 0, SYNC)));
    assert_eq!(unmapped, Ok(()));
    assert_both(both, SYNC, Ok(()));
    // Alignment is still checked before the length.
    assert_msync(addr.wrapping_add(1), 0, SYNC, Err(Errno::EINVAL));
}

// ---- 3. MS_INVALIDATE ----

#[test]
fn ms_invalidate_keeps_a_private_mappings_own_copy() {
    let dir = Scratch::new("msync-invalidate");
    let path = dir.file_with("f", b"file");
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(4, Prot::READ | Prot::WRITE, MapFlags::PRIVATE, fd.raw(), 0).unwrap();
    map.write_from(0, b"mine");
    assert_msync(map.as_ptr(), 4, SYNC | INVALIDATE, Ok(()));
    assert_msync(map.as_ptr(), 4, INVALIDATE, Ok(()));
    let mut seen = [0u8; 4];
    map.read_into(0, &mut seen);
    assert_eq!(&seen, b"mine");
    assert_eq!(read_back(&path), b"file");
}

#[test]
fn ms_invalidate_on_locked_pages_is_ebusy_while_ms_sync_succeeds() {
    let dir = Scratch::new("msync-ebusy");
    let (_fd, map) = shared_file(&dir, "f", 1);
    let page = page_size();
    // SAFETY: mlock pins the pages of our own mapping; no contents change.
    unsafe { rx::mlock(map.as_ptr().cast(), page) }.expect("mlock one page (ulimit -l)");
    assert_msync(map.as_ptr(), page, SYNC | INVALIDATE, Err(Errno::EBUSY));
    assert_msync(map.as_ptr(), page, ASYNC | INVALIDATE, Err(Errno::EBUSY));
    assert_msync(map.as_ptr(), page, SYNC, Ok(()));
    // Anonymous locked memory too: the check is on the mapping's VM_LOCKED.
    let anon = Mapping::anonymous(page, Prot::READ | Prot::WRITE).unwrap();
    // SAFETY: as above.
    unsafe { rx::mlock(anon.as_ptr().cast(), page) }.unwrap();
    assert_msync(anon.as_ptr(), page, INVALIDATE, Err(Errno::EBUSY));
}

#[test]
fn ms_invalidate_succeeds_again_after_munlock() {
    let dir = Scratch::new("msync-munlock");
    let (_fd, map) = shared_file(&dir, "f", 1);
    let page = page_size();
    // SAFETY: mlock/munlock change no contents.
    unsafe { rx::mlock(map.as_ptr().cast(), page) }.expect("mlock one page (ulimit -l)");
    assert_msync(map.as_ptr(), page, SYNC | INVALIDATE, Err(Errno::EBUSY));
    // SAFETY: as above.
    unsafe { rx::munlock(map.as_ptr().cast(), page) }.unwrap();
    assert_msync(map.as_ptr(), page, SYNC | INVALIDATE, Ok(()));
}

// ---- 4. What msync refuses ----

// MS_SYNC with MS_ASYNC (EINVAL) is `errors::msync_with_both_sync_and_async_is_einval`,
// a check the self-test makes too.

#[test]
fn an_unaligned_address_is_einval() {
    let map = Mapping::anonymous(page_size(), Prot::READ).unwrap();
    assert_msync(map.as_ptr().wrapping_add(1), 1, SYNC, Err(Errno::EINVAL));
    // An unaligned length is fine: it is rounded up.
    assert_msync(map.as_ptr(), 1, SYNC, Ok(()));
}

#[test]
fn an_unknown_flag_bit_is_einval() {
    let map = Mapping::anonymous(page_size(), Prot::READ).unwrap();
    assert_msync(map.as_ptr(), map.len(), 0x100, Err(Errno::EINVAL));
    assert_msync(map.as_ptr(), map.len(), SYNC | 8, Err(Errno::EINVAL));
}

/// In a forked child (see `assert_unmapped`): three pages with the middle
/// one unmapped, and `msync_both` of each (offset in pages, length in
/// pages, flags) of `calls` on them.
fn with_a_hole<const N: usize>(calls: [(usize, usize, u32); N]) -> [(Result<(), Errno>, i32); N] {
    let page = page_size();
    let map = Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE).unwrap();
    let base = map.as_ptr();
    let (unmapped, results) = tests::in_child_value(|| {
        // SAFETY: the child's copy of the middle page, which is ours and
        // which nothing refers to.
        let unmapped = unsafe { mman::munmap(base.wrapping_add(page), page) };
        let results = calls
            .map(|(at, len, flags)| msync_both(base.wrapping_add(at * page), len * page, flags));
        (unmapped, results)
    });
    assert_eq!(unmapped, Ok(()), "munmap of the middle page");
    results
}

#[test]
fn a_range_with_a_hole_is_enomem() {
    let [sync, async_] = with_a_hole([(0, 3, SYNC), (0, 3, ASYNC)]);
    assert_unmapped(sync, SYNC);
    assert_unmapped(async_, ASYNC);
}

#[test]
fn a_range_with_nothing_mapped_is_enomem() {
    let [hole] = with_a_hole([(1, 1, SYNC)]);
    assert_unmapped(hole, SYNC);
}

#[test]
fn a_range_running_past_the_end_of_a_mapping_is_enomem() {
    let [past] = with_a_hole([(0, 2, SYNC)]);
    assert_unmapped(past, SYNC);
}

#[test]
fn the_mapped_page_before_the_hole_alone_is_fine() {
    let [before, after] = with_a_hole([(0, 1, SYNC), (2, 1, SYNC)]);
    assert_both(before, SYNC, Ok(()));
    assert_both(after, SYNC, Ok(()));
}

// ---- 5. What MS_SYNC does ----

const PAGES: usize = 64;

/// A shared mapping of a fresh file, every page stored to once and then
/// written back, so that all start clean and write-protected (on a
/// filesystem with a backing store). Returns the fs magic too.
fn written_back_mapping(dir: &Scratch) -> (unistd::Fd, Mapping, u32) {
    let (fd, map) = shared_file(dir, "f", PAGES);
    store_pages(&map, 0, PAGES, 1);
    map.msync(MsyncFlags::SYNC).unwrap();
    // Warm the measured code path itself.
    store_pages(&map, 0, PAGES, 1);
    map.msync(MsyncFlags::SYNC).unwrap();
    let magic = fs_magic(&fd);
    (fd, map, magic)
}

fn backed(magic: u32) -> bool {
    !matches!(magic, k::TMPFS_MAGIC | k::RAMFS_MAGIC)
}

#[test]
fn storing_into_pages_already_dirty_takes_no_faults() {
    let dir = Scratch::new("msync-redirty");
    let (_fd, map, _) = written_back_mapping(&dir);
    store_pages(&map, 0, PAGES, 2);
    let again = store_pages(&map, 0, PAGES, 3);
    assert!(again < (PAGES / 8) as u64, "{again} faults");
}

#[test]
fn after_ms_async_the_pages_are_still_dirty_and_writable() {
    let dir = Scratch::new("msync-async-faults");
    let (_fd, map, _) = written_back_mapping(&dir);
    store_pages(&map, 0, PAGES, 2);
    map.msync(MsyncFlags::ASYNC).unwrap();
    let after = store_pages(&map, 0, PAGES, 3);
    assert!(after < (PAGES / 8) as u64, "{after} faults after MS_ASYNC");
}

#[test]
fn after_ms_sync_each_page_faults_once_more() {
    let dir = Scratch::new("msync-sync-faults");
    let (_fd, map, magic) = written_back_mapping(&dir);
    let first = store_pages(&map, 0, PAGES, 2);
    map.msync(MsyncFlags::SYNC).unwrap();
    let after = store_pages(&map, 0, PAGES, 3);
    if backed(magic) {
        assert!(
            first >= PAGES as u64,
            "{first} faults after the set-up MS_SYNC"
        );
        assert!(after >= PAGES as u64, "{after} faults after MS_SYNC");
    } else {
        assert!(after < (PAGES / 8) as u64, "tmpfs: {after} faults");
    }
}

#[test]
fn ms_sync_writes_back_at_least_the_range_given() {
    let dir = Scratch::new("msync-range");
    let (_fd, map, magic) = written_back_mapping(&dir);
    store_pages(&map, 0, PAGES, 2);
    let half = PAGES / 2;
    // SAFETY: the range is inside `map`; msync changes no memory.
    unsafe { mman::msync(map.as_ptr(), half * page_size(), MsyncFlags::SYNC) }.unwrap();
    let first = store_pages(&map, 0, half, 3);
    let second = store_pages(&map, half, PAGES, 3);
    // The range is what the kernel asks the filesystem to write and wait
    // for; the filesystem may write more (ext4 wrote the other half too for
    // this file, which was filled with write(2): see the lesson's README).
    eprintln!("faults after a half-range MS_SYNC: {first} in it, {second} outside it");
    if backed(magic) {
        assert!(first >= half as u64, "{first} faults in the synced half");
    } else {
        assert!(first < (PAGES / 8) as u64, "tmpfs: {first} faults");
    }
}

#[test]
fn on_tmpfs_ms_sync_cleans_nothing() {
    // /dev/shm is tmpfs on every mainstream distribution; where it is not,
    // there is nothing to check.
    let Ok(dir) = std::fs::metadata("/dev/shm") else {
        eprintln!("no /dev/shm here; skipped");
        return;
    };
    assert!(dir.is_dir());
    let path = std::ffi::CString::new(format!(
        "/dev/shm/mmap-lessons-msync-{}",
        std::process::id()
    ))
    .unwrap();
    std::fs::write(path.to_str().unwrap(), vec![0u8; PAGES * page_size()]).unwrap();
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let _ = std::fs::remove_file(path.to_str().unwrap());
    if fs_magic(&fd) != k::TMPFS_MAGIC {
        eprintln!("/dev/shm is not tmpfs here; skipped");
        return;
    }
    let map = Mapping::new(
        PAGES * page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )
    .unwrap();
    store_pages(&map, 0, PAGES, 1);
    map.msync(MsyncFlags::SYNC).unwrap();
    let after = store_pages(&map, 0, PAGES, 2);
    assert!(
        after < (PAGES / 8) as u64,
        "{after} faults after MS_SYNC on tmpfs"
    );
}

#[test]
fn a_store_synced_with_ms_sync_is_in_the_file() {
    tests::through_both(checks::msync::a_store_synced_with_ms_sync_is_in_the_file);
}
