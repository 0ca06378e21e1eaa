//! Parts 5 and 6: the exception. A `MAP_SHARED` mapping is not copied on
//! write: after fork both page tables keep pointing at the same physical
//! pages, so a store by one process is a store into the other's memory.
//!
//! - `MAP_SHARED | MAP_ANONYMOUS`: shared memory with no file of its own.
//!   (The kernel backs it with an unnamed shmem file; maps shows it as
//!   `/dev/zero (deleted)`.) Only processes that inherit it through fork
//!   can reach it.
//! - `MAP_SHARED` on a file: the pages are the file's page cache. The file
//!   is a system-wide object, so the bytes are also visible to read(2), and
//!   to any process that opens and maps the file, related or not. That is
//!   why the tutorial says mmap can serve for IPC.

use crate::file;
use crate::fork_round::{self, BY_CHILD, ORIGINAL, Shown};
use core::ffi::CStr;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn anonymous(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap(MAP_SHARED | MAP_ANONYMOUS)",
    );
    map.write_from(0, &ORIGINAL);
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    // SAFETY: `map` outlives the round; no reference into it exists.
    let round = unsafe { fork_round::run(map.as_ptr()) };
    round.claim_same_address(claims);
    round.claim_shared(claims);
}

pub fn file(dir: &CStr, page: usize, claims: &mut Claims) {
    let (path, fd) = file::one_page(dir, "shared.txt", page);
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap(MAP_SHARED) of the file",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED, {}, 0) = {:#x}",
        fd.raw(),
        map.addr()
    );
    // SAFETY: `map` outlives the round; no reference into it exists.
    let round = unsafe { fork_round::run(map.as_ptr()) };
    round.claim_same_address(claims);
    round.claim_shared(claims);

    let names_file = round.parent_line().ends_with(b"/shared.txt");
    claim!(
        claims,
        names_file,
        "the maps line ends with the file's path: the mapping is the file"
    );
    let on_disk = file::first_bytes(&path);
    claim!(
        claims,
        on_disk == BY_CHILD,
        "read(2) of {path}, through a new descriptor, returns {}: the child's store went into \
         the file's page cache, where any process can find it",
        Shown(&on_disk)
    );
}
