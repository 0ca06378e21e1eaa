//! The RAII `Mapping`, checked against /proc/self/maps and the CPU's
//! protection.

use linux_raw_sys::general::{O_RDWR, SIGSEGV};
use mman::{Errno, MapFlags, Mapping, Prot};
use tests::{Scratch, assert_killed_by, in_child, maps_line, page_size};

#[test]
fn dropping_a_mapping_removes_it_from_proc_self_maps() {
    let map = Mapping::anonymous(3 * page_size(), Prot::READ | Prot::WRITE).unwrap();
    let addr = map.addr();
    let line = maps_line(addr).expect("mapping listed while alive");
    assert!(
        line.contains(" rw-p "),
        "anonymous private read-write: {line}"
    );
    // Dropped in a child, and looked for there: in the test process another
    // thread (under `cargo test`, another test) may map something into the
    // freed range before we look.
    let gone = tests::in_child_value(|| {
        drop(map);
        tests::maps_entry(addr)
    });
    assert_eq!(gone.expect("read /proc/self/maps"), None, "gone after drop");
}

#[test]
fn a_40_byte_mapping_occupies_one_whole_page() {
    let page = page_size();
    // Between two PROT_NONE pages, so that no neighbour with the same rights
    // can be merged into its /proc/self/maps line.
    let guard = Mapping::anonymous(3 * page, Prot::NONE).unwrap();
    let middle = guard.addr() + page;
    // SAFETY: replaces the middle page of our own reservation only.
    let addr = unsafe {
        mman::mmap(
            middle as *mut u8,
            40,
            Prot::READ,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
            -1,
            0,
        )
    }
    .unwrap() as usize;
    assert_eq!(addr, middle);
    let line = maps_line(addr).unwrap();
    let range = line.split_whitespace().next().unwrap();
    let (start, end) = range.split_once('-').unwrap();
    let start = usize::from_str_radix(start, 16).unwrap();
    let end = usize::from_str_radix(end, 16).unwrap();
    assert_eq!((start, end - start), (addr, page), "{line}");
}

#[test]
fn a_shared_file_mapping_is_listed_with_s_and_the_file_name() {
    let dir = Scratch::new("maps-shared");
    let path = dir.file_with("listed.txt", b"hello");
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    let line = maps_line(map.addr()).unwrap();
    assert!(line.contains(" rw-s "), "s for shared: {line}");
    assert!(line.ends_with("listed.txt"), "the file's path: {line}");
}

#[test]
fn the_safe_constructor_refuses_map_fixed_before_any_call() {
    let err = Mapping::new(
        40,
        Prot::READ,
        MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
        -1,
        0,
    );
    assert_eq!(err.unwrap_err(), Errno::EINVAL);
}

#[test]
fn writing_after_mprotect_to_read_only_raises_sigsegv() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    map.write(0, 1);
    map.protect(Prot::READ).unwrap();
    assert!(maps_line(map.addr()).unwrap().contains(" r--p "));
    assert_eq!(map.read(0), 1, "reading is still allowed");
    let status = in_child(|| {
        map.write(0, 2);
        0
    });
    assert_killed_by(status, SIGSEGV);
}

/// A Mapping remembers the length asked for, not the page the kernel made
/// of it, and is never empty: mmap refuses a length of 0 (EINVAL).
#[test]
fn a_mapping_knows_its_length_and_is_never_empty() {
    let map = Mapping::anonymous(40, Prot::READ).unwrap();
    assert_eq!(map.len(), 40);
    assert!(!map.is_empty());
    assert_eq!(
        Mapping::anonymous(0, Prot::READ).unwrap_err(),
        mman::Errno::EINVAL
    );
}
