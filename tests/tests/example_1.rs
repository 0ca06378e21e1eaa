//! The claims of lesson 05 (the tutorial's Example 1), one test each.

use linux_raw_sys::general::{O_CREAT, O_RDWR, SIGBUS, SIGSEGV};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use tests::{Scratch, assert_killed_by, current_umask, in_child, page_size, read_back};

const TEXT: &[u8] = b"Example 1 maps 40 bytes of this file; the line is longer than that\n";

/// The example's own sequence: open O_RDWR|O_CREAT, map 40 bytes shared,
/// read (printf), zero, no msync, no munmap. Returns the child's status.
fn run_example(path: &std::ffi::CStr, mode: u32) -> tests::WaitStatus {
    in_child(|| {
        let Ok(fd) = unistd::open(path, O_RDWR | O_CREAT, mode) else {
            return 10;
        };
        // SAFETY: no MAP_FIXED.
        let Ok(p) = (unsafe {
            mman::mmap(
                std::ptr::null_mut(),
                40,
                Prot::READ | Prot::WRITE,
                MapFlags::SHARED,
                fd.raw(),
                0,
            )
        }) else {
            return 11;
        };
        for i in 0..40 {
            // SAFETY: inside the mapped page; a fault ends the child.
            unsafe {
                let _ = p.add(i).read_volatile(); // printf reads first
                p.add(i).write_volatile(0); // then memset
            }
        }
        0 // no msync, no munmap: exit removes the mapping
    })
}

#[test]
fn shared_stores_reach_the_file_without_msync_or_munmap() {
    tests::through_both(checks::example_1::shared_stores_reach_the_file_without_msync_or_munmap);
}

/// A file of 1 to 39 bytes: its one partial page is backed, past the end
/// of the file included, so all 40 stores succeed without a signal, and
/// the ones past the end never reach the file (mmap(2): "modifications to
/// that region are not written out to the file").
#[test]
fn on_a_10_byte_file_the_stores_past_its_end_are_lost_without_a_signal() {
    let dir = Scratch::new("short");
    let path = dir.file_with("f", b"ten bytes\n");
    assert_eq!(run_example(&path, 0o644), tests::WaitStatus::Exited(0));
    let back = read_back(&path);
    assert_eq!(back, [0u8; 10], "10 bytes, all zeroed; nothing past them");
}

#[test]
fn a_new_empty_file_maps_fine_but_the_first_touch_raises_sigbus() {
    let dir = Scratch::new("sigbus");
    let path = dir.path("new");
    assert_killed_by(run_example(&path, 0o600), SIGBUS);
    assert_eq!(
        std::fs::metadata(path.to_str().unwrap()).unwrap().len(),
        0,
        "mmap does not extend the file"
    );
}

#[test]
fn mmap_of_an_empty_file_succeeds_and_leaves_it_empty() {
    tests::through_both(checks::example_1::mmap_of_an_empty_file_succeeds_and_leaves_it_empty);
}

#[test]
fn percent_s_reads_past_40_bytes_to_the_zero_filled_page_tail() {
    let dir = Scratch::new("percent-s");
    let path = dir.file_with("f", TEXT);
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(40, Prot::READ, MapFlags::SHARED, fd.raw(), 0).unwrap();
    // SAFETY: the kernel mapped the whole page; the file ends inside it, and
    // the rest of the page reads as zeros, so a NUL is found.
    let (len, after) = unsafe {
        let p = map.as_ptr();
        let mut n = 0;
        while p.add(n).read_volatile() != 0 {
            n += 1;
        }
        (n, p.add(page_size() - 1).read_volatile())
    };
    assert_eq!(
        len,
        TEXT.len(),
        "strlen stops at the end of the file's data, not at 40"
    );
    assert_eq!(
        after, 0,
        "the page's last byte, past end of file, reads as zero"
    );
}

#[test]
fn a_full_page_without_nul_sends_strlen_into_the_guard_page() {
    let page = page_size();
    let dir = Scratch::new("no-nul");
    let path = dir.file_with("f", &vec![b'A'; page]);
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    // Reserved as a PROT_NONE mapping of the file itself, as the lesson
    // does: the kernel then picks an address of the right cache colour for
    // this file page (a MAP_SHARED|MAP_FIXED mapping at the wrong colour is
    // EINVAL on MIPS).
    let reserve = Mapping::new(2 * page, Prot::NONE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    // SAFETY: replaces the first page of our own reservation only.
    let p = unsafe {
        mman::mmap(
            reserve.as_ptr(),
            40,
            Prot::READ,
            MapFlags::SHARED | MapFlags::FIXED,
            fd.raw(),
            0,
        )
    }
    .unwrap();
    let status = in_child(|| {
        let mut n = 0;
        // SAFETY: deliberately runs off the page; the guard page stops it.
        while unsafe { p.add(n).read_volatile() } != 0 {
            n += 1;
        }
        n as i32
    });
    assert_killed_by(status, SIGSEGV);
}

#[test]
fn o_creat_takes_its_permission_bits_from_the_mode_argument_minus_umask() {
    let dir = Scratch::new("mode");
    let mask = current_umask();
    for leftover in [0o7777u32, 0o4_0040, 0o123] {
        let path = dir.path(&format!("f{leftover:o}"));
        let fd = unistd::open(&path, O_RDWR | O_CREAT, leftover).unwrap();
        let st = unistd::fstat(&fd).unwrap();
        // mode & 07777 (fs/open.c, `build_open_how`): setuid, setgid and
        // sticky are kept, the file-type bits of 0o40040 are not, and the
        // umask clears permission bits only.
        assert_eq!(
            st.st_mode & 0o7777,
            leftover & 0o7777 & !mask,
            "mode {leftover:o}"
        );
    }
}

#[test]
fn the_corrected_example_extends_maps_zeroes_syncs_and_unmaps() {
    let dir = Scratch::new("corrected");
    let path = dir.path("f");
    let fd = unistd::open(&path, O_RDWR | O_CREAT, 0o600).unwrap();
    assert_eq!(unistd::fstat(&fd).unwrap().st_size, 0);
    unistd::ftruncate(&fd, 40).unwrap();
    let map = Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    map.write_from(0, b"not yet zero");
    map.fill(0);
    assert_eq!(map.msync(MsyncFlags::SYNC), Ok(()));
    assert_eq!(map.unmap(), Ok(()));
    assert_eq!(read_back(&path), vec![0u8; 40]);
    assert_eq!(
        unistd::fstat(&fd).unwrap().st_mode & 0o777,
        0o600 & !current_umask()
    );
}

#[test]
fn closing_the_fd_does_not_end_the_mapping() {
    let dir = Scratch::new("close");
    let path = dir.file_with("f", TEXT);
    let fd = unistd::open(&path, O_RDWR, 0).unwrap();
    let map = Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0).unwrap();
    drop(fd); // close(2), as the example does before returning
    map.write(0, b'Z');
    assert_eq!(map.read(1), TEXT[1]);
    drop(map);
    assert_eq!(
        read_back(&path)[0],
        b'Z',
        "a write after close still reaches the file"
    );
}

#[test]
fn touching_a_page_wholly_past_end_of_file_raises_sigbus() {
    tests::through_both(checks::example_1::touching_a_page_wholly_past_end_of_file_raises_sigbus);
}
