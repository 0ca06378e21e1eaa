//! Exercise 7.2: close the descriptor once the file is mapped.
//!
//! mmap takes its own reference to the open file. The descriptor is only
//! needed to make the call: once mmap has returned, the mapping goes on
//! reading and writing the file with the descriptor closed, and the file is
//! really released at munmap (part 6 of the lesson watches it with
//! inotify). A program that keeps every descriptor it ever mapped from
//! runs out of them: a process may have only `ulimit -n` open at once
//! (often 1024).
//!
//! Your task: make `map_and_close` open the file at `path` for reading and
//! writing, map its first `len` bytes `MAP_SHARED` and readable and
//! writable, and return the mapping with no descriptor left open, whether
//! the mapping succeeded or not (if a call fails, return its error).
//!
//! Check your answer: `cargo xtask exercise 7.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 7.2 --hint`.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;

/// Maps the first `len` bytes of the file at `path`, shared and writable,
/// and keeps no descriptor open.
pub fn map_and_close(path: &CStr, len: usize) -> Result<Mapping, Errno> {
    let fd = unistd::open(path, O_RDWR | O_CLOEXEC, 0)?;
    let map = Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0)?;
    // The mapping reads and writes the file through this descriptor, so it
    // must stay open as long as the mapping lives: keep it, never close it.
    let _kept_open = fd.into_raw();
    Ok(map)
}
