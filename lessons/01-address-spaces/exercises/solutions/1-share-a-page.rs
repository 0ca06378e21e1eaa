//! Exercise 1.1, a reference answer: MAP_SHARED | MAP_ANONYMOUS.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// One page of anonymous memory that a forked child shares with its parent.
pub fn shared_page(page: usize) -> Result<Mapping, Errno> {
    // MAP_SHARED is what survives fork as one copy: fork never marks a
    // shared mapping copy-on-write (it does not even copy its page-table
    // entries; the child faults the same shmem page in when it first
    // touches it), so both processes reach one page.
    // MAP_ANONYMOUS gives it no file of ours (fd -1, offset 0); the kernel
    // backs it with a hidden shmem file, which /proc/self/maps names
    // "/dev/zero (deleted)". Only processes that inherit the mapping through
    // fork can reach it, so it must exist before the fork.
    Mapping::new(
        page,
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED | MapFlags::ANONYMOUS,
        -1,
        0,
    )
}
