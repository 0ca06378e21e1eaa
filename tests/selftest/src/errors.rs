//! The errno matrix of `tests/tests/errors.rs`, without rustix: each call
//! must fail with the errno the man page names.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
use mman::{Errno, MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit};

/// A file of one page, open with `flags`.
fn one_page_file(dir: &CStr, flags: u32) -> unistd::Fd {
    let path = or_exit(CPath::join(dir, "page").ok_or("path too long"), "path");
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create",
    );
    or_exit(unistd::ftruncate(&fd, rt::page_size() as u64), "ftruncate");
    drop(fd);
    or_exit(unistd::open(path.as_cstr(), flags, 0), "open")
}

/// mmap with raw flag bits, the way a C caller can pass anything.
fn mmap_raw(
    addr: usize,
    len: usize,
    prot: Prot,
    flags: u32,
    fd: i32,
    offset: i64,
) -> Result<*mut u8, Errno> {
    // SAFETY: with MAP_FIXED these calls target only our own reservations
    // and are expected to fail; the rest never replace anything.
    unsafe {
        mman::mmap(
            addr as *mut u8,
            len,
            prot,
            MapFlags::from_bits_retain(flags),
            fd,
            offset,
        )
    }
}

/// Checks that `result` failed with `expected`, as a claim named `what`.
pub(crate) fn fails_with<T>(
    claims: &mut Claims,
    result: Result<T, Errno>,
    expected: Errno,
    what: &str,
) {
    let got = result.err();
    claim!(
        claims,
        got == Some(expected),
        "{what}: {expected:?} (got {got:?})"
    );
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    use linux_raw_sys::general as k;
    let page = rt::page_size();
    let rw = Prot::READ | Prot::WRITE;

    let fd = one_page_file(dir, O_RDWR);
    fails_with(
        claims,
        mmap_raw(0, 0, rw, k::MAP_SHARED, fd.raw(), 0),
        Errno::EINVAL,
        "mmap length 0",
    );
    fails_with(
        claims,
        mmap_raw(0, 40, rw, k::MAP_SHARED, fd.raw(), 1),
        Errno::EINVAL,
        "mmap unaligned offset",
    );
    fails_with(
        claims,
        mmap_raw(0, 40, rw, 0, fd.raw(), 0),
        Errno::EINVAL,
        "mmap neither SHARED nor PRIVATE",
    );
    let region = or_exit(Mapping::anonymous(2 * page, Prot::NONE), "reserve");
    let fixed = k::MAP_PRIVATE | k::MAP_ANONYMOUS | k::MAP_FIXED;
    fails_with(
        claims,
        mmap_raw(region.addr() + 1, page, rw, fixed, -1, 0),
        Errno::EINVAL,
        "mmap MAP_FIXED unaligned",
    );
    let noreplace = k::MAP_PRIVATE | k::MAP_ANONYMOUS | k::MAP_FIXED_NOREPLACE;
    fails_with(
        claims,
        mmap_raw(region.addr(), page, rw, noreplace, -1, 0),
        Errno::EEXIST,
        "mmap MAP_FIXED_NOREPLACE over a mapping",
    );
    let closed = fd.into_raw();
    or_exit(unistd::close(closed), "close");
    fails_with(
        claims,
        mmap_raw(0, 40, rw, k::MAP_SHARED, closed, 0),
        Errno::EBADF,
        "mmap of a closed fd",
    );

    let ro = one_page_file(dir, O_RDONLY);
    fails_with(
        claims,
        mmap_raw(0, 40, rw, k::MAP_SHARED, ro.raw(), 0),
        Errno::EACCES,
        "MAP_SHARED PROT_WRITE on a read-only fd",
    );
    let private = Mapping::new(40, rw, MapFlags::PRIVATE, ro.raw(), 0);
    claim!(
        claims,
        private.is_ok(),
        "MAP_PRIVATE PROT_WRITE on a read-only fd is allowed (copy-on-write)"
    );
    let wo = one_page_file(dir, O_WRONLY);
    fails_with(
        claims,
        mmap_raw(0, 40, Prot::WRITE, k::MAP_SHARED, wo.raw(), 0),
        Errno::EACCES,
        "mmap of a write-only fd",
    );
    let dirfd = or_exit(unistd::open(dir, O_RDONLY | O_DIRECTORY, 0), "open dir");
    fails_with(
        claims,
        mmap_raw(0, 40, Prot::READ, k::MAP_PRIVATE, dirfd.raw(), 0),
        Errno::ENODEV,
        "mmap of a directory",
    );

    let map = or_exit(Mapping::anonymous(page, Prot::READ), "map");
    // SAFETY: msync and failing munmap calls change no memory.
    unsafe {
        fails_with(
            claims,
            mman::msync(map.as_ptr(), page, MsyncFlags::SYNC | MsyncFlags::ASYNC),
            Errno::EINVAL,
            "msync MS_SYNC|MS_ASYNC",
        );
        fails_with(
            claims,
            mman::msync(map.as_ptr(), page, MsyncFlags::from_bits_retain(1 << 8)),
            Errno::EINVAL,
            "msync unknown flag",
        );
        fails_with(
            claims,
            mman::msync(map.as_ptr().add(1), 8, MsyncFlags::SYNC),
            Errno::EINVAL,
            "msync unaligned address",
        );
        fails_with(
            claims,
            mman::munmap(map.as_ptr().add(1), 8),
            Errno::EINVAL,
            "munmap unaligned address",
        );
        fails_with(
            claims,
            mman::munmap(map.as_ptr(), 0),
            Errno::EINVAL,
            "munmap length 0",
        );
    }
    let addr = map.as_ptr();
    or_exit(map.unmap(), "munmap");
    // SAFETY: nothing is mapped at `addr` any more; these calls only look.
    unsafe {
        fails_with(
            claims,
            mman::msync(addr, page, MsyncFlags::SYNC),
            Errno::ENOMEM,
            "msync over an unmapped range",
        );
        fails_with(
            claims,
            mman::mprotect(addr, page, Prot::READ),
            Errno::ENOMEM,
            "mprotect over an unmapped range",
        );
        claim!(
            claims,
            mman::munmap(addr, page).is_ok(),
            "munmap of a range with nothing mapped succeeds"
        );
    }
}
