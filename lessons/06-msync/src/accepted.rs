//! Part 2: msync returns 0 on every kind of mapping, doing work on one.
//!
//! The kernel (mm/msync.c) walks the mappings in the range. Only for a
//! mapping that is `MAP_SHARED` *and* backed by a file, and only with
//! `MS_SYNC`, does it call `vfs_fsync_range()` on the file: write the range's
//! dirty pages and wait for the device. Every other case is walked past and
//! returns 0: a private file mapping (its changes belong to no file),
//! anonymous memory (no file at all), and `MS_ASYNC` anywhere (a no-op since
//! Linux 2.6.19: dirty pages are tracked, the flusher threads write them in
//! due time). So a 0 from msync says the range was mapped, not that anything
//! was written.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "accepted.bin").ok_or("path too long"),
        "accepted.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create accepted.bin",
    );
    or_exit(
        unistd::ftruncate(&fd, page as u64),
        "ftruncate accepted.bin",
    );
    let rw = Prot::READ | Prot::WRITE;

    let shared = or_exit(
        Mapping::new(page, rw, MapFlags::SHARED, fd.raw(), 0),
        "mmap shared",
    );
    shared.fill(b's');
    let result = shared.msync(MsyncFlags::SYNC);
    claim!(
        claims,
        result.is_ok(),
        "msync(MS_SYNC) on a dirty MAP_SHARED file mapping = {result:?}: the one case where the \
         kernel writes the pages to the file and waits"
    );

    let private = or_exit(
        Mapping::new(page, rw, MapFlags::PRIVATE, fd.raw(), 0),
        "mmap private",
    );
    private.fill(b'p');
    let result = private.msync(MsyncFlags::SYNC);
    let mut back = [0u8; 1];
    or_exit(unistd::pread(&fd, &mut back, 0), "pread accepted.bin");
    claim!(
        claims,
        result.is_ok() && back[0] == b's',
        "msync(MS_SYNC) on a dirty MAP_PRIVATE file mapping = {result:?}, and the file still \
         holds '{}': private copies are never written back",
        back[0] as char
    );

    let anon = or_exit(Mapping::anonymous(page, rw), "mmap anonymous");
    anon.fill(b'a');
    let result = anon.msync(MsyncFlags::SYNC);
    claim!(
        claims,
        result.is_ok(),
        "msync(MS_SYNC) on anonymous memory = {result:?}: there is no file, nothing to do, and \
         no error either"
    );

    shared.fill(b'S');
    let result = shared.msync(MsyncFlags::ASYNC);
    claim!(
        claims,
        result.is_ok(),
        "msync(MS_ASYNC) on the shared mapping = {result:?} (on Linux it returns without doing \
         anything; part 5 shows the pages stay dirty)"
    );

    // POSIX says flags must hold exactly one of MS_SYNC and MS_ASYNC. Linux
    // checks only that it does not hold both.
    let result = shared.msync(MsyncFlags::empty());
    claim!(
        claims,
        result.is_ok(),
        "msync(addr, len, 0) = {result:?}: Linux does not insist on MS_SYNC or MS_ASYNC, as \
         POSIX does; with neither it only checks that the range is mapped"
    );

    // Length 0: the kernel returns 0 once the flags and the alignment have
    // been checked, before it looks at any mapping. So even an address
    // where nothing is mapped is "fine".
    // SAFETY: msync changes no memory.
    let result = unsafe { mman::msync(shared.as_ptr(), 0, MsyncFlags::SYNC) };
    let hole = or_exit(Mapping::anonymous(page, Prot::NONE), "reserve a page");
    let gone = hole.as_ptr();
    or_exit(hole.unmap(), "munmap the reserved page");
    // SAFETY: msync changes no memory; nothing is mapped at `gone`.
    let unmapped = unsafe { mman::msync(gone, 0, MsyncFlags::SYNC) };
    println!(
        "msync(mapping, 0, MS_SYNC) = {result:?}; msync({gone:p} (unmapped), 0, MS_SYNC) = {unmapped:?}"
    );
    claim!(
        claims,
        result.is_ok() && unmapped.is_ok(),
        "msync with length 0 returns 0, even at an address where nothing is mapped: an empty \
         range is checked for nothing but alignment"
    );
}
