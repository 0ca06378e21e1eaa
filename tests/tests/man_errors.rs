//! The rest of the man pages' ERRORS (mmap(2), munmap(2), msync(2),
//! mprotect(2)) that an unprivileged process can provoke; `errors.rs` has
//! the first ones. `tests/ERRORS.md` lists every entry, the test that
//! provokes it, or why none can.
//!
//! The entries that need no resource limit or dropped capability are
//! checks written once in `tests/checks/src/man_errors.rs`, which the
//! self-test runs too; their `#[test]`s here run each through our wrappers
//! and through rustix. The rest are here alone: calls that change
//! process-wide state (resource limits, capabilities, the number of
//! mappings) run in a forked child, which reports the errno it got as its
//! exit code: 0 for success, the errno number otherwise.

use checks::{Calls, Ours};
use linux_raw_sys::general as k;
use mman::{Errno, MapFlags, Mapping, Prot};
use rustix::fd::AsRawFd;
use tests::{Scratch, in_child, page_size, through_both};

/// The exit code a child reports for `result`: 0, or the errno number.
fn code<T>(result: Result<T, Errno>) -> i32 {
    match result {
        Ok(_) => 0,
        Err(errno) => i32::from(errno.raw()),
    }
}

/// Runs `body` in a child and returns what it reported: `Ok(())` for exit
/// code 0, else the errno of that number.
#[track_caller]
fn in_child_result(body: impl FnOnce() -> i32) -> Result<(), Errno> {
    let status = in_child(body);
    let code = tests::exit_code(status)
        .unwrap_or_else(|| panic!("the child did not exit normally: it {status}"));
    match code {
        0 => Ok(()),
        n => Err(Errno::from_raw(n as u16)),
    }
}

const RW: u32 = k::PROT_READ | k::PROT_WRITE;
const PRIVATE_ANON: u32 = k::MAP_PRIVATE | k::MAP_ANONYMOUS;

// ---- mmap ----

#[test]
fn mmap_of_a_pipe_is_enodev_not_eacces() {
    through_both(checks::man_errors::mmap_of_a_pipe_is_enodev_not_eacces);
}

/// MAP_LOCKED in a child without CAP_IPC_LOCK whose RLIMIT_MEMLOCK is
/// `limit_pages`: the errno of mapping two locked pages.
fn map_two_locked_pages_with_memlock(limit_pages: u64) -> Result<(), Errno> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = limit_pages * page_size() as u64;
    in_child_result(|| {
        tests::act_unprivileged();
        let lowered = Rlimit {
            current: Some(limit),
            maximum: Some(limit),
        };
        if setrlimit(Resource::Memlock, lowered).is_err() {
            return 100;
        }
        let flags = PRIVATE_ANON | k::MAP_LOCKED;
        // SAFETY: not fixed.
        code(unsafe { Ours.mmap(0, 2 * page_size(), RW, flags, -1, 0) })
    })
}

/// EAGAIN "too much memory has been locked": MAP_LOCKED beyond
/// RLIMIT_MEMLOCK, for a process without CAP_IPC_LOCK.
#[test]
fn map_locked_beyond_rlimit_memlock_is_eagain() {
    assert_eq!(map_two_locked_pages_with_memlock(1), Err(Errno::EAGAIN));
}

/// Not in the man page: with RLIMIT_MEMLOCK at 0 the process may not lock
/// at all (the kernel's can_do_mlock), and MAP_LOCKED fails with EPERM
/// before any counting.
#[test]
fn map_locked_with_rlimit_memlock_zero_is_eperm() {
    assert_eq!(map_two_locked_pages_with_memlock(0), Err(Errno::EPERM));
}

/// ENOMEM (since Linux 4.7) "The process's RLIMIT_DATA limit, described in
/// getrlimit(2), would have been exceeded": private writable memory counts
/// as data.
#[test]
fn private_writable_memory_beyond_rlimit_data_is_enomem() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let page = page_size() as u64;
    let got = in_child_result(|| {
        // A limit of one page (not 0: a soft limit of 0 is ignored when the
        // hard limit allows, for old programs).
        let one_page = Rlimit {
            current: Some(page),
            maximum: Some(page),
        };
        if setrlimit(Resource::Data, one_page).is_err() {
            return 100;
        }
        // SAFETY: not fixed.
        code(unsafe { Ours.mmap(0, 16 * page_size(), RW, PRIVATE_ANON, -1, 0) })
    });
    if tests::emulator().is_some() {
        // QEMU user mode silently ignores a guest's setrlimit of RLIMIT_AS,
        // RLIMIT_DATA and RLIMIT_STACK (it needs memory for itself), so the
        // limit never reaches the host kernel and the mapping succeeds.
        assert_eq!(got, Ok(()), "under QEMU the limit is ignored");
    } else {
        assert_eq!(got, Err(Errno::ENOMEM));
    }
}

#[test]
fn map_fixed_beyond_the_address_space_is_enomem() {
    through_both(checks::man_errors::map_fixed_beyond_the_address_space_is_enomem);
}

#[test]
fn a_length_larger_than_the_address_space_is_enomem() {
    through_both(checks::man_errors::a_length_larger_than_the_address_space_is_enomem);
}

/// EOVERFLOW: the file offset plus the length passes what the kernel can
/// address in the file. On 32-bit systems (mmap2) the page offset plus the
/// length in pages overflows 32 bits; on 64-bit ones the end passes the
/// largest file size (MAX_LFS_FILESIZE).
#[test]
fn an_offset_plus_length_beyond_the_largest_file_is_eoverflow() {
    let dir = Scratch::new("eoverflow");
    let path = dir.file_with("f", b"x");
    let fd = unistd::open(&path, k::O_RDONLY, 0).unwrap();
    let page = page_size();
    #[cfg(target_pointer_width = "64")]
    let offset = i64::MAX & !(page as i64 - 1);
    // The largest offset mmap2 can express: u32::MAX units of 4096 bytes.
    #[cfg(target_pointer_width = "32")]
    let offset = i64::from(u32::MAX) << 12;
    // SAFETY: not fixed.
    let got = unsafe { Ours.mmap(0, 2 * page, k::PROT_READ, k::MAP_SHARED, fd.raw(), offset) };
    if tests::runs_on_a_64bit_kernel_as_32bit() {
        // A 64-bit kernel (the host's, under QEMU, which turns the guest's
        // mmap2 into a 64-bit mmap; or a 64-bit kernel's compat layer, as in
        // `--vm` for armv7 and i686) does this arithmetic in 64 bits: the
        // offset (2^44 - 4096) is far below its largest file, nothing
        // overflows, and the file is mapped.
        let addr = got.expect("a 64-bit kernel maps the far offset");
        // SAFETY: we just mapped it and nothing uses it.
        unsafe { Ours.munmap(addr, 2 * page) }.unwrap();
    } else {
        assert_eq!(got, Err(Errno::EOVERFLOW));
    }
}

/// A memfd holding one page, sealed with `seal`.
fn sealed_memfd(seal: rustix::fs::SealFlags) -> rustix::fd::OwnedFd {
    use rustix::fs::{MemfdFlags, fcntl_add_seals, ftruncate, memfd_create};
    let fd = memfd_create("sealed", MemfdFlags::ALLOW_SEALING).unwrap();
    ftruncate(&fd, page_size() as u64).unwrap();
    fcntl_add_seals(&fd, seal).unwrap();
    fd
}

/// EPERM "the operation was prevented by a file seal": F_SEAL_WRITE forbids
/// a shared writable mapping (and F_SEAL_FUTURE_WRITE a new one).
#[test]
fn a_shared_writable_mapping_of_a_write_sealed_memfd_is_eperm() {
    use rustix::fs::SealFlags;
    for seal in [SealFlags::WRITE, SealFlags::FUTURE_WRITE] {
        let fd = sealed_memfd(seal);
        // SAFETY: not fixed; expected to fail.
        let got = unsafe { Ours.mmap(0, page_size(), RW, k::MAP_SHARED, fd.as_raw_fd(), 0) };
        assert_eq!(got, Err(Errno::EPERM), "{seal:?}");
        // A private copy never writes the file: the seal allows it.
        let private = Mapping::new(
            page_size(),
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE,
            fd.as_raw_fd(),
            0,
        );
        assert!(private.is_ok(), "{seal:?}: private: {private:?}");
    }
}

/// ETXTBSY "MAP_DENYWRITE was set but the object specified by fd is open
/// for writing":
/// Linux ignores MAP_DENYWRITE (since 5.15 even for the kernel's own use),
/// so the error cannot happen; this shows the flag is ignored.
#[test]
fn map_denywrite_is_ignored_so_no_etxtbsy() {
    let dir = Scratch::new("denywrite");
    let path = dir.file_with("f", b"x");
    let fd = unistd::open(&path, k::O_RDWR, 0).unwrap();
    let flags = k::MAP_SHARED | k::MAP_DENYWRITE;
    // SAFETY: not fixed.
    let addr = unsafe { Ours.mmap(0, 1, RW, flags, fd.raw(), 0) }.expect("MAP_DENYWRITE ignored");
    // SAFETY: just mapped, unused.
    unsafe { Ours.munmap(addr, 1) }.unwrap();
}

// ---- munmap ----

#[test]
fn munmap_beyond_the_address_space_is_einval() {
    through_both(checks::man_errors::munmap_beyond_the_address_space_is_einval);
}

// ---- msync ----

#[test]
fn msync_of_a_range_that_wraps_around_is_enomem() {
    through_both(checks::man_errors::msync_of_a_range_that_wraps_around_is_enomem);
}

// ---- mprotect ----

#[test]
fn mprotect_write_on_a_shared_mapping_of_a_read_only_fd_is_eacces() {
    through_both(
        checks::man_errors::mprotect_write_on_a_shared_mapping_of_a_read_only_fd_is_eacces,
    );
}

#[test]
fn mprotect_with_an_unknown_prot_bit_is_einval() {
    through_both(checks::man_errors::mprotect_with_an_unknown_prot_bit_is_einval);
}

#[test]
fn mprotect_with_growsup_and_growsdown_is_einval() {
    through_both(checks::man_errors::mprotect_with_growsup_and_growsdown_is_einval);
}

#[test]
fn mprotect_growsdown_on_an_ordinary_mapping_is_einval() {
    through_both(checks::man_errors::mprotect_growsdown_on_an_ordinary_mapping_is_einval);
}

#[test]
fn mprotect_of_a_range_that_wraps_around_is_enomem() {
    through_both(checks::man_errors::mprotect_of_a_range_that_wraps_around_is_enomem);
}

// ---- the mapping count: mmap, munmap and mprotect ENOMEM ----

/// What a child at the `vm.max_map_count` limit saw.
const SPLIT_REFUSED: i32 = 1;
const MUNMAP_REFUSED: i32 = 2;
const MMAP_REFUSED: i32 = 4;

/// In a child: a PROT_NONE reservation of a little more than
/// `vm.max_map_count` pages, whose first pages are given alternating
/// protections one at a time, each change splitting one more mapping off,
/// until mprotect refuses. Then munmap of a page inside the rest (which
/// would split it in two) and a few new mappings are tried. The child's
/// exit code has one bit per refusal that came with ENOMEM.
fn at_the_map_count_limit() -> i32 {
    let page = page_size();
    let max = tests::max_map_count();
    let pages = max + 64;
    let reservation = Mapping::anonymous(pages * page, Prot::NONE).expect("reserve");
    let base = reservation.as_ptr();
    // The child exits without unmapping; the parent unmaps its own copy when
    // `reservation` drops, after the child has ended, rather than leave a
    // quarter of a gigabyte reserved for the rest of the process (under
    // `cargo test`, every test of this file).
    let status = in_child(move || {
        let mut report = 0;
        let mut split = None;
        for i in 0..pages - 8 {
            let prot = if i % 2 == 0 { Prot::READ } else { Prot::WRITE };
            // SAFETY: our own PROT_NONE reservation; nothing lives there.
            match unsafe { mman::mprotect(base.wrapping_add(i * page), page, prot) } {
                Ok(()) => {}
                Err(errno) => {
                    split = Some((i, errno));
                    break;
                }
            }
        }
        let Some((i, Errno::ENOMEM)) = split else {
            return 64;
        };
        report |= SPLIT_REFUSED;
        // SAFETY: inside our reservation, past the pages changed so far.
        let hole = unsafe { mman::munmap(base.wrapping_add((i + 4) * page), page) };
        if hole == Err(Errno::ENOMEM) {
            report |= MUNMAP_REFUSED;
        }
        // A brand-new mapping adds one more; the check for mmap is "more
        // than the limit", for a split "at the limit", so allow one success.
        for _ in 0..2 {
            // SAFETY: not fixed.
            let new =
                unsafe { Ours.mmap(0, page, k::PROT_READ | k::PROT_EXEC, PRIVATE_ANON, -1, 0) };
            if new == Err(Errno::ENOMEM) {
                report |= MMAP_REFUSED;
                break;
            }
        }
        report
    });
    tests::exit_code(status).unwrap_or_else(|| panic!("the child {status}"))
}

/// ENOMEM for mprotect ("Changing the protection of a memory region would
/// result in the total number of mappings with distinct attributes ...
/// exceeding the allowed maximum"), for munmap ("when unmapping a region in
/// the middle of an existing mapping") and for mmap ("The process's maximum
/// number of mappings would have been exceeded"), all at
/// `vm.max_map_count`.
#[test]
fn at_max_map_count_mprotect_munmap_and_mmap_are_enomem() {
    let report = at_the_map_count_limit();
    assert_eq!(
        report,
        SPLIT_REFUSED | MUNMAP_REFUSED | MMAP_REFUSED,
        "bits: 1 mprotect, 2 munmap, 4 mmap refused with ENOMEM; 64: mprotect never refused"
    );
}
