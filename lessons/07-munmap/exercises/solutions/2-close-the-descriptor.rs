//! Exercise 7.2, a reference answer: let the descriptor close as soon as
//! mmap has returned, on every path.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// Maps the first `len` bytes of the file at `path`, shared and writable,
/// and keeps no descriptor open.
pub fn map_and_close(path: &CStr, len: usize) -> Result<Mapping, Errno> {
    // O_RDWR: a MAP_SHARED mapping with PROT_WRITE needs a descriptor open
    // for writing (EACCES otherwise), since its stores go to the file.
    let fd = unistd::open(path, O_RDWR | O_CLOEXEC, 0)?;
    let map = Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0);
    // mmap holds its own reference to the open file: close(2) drops only
    // the descriptor's. `Fd` closes on drop, so dropping it here closes it
    // whether mmap succeeded or failed; a bare descriptor number would need
    // a close on each path.
    drop(fd);
    map
}
