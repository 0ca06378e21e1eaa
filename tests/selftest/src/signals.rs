//! The documented signals, seen through a child's wait status.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_RDWR, O_TRUNC, SIGBUS, SIGSEGV};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, claim, or_exit};

fn signal_of(body: impl FnOnce() -> i32) -> Option<u32> {
    // SAFETY: the bodies below only touch memory and exit.
    or_exit(unsafe { unistd::run_in_child(body) }, "fork").signal()
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();

    let map = or_exit(Mapping::anonymous(page, Prot::READ), "map");
    let sig = signal_of(|| {
        map.write(0, 1);
        0
    });
    claim!(
        claims,
        sig == Some(SIGSEGV),
        "a write to a PROT_READ page raises SIGSEGV ({sig:?})"
    );

    let none = or_exit(Mapping::anonymous(page, Prot::NONE), "map");
    let sig = signal_of(|| i32::from(none.read(0)));
    claim!(
        claims,
        sig == Some(SIGSEGV),
        "a read of a PROT_NONE page raises SIGSEGV ({sig:?})"
    );

    let path = or_exit(CPath::join(dir, "empty").ok_or("path too long"), "path");
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create",
    );
    let beyond = or_exit(
        Mapping::new(40, Prot::READ, MapFlags::SHARED, fd.raw(), 0),
        "mmap empty file",
    );
    let sig = signal_of(|| i32::from(beyond.read(0)));
    claim!(
        claims,
        sig == Some(SIGBUS),
        "touching a page wholly past end of file raises SIGBUS ({sig:?})"
    );

    let gone = or_exit(Mapping::anonymous(page, Prot::READ | Prot::WRITE), "map");
    let addr = gone.as_ptr();
    or_exit(gone.unmap(), "munmap");
    // SAFETY: the child reads an address we just unmapped: the point of the
    // check is that this raises SIGSEGV, which ends only the child.
    let sig = signal_of(|| i32::from(unsafe { addr.read_volatile() }));
    claim!(
        claims,
        sig == Some(SIGSEGV),
        "touching unmapped memory raises SIGSEGV ({sig:?})"
    );
}
