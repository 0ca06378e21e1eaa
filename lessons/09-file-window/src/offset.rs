//! Part 1: mmap's last argument, the offset. A mapping can start anywhere
//! in a file, as long as the offset is a multiple of the page size: a page
//! of the mapping is a page of the page cache, and the page cache holds
//! each file in page-sized, page-aligned pieces. /proc/self/maps shows the
//! offset in its third field (hexadecimal). An offset that is not a
//! multiple of the page size fails with EINVAL (mmap(2): "offset ... must
//! be a multiple of the page size as returned by sysconf(_SC_PAGE_SIZE)").

use core::ffi::CStr;
use mman::{Errno, MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

use crate::lettered;

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let (fd, path) = lettered::create(dir, "lettered.bin", 3, page);
    println!("{path}: 3 pages, page 0 all 'A', page 1 all 'B', page 2 all 'C'");

    let window = or_exit(
        Mapping::new(
            2 * page,
            Prot::READ,
            MapFlags::SHARED,
            fd.raw(),
            page as i64,
        ),
        "mmap at offset one page",
    );
    println!(
        "mmap(NULL, {}, PROT_READ, MAP_SHARED, fd, {page}) = {:#x}",
        2 * page,
        window.addr()
    );
    if let Some(line) = rt::maps_line(window.addr()) {
        println!("  {line}");
    }
    let (first, second) = (window.read(0), window.read(page));
    claim!(
        claims,
        first == lettered::letter(1) && second == lettered::letter(2),
        "the window's first byte is from the file's page 1 ('{}') and its second page is the \
         file's page 2 ('{}')",
        first as char,
        second as char
    );
    match rt::maps_line(window.addr()).and_then(|line| line.offset()) {
        Some(offset) => claim!(
            claims,
            offset == page as u64,
            "/proc/self/maps lists the mapping's file offset: {offset:#x} (one page is {page:#x})"
        ),
        None => claim!(
            claims,
            false,
            "/proc/self/maps lists the mapping with its offset"
        ),
    };

    for bad in [100, page / 2] {
        let result = Mapping::new(page, Prot::READ, MapFlags::SHARED, fd.raw(), bad as i64);
        let answer = result.as_ref().map(|map| map.addr()).map_err(|&e| e);
        match answer {
            Ok(addr) => {
                println!("mmap(NULL, {page}, PROT_READ, MAP_SHARED, fd, {bad}) = {addr:#x}")
            }
            Err(e) => println!("mmap(NULL, {page}, PROT_READ, MAP_SHARED, fd, {bad}) = {e}"),
        }
        if cfg!(target_pointer_width = "32") {
            // mmap2 counts the offset in 4096-byte units: there is no value
            // for byte 100 to put in its register. The wrapper (mman's
            // calls.rs) answers without a call, with the 64-bit kernels'
            // error; no kernel sees it.
            claim!(
                claims,
                answer == Err(Errno::EINVAL),
                "an offset of {bad} cannot even be passed to mmap2, which counts 4096-byte \
                 units: the wrapper refuses it with EINVAL, making no call"
            );
        } else {
            claim!(
                claims,
                answer == Err(Errno::EINVAL),
                "an offset of {bad}, not a multiple of the page size, is refused with EINVAL"
            );
        }
    }
}
