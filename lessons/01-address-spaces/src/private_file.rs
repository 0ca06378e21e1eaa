//! Part 4: a file mapping is not shared just because it maps a file.
//!
//! `MAP_PRIVATE` on a file: reads come from the file (through the page
//! cache), but the first write to a page gives the writer a private copy of
//! it, exactly as for anonymous memory. Neither process sees the other's
//! write, and the file never changes. (The data segment of part 2 is this
//! kind of mapping, made by the kernel at exec.)

use crate::file;
use crate::fork_round::{self, ORIGINAL, Shown};
use core::ffi::CStr;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let (path, fd) = file::one_page(dir, "private.txt", page);
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE,
            fd.raw(),
            0,
        ),
        "mmap(MAP_PRIVATE) of the file",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE, {}, 0) = {:#x}",
        fd.raw(),
        map.addr()
    );
    // SAFETY: `map` outlives the round; no reference into it exists.
    let round = unsafe { fork_round::run(map.as_ptr()) };
    round.claim_same_address(claims);
    round.claim_private(claims);

    let on_disk = file::first_bytes(&path);
    claim!(
        claims,
        on_disk == ORIGINAL,
        "read(2) of {path} still returns {}: private writes never reach the file",
        Shown(&on_disk)
    );
}
