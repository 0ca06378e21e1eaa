//! Part 3: MAP_ANONYMOUS, memory with no file behind it.
//!
//! With MAP_ANONYMOUS the fd argument is ignored (pass -1, as portable code
//! must) and the offset must be 0. The pages are zero-filled on first touch:
//! the kernel never hands a process a page holding another process's old
//! data. This is where malloc gets large blocks, and where thread stacks
//! come from.
//!
//! A private anonymous mapping really has nothing behind it (its pages go to
//! swap, if anywhere): /proc/self/maps shows inode 0 and no path. A *shared*
//! anonymous mapping needs an object that a forked child can share, so the
//! kernel creates an invisible file in its internal shmem filesystem; maps
//! names it "/dev/zero (deleted)".

use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, Escaped, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let len = 2 * page;
    let map = or_exit(
        Mapping::anonymous(len, Prot::READ | Prot::WRITE),
        "mmap MAP_ANONYMOUS",
    );
    println!(
        "mmap(NULL, {len}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    let nonzero = (0..len).filter(|&i| map.read(i) != 0).count();
    claim!(
        claims,
        nonzero == 0,
        "all {len} bytes read as zero ({nonzero} non-zero)"
    );
    let line = crate::maps::show(map.addr());
    let (no_inode, path) = match &line {
        Some(l) => (l.no_inode, l.path()),
        None => (false, &b"?"[..]),
    };
    claim!(
        claims,
        no_inode && path.is_empty(),
        "its maps line has inode 0 and no path (path: \"{}\"): no file behind it",
        Escaped(path)
    );

    let shared = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap MAP_SHARED|MAP_ANONYMOUS",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = {:#x}",
        shared.addr()
    );
    let line = crate::maps::show(shared.addr());
    let path = line.as_ref().map_or(&b"?"[..], |l| l.path());
    claim!(
        claims,
        path == b"/dev/zero (deleted)" && shared.read(0) == 0,
        "the shared variant is zero-filled too, but is backed by an invisible shmem file, listed \
         as \"{}\"",
        Escaped(path)
    );
}
