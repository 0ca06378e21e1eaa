//! Exercise 3.2, a reference answer: one mprotect to PROT_READ|PROT_EXEC.

use mman::{Mapping, Prot};
use syscall::Errno;

/// Makes the code in `map` callable, and the page no longer writable.
pub fn make_runnable(map: &Mapping) -> Result<(), Errno> {
    // Reading and fetching instructions are separate rights in the page
    // tables: PROT_READ alone leaves the "execute never" bit set. Dropping
    // PROT_WRITE in the same call means the page is never writable and
    // executable at the same moment. (The call can fail with EACCES where a
    // security policy forbids making memory executable at all; the caller
    // gets that error rather than a crash later.)
    map.protect(Prot::READ | Prot::EXEC)
}
