//! The part of `tests/tests/man_errors.rs` (the man pages' ERRORS beyond
//! the basic matrix) that needs no resource limits or dropped capabilities:
//! pipes, ranges past the end of the address space, and mprotect's own
//! errors. `tests/ERRORS.md` lists every entry.

use crate::errors::fails_with;
use core::ffi::CStr;
use linux_raw_sys::general::{self as k, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use mman::{Errno, MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit};

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    // The highest page-aligned address: above every process's address space.
    let last_page = usize::MAX & !(page - 1);

    let (read_end, _write_end) = or_exit(unistd::pipe(0), "pipe");
    // SAFETY: not fixed; expected to fail.
    let got = unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            40,
            Prot::READ,
            MapFlags::PRIVATE,
            read_end.raw(),
            0,
        )
    };
    fails_with(
        claims,
        got,
        Errno::ENODEV,
        "mmap of a pipe (no mmap method)",
    );

    // SAFETY: not fixed; expected to fail.
    let got = unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            last_page,
            Prot::NONE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS,
            -1,
            0,
        )
    };
    fails_with(
        claims,
        got,
        Errno::ENOMEM,
        "mmap of a length no address space holds",
    );

    // SAFETY: nothing of ours is up there; expected to fail.
    let got = unsafe { mman::munmap(last_page as *mut u8, page) };
    fails_with(claims, got, Errno::EINVAL, "munmap above the address space");

    let map = or_exit(Mapping::anonymous(page, Prot::READ), "map");
    // SAFETY: msync changes no memory; expected to fail.
    let got = unsafe { mman::msync(map.as_ptr(), last_page, MsyncFlags::SYNC) };
    fails_with(
        claims,
        got,
        Errno::ENOMEM,
        "msync of a range that wraps around",
    );
    // SAFETY: expected to fail; it could only lower our own page's rights.
    let got = unsafe { mman::mprotect(map.as_ptr(), last_page, Prot::READ) };
    fails_with(
        claims,
        got,
        Errno::ENOMEM,
        "mprotect of a range that wraps around",
    );
    let unknown = Prot::from_bits_retain(k::PROT_READ | 0x100);
    fails_with(
        claims,
        map.protect(unknown),
        Errno::EINVAL,
        "mprotect with an unknown prot bit",
    );
    let both = Prot::from_bits_retain(k::PROT_READ | k::PROT_GROWSUP | k::PROT_GROWSDOWN);
    fails_with(
        claims,
        map.protect(both),
        Errno::EINVAL,
        "mprotect with GROWSUP and GROWSDOWN",
    );
    let down = Prot::from_bits_retain(k::PROT_READ | k::PROT_GROWSDOWN);
    fails_with(
        claims,
        map.protect(down),
        Errno::EINVAL,
        "mprotect GROWSDOWN on an ordinary mapping",
    );

    let path = or_exit(CPath::join(dir, "read-only").ok_or("path too long"), "path");
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create",
    );
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate");
    drop(fd);
    let ro = or_exit(unistd::open(path.as_cstr(), O_RDONLY, 0), "open read-only");
    let shared = or_exit(
        Mapping::new(page, Prot::READ, MapFlags::SHARED, ro.raw(), 0),
        "map shared",
    );
    fails_with(
        claims,
        shared.protect(Prot::READ | Prot::WRITE),
        Errno::EACCES,
        "mprotect PROT_WRITE on a shared mapping of a read-only fd",
    );
    let private = or_exit(
        Mapping::new(page, Prot::READ, MapFlags::PRIVATE, ro.raw(), 0),
        "map private",
    );
    claim!(
        claims,
        private.protect(Prot::READ | Prot::WRITE).is_ok(),
        "the same on a private mapping is allowed"
    );
}
