//! Part 4: `printf("%s")` on a mapping that holds no NUL byte.
//!
//! Part 1 was lucky: the file was shorter than a page, so the zero-filled
//! rest of the page ended the string. Give the file a full page of text and
//! strlen walks off the end of the mapping into whatever comes next. We put
//! an inaccessible guard page there (PROT_NONE), so the walk ends in
//! SIGSEGV every time instead of reading some other mapping's bytes.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_RDWR, O_TRUNC, SIGSEGV};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "full-page.txt").ok_or("path too long"),
        "full-page.txt",
    );
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create full-page.txt",
    );
    let line = [b'A'; 256];
    let mut written = 0;
    while written < page {
        let n = line.len().min(page - written);
        or_exit(
            unistd::write_all(fd.raw(), &line[..n]),
            "write full-page.txt",
        );
        written += n;
    }
    println!("{path} holds {page} bytes of 'A' and no NUL");

    // Two pages of address space, no access; then the file's first page over
    // the first of them. The second stays PROT_NONE: the guard.
    //
    // The reservation is a PROT_NONE mapping of this same file at offset 0,
    // not anonymous memory, so that the kernel picks its address. Some CPUs
    // index their data cache by virtual address (MIPS here), and there two
    // shared mappings of one file page must sit at addresses of the same
    // cache "colour"; the kernel refuses MAP_SHARED|MAP_FIXED at an address
    // of the wrong colour with EINVAL (seen on mips64el's real kernel). An
    // address the kernel chose for this file and offset has the right one.
    let reserve = or_exit(
        Mapping::new(2 * page, Prot::NONE, MapFlags::SHARED, fd.raw(), 0),
        "reserve two pages",
    );
    // SAFETY: MAP_FIXED replaces only the first page of our own reservation,
    // which nothing else uses.
    let file = or_exit(
        unsafe {
            mman::mmap(
                reserve.as_ptr(),
                40,
                Prot::READ | Prot::WRITE,
                MapFlags::SHARED | MapFlags::FIXED,
                fd.raw(),
                0,
            )
        },
        "map the file over the reservation",
    );
    println!("mapped 40 bytes of it at {file:p}; the page after it is PROT_NONE");

    // SAFETY: the child only reads memory and exits or is killed. strlen's
    // own promise (a NUL before the end of the mapping) is deliberately
    // broken: that is the demonstration, and its end is a clean SIGSEGV.
    let status = or_exit(
        unsafe { unistd::run_in_child(|| crate::c_string::strlen(file) as i32) },
        "fork",
    );
    claim!(
        claims,
        status.signal() == Some(SIGSEGV),
        "strlen ran past the mapped page into the guard page: child {status}"
    );
    drop(reserve); // unmaps both pages, the file's included
}
