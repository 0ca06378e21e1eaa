//! Part 3: MS_INVALIDATE.
//!
//! POSIX: "invalidate cached copies of mapped data", so that the mapping is
//! re-read from the file. That matters on systems where a mapping can hold
//! its own copy of a page apart from the file's buffer cache. Linux has one
//! page cache: a shared mapping *is* the file's cached pages, so there is
//! no separate copy to drop. mm/msync.c does nothing for MS_INVALIDATE but
//! one check: a range containing locked pages (mlock) is refused with EBUSY,
//! because invalidating them would contradict the lock.
//!
//! And a private mapping's copied pages are not thrown away either: after
//! MS_INVALIDATE the private change is still there.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{Errno, MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "invalidate.bin").ok_or("path too long"),
        "invalidate.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create invalidate.bin",
    );
    or_exit(unistd::write_all(fd.raw(), b"file"), "write invalidate.bin");

    // A private mapping with a change of its own (copy-on-write has given
    // it a private copy of the page).
    let private = or_exit(
        Mapping::new(4, Prot::READ | Prot::WRITE, MapFlags::PRIVATE, fd.raw(), 0),
        "mmap private",
    );
    private.write_from(0, b"mine");
    let result = private.msync(MsyncFlags::SYNC | MsyncFlags::INVALIDATE);
    let mut seen = [0u8; 4];
    private.read_into(0, &mut seen);
    let mut file = [0u8; 4];
    or_exit(unistd::pread(&fd, &mut file, 0), "pread invalidate.bin");
    println!(
        "private mapping changed to \"mine\"; msync(MS_SYNC|MS_INVALIDATE) = {result:?}; it \
         still reads \"{}\", the file \"{}\"",
        rt::Escaped(&seen),
        rt::Escaped(&file)
    );
    claim!(
        claims,
        result.is_ok() && seen == *b"mine" && file == *b"file",
        "MS_INVALIDATE does not discard a private mapping's own copy on Linux: it still reads \
         \"mine\" while the file holds \"file\""
    );

    // Locked pages: the one thing MS_INVALIDATE checks.
    let shared = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap shared",
    );
    match lock(shared.as_ptr(), page) {
        Ok(()) => {
            let invalidate = shared.msync(MsyncFlags::SYNC | MsyncFlags::INVALIDATE);
            let sync = shared.msync(MsyncFlags::SYNC);
            println!(
                "after mlock: msync(MS_SYNC|MS_INVALIDATE) = {invalidate:?}, msync(MS_SYNC) = \
                 {sync:?}"
            );
            claim!(
                claims,
                invalidate == Err(Errno::EBUSY) && sync.is_ok(),
                "on mlock'ed pages MS_INVALIDATE fails with EBUSY, while MS_SYNC alone still \
                 succeeds"
            );
            or_exit(unlock(shared.as_ptr(), page), "munlock");
            let after = shared.msync(MsyncFlags::SYNC | MsyncFlags::INVALIDATE);
            claim!(
                claims,
                after.is_ok(),
                "after munlock the same MS_INVALIDATE call returns {after:?}"
            );
        }
        // An environment with RLIMIT_MEMLOCK 0 cannot lock even a page;
        // say so rather than claim something unobserved.
        Err(e) => println!(
            "mlock of one page failed ({e}), so the EBUSY case cannot be shown here (check \
             `ulimit -l`)"
        ),
    }
}

/// mlock(2) on a page of ours.
fn lock(addr: *mut u8, len: usize) -> Result<(), mman::Errno> {
    // SAFETY: mlock pins pages of our own mapping; no contents change.
    unsafe { mman::mlock(addr, len) }
}

/// munlock(2) on a page of ours.
fn unlock(addr: *mut u8, len: usize) -> Result<(), mman::Errno> {
    // SAFETY: as for `lock`.
    unsafe { mman::munlock(addr, len) }
}
