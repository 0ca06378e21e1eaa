//! The claims of lesson 09 (a window onto a file) that no other file
//! tests. Already tested elsewhere: an unaligned offset is EINVAL, a shared
//! writable mapping of a read-only descriptor and any mapping of a
//! write-only one are EACCES, a private writable one is allowed
//! (`errors.rs`); mprotect(PROT_WRITE) on a shared mapping of a read-only
//! descriptor is EACCES (`man_errors.rs`); stores past the end of a 10-byte
//! file are lost without a signal (`example_1.rs`); read(2) into a PROT_READ
//! page is EFAULT (`prot_flags.rs`).

use linux_raw_sys::general::{O_CLOEXEC, O_RDONLY, O_RDWR, SIGBUS};
use mman::{Errno, MapFlags, Mapping, Prot};
use tests::{Scratch, WaitStatus, assert_killed_by, in_child, maps_line, page_size};

/// A file of `pages` pages, page i filled with the letter 'A' + i.
fn lettered(dir: &Scratch, pages: usize) -> std::ffi::CString {
    let page = page_size();
    let bytes: Vec<u8> = (0..pages * page).map(|i| b'A' + (i / page) as u8).collect();
    dir.file_with("lettered", &bytes)
}

#[test]
fn a_window_at_a_page_offset_shows_that_part_of_the_file_and_maps_lists_the_offset() {
    let dir = Scratch::new("window");
    let page = page_size();
    let fd = unistd::open(&lettered(&dir, 3), O_RDONLY | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(
        2 * page,
        Prot::READ,
        MapFlags::SHARED,
        fd.raw(),
        page as i64,
    )
    .unwrap();
    assert_eq!((map.read(0), map.read(page)), (b'B', b'C'));
    let line = maps_line(map.addr()).expect("a maps line");
    let offset = line.split_whitespace().nth(2).expect("an offset field");
    assert_eq!(usize::from_str_radix(offset, 16), Ok(page), "{line}");
}

#[test]
fn mprotect_may_add_write_to_a_private_mapping_of_a_read_only_descriptor() {
    // The contrast to man_errors.rs's EACCES for the shared one: a private
    // mapping keeps VM_MAYWRITE, since its stores never reach the file.
    let dir = Scratch::new("ro-private-mprotect");
    let page = page_size();
    let fd = unistd::open(&lettered(&dir, 1), O_RDONLY | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(page, Prot::READ, MapFlags::PRIVATE, fd.raw(), 0).unwrap();
    assert_eq!(map.protect(Prot::READ | Prot::WRITE), Ok(()));
    map.write(0, b'z');
    assert_eq!(map.read(0), b'z');
}

#[test]
fn stores_past_the_end_of_a_short_file_stay_in_the_page_until_writeback_zeroes_them() {
    let dir = Scratch::new("past-eof");
    let path = dir.file_with("ten", b"ten bytes\n");
    let fd = unistd::open(&path, O_RDWR | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    let stored = [b'x'; 40];
    assert_eq!(
        in_child(|| {
            map.write_from(0, &stored);
            0
        }),
        WaitStatus::Exited(0)
    );
    let mut seen = [0u8; 40];
    map.read_into(0, &mut seen);
    assert_eq!(seen, stored, "the shared page holds all 40 stores");
    let back = tests::read_back(&path);
    assert_eq!(back, b"xxxxxxxxxx", "the file keeps its 10 bytes");
    // Writing the page back zeroes its part past the end of the file on
    // the file systems whose writeback path says so (ext2/3/4, xfs, btrfs);
    // tmpfs and ramfs never write back. Elsewhere (overlayfs, say) the
    // answer depends on what lies beneath, and the test asserts neither.
    assert_eq!(map.msync(mman::MsyncFlags::SYNC), Ok(()));
    map.read_into(0, &mut seen);
    let magic = unistd::filesystem_magic(&fd).unwrap();
    let name = unistd::filesystem_name(magic);
    if unistd::zeroes_past_eof_on_writeback(magic) {
        assert_eq!(&seen[10..], &[0; 30], "on {name}");
    } else if !unistd::has_backing_store(magic) {
        assert_eq!(&seen[10..], &stored[10..], "on {name}");
    } else {
        eprintln!(
            "on {name}, after msync the 30 bytes past the end read {:?}; not asserted",
            &seen[10..]
        );
    }
}

#[test]
fn a_page_beyond_the_end_of_the_file_faults_until_the_file_grows_and_again_after_it_shrinks() {
    let dir = Scratch::new("grow");
    let page = page_size();
    let fd = unistd::open(&lettered(&dir, 1), O_RDWR | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(
        2 * page,
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )
    .unwrap();
    let touch = || {
        in_child(|| {
            let before = map.read(page);
            map.write(page, b'Z');
            i32::from(before != 0)
        })
    };
    assert_killed_by(touch(), SIGBUS);
    unistd::ftruncate(&fd, 2 * page as u64).unwrap();
    assert_eq!(
        touch(),
        WaitStatus::Exited(0),
        "zero-filled and writable now"
    );
    let mut byte = [0u8; 1];
    assert_eq!(unistd::pread(&fd, &mut byte, page as u64), Ok(1));
    assert_eq!(byte[0], b'Z', "the child's store is in the file");
    unistd::ftruncate(&fd, page as u64).unwrap();
    assert_killed_by(touch(), SIGBUS);
    assert_eq!(
        map.read(0),
        b'A',
        "the page still inside the file is untouched"
    );
}

#[test]
fn write_2_from_a_prot_none_page_returns_efault() {
    let map = Mapping::anonymous(page_size(), Prot::NONE).unwrap();
    let (reader, writer) = unistd::pipe(O_CLOEXEC).unwrap();
    // SAFETY: write(2) reads at most 16 bytes at the start of a live page
    // of ours, or fails; nothing is written to memory.
    let got =
        unsafe { syscall::syscall3(syscall::nr::WRITE, writer.raw() as usize, map.addr(), 16) };
    assert_eq!(got, Err(Errno::EFAULT));
    drop(reader);
}

/// A page of /dev/zero, mapped with `flags`; a child stores into it; what
/// the parent reads afterwards.
fn dev_zero_after_a_childs_store(flags: MapFlags) -> (u8, String) {
    let page = page_size();
    let fd = unistd::open(c"/dev/zero", O_RDWR | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(page, Prot::READ | Prot::WRITE, flags, fd.raw(), 0).unwrap();
    assert_eq!(map.read(0), 0, "zero-filled");
    let status = in_child(|| {
        map.write(0, b'c');
        0
    });
    assert_eq!(status, WaitStatus::Exited(0));
    (map.read(0), maps_line(map.addr()).unwrap_or_default())
}

#[test]
fn a_shared_mapping_of_dev_zero_is_memory_shared_with_a_child() {
    let (seen, line) = dev_zero_after_a_childs_store(MapFlags::SHARED);
    assert_eq!(seen, b'c');
    assert!(line.ends_with("/dev/zero (deleted)"), "{line}");
}

#[test]
fn a_shared_mapping_of_a_read_only_dev_zero_is_no_shmem_file() {
    // do_mmap clears VM_SHARED for a read-only descriptor before the
    // driver, which tests it, sets the mapping up.
    let fd = unistd::open(c"/dev/zero", O_RDONLY | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(page_size(), Prot::READ, MapFlags::SHARED, fd.raw(), 0).unwrap();
    let line = maps_line(map.addr()).unwrap_or_default();
    assert!(line.ends_with(" /dev/zero"), "{line}");
}

#[test]
fn a_private_mapping_of_dev_zero_is_a_copy_per_process() {
    let (seen, _) = dev_zero_after_a_childs_store(MapFlags::PRIVATE);
    assert_eq!(seen, 0);
}
