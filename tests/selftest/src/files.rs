//! What lesson 05 claims about files: MAP_SHARED stores reach the file
//! without msync, private ones never do, and mmap does not extend a file.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit};

const TEXT: &[u8] = b"Example 1 maps 40 bytes of this file; the line is longer than that\n";

fn read_back(path: &CStr, buf: &mut [u8]) -> usize {
    let fd = or_exit(unistd::open(path, O_RDONLY, 0), "reopen");
    or_exit(unistd::read(&fd, buf), "read")
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let path = or_exit(CPath::join(dir, "text").ok_or("path too long"), "path");
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create",
    );
    or_exit(unistd::write_all(fd.raw(), TEXT), "write");

    // A child zeroes 40 bytes through a shared mapping and exits without
    // msync or munmap.
    let fd_raw = fd.raw();
    // SAFETY: the child maps, stores and exits; no locks are involved.
    let status = or_exit(
        unsafe {
            unistd::run_in_child(|| {
                match Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd_raw, 0) {
                    Ok(map) => {
                        map.fill(0);
                        core::mem::forget(map); // no munmap: exit removes it
                        0
                    }
                    Err(_) => 1,
                }
            })
        },
        "fork",
    );
    let mut back = [0xffu8; 128];
    let n = read_back(path.as_cstr(), &mut back);
    claim!(
        claims,
        status == unistd::WaitStatus::Exited(0)
            && n == TEXT.len()
            && back[..40].iter().all(|&b| b == 0),
        "MAP_SHARED stores reach the file without msync or munmap"
    );
    claim!(
        claims,
        back[40..n] == TEXT[40..],
        "bytes past the 40 mapped ones are untouched"
    );

    let private = or_exit(
        Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::PRIVATE, fd.raw(), 0),
        "mmap private",
    );
    private.write(0, b'P');
    let n = read_back(path.as_cstr(), &mut back);
    claim!(
        claims,
        n == TEXT.len() && back[0] == 0,
        "MAP_PRIVATE stores never reach the file"
    );

    let shared = or_exit(
        Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap shared",
    );
    shared.write(1, b'S');
    claim!(
        claims,
        shared.msync(MsyncFlags::SYNC).is_ok(),
        "msync(MS_SYNC) on a shared file mapping returns 0"
    );
    claim!(
        claims,
        shared.unmap().is_ok(),
        "munmap of a whole mapping returns 0"
    );
    let n = read_back(path.as_cstr(), &mut back);
    claim!(
        claims,
        n == TEXT.len() && back[1] == b'S',
        "the synced store is in the file"
    );

    let empty = or_exit(
        CPath::join(dir, "stays-empty").ok_or("path too long"),
        "path",
    );
    let efd = or_exit(
        unistd::open(empty.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644),
        "create",
    );
    let map = Mapping::new(40, Prot::READ | Prot::WRITE, MapFlags::SHARED, efd.raw(), 0);
    let size = or_exit(unistd::fstat(&efd), "fstat").st_size;
    claim!(
        claims,
        map.is_ok() && size == 0,
        "mmap of an empty file succeeds and leaves it empty"
    );

    let page = rt::page_size();
    claim!(
        claims,
        page.is_power_of_two() && page >= 1024,
        "AT_PAGESZ is a power of two: {page}"
    );
    let anon = or_exit(Mapping::anonymous(40, Prot::READ), "map");
    claim!(
        claims,
        mman::page::is_aligned(anon.addr(), page),
        "mmap returns a page-aligned address"
    );
    claim!(
        claims,
        (0..40).all(|i| anon.read(i) == 0),
        "anonymous memory starts zero-filled"
    );
}
