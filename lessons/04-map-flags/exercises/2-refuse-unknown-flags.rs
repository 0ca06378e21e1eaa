//! Exercise 4.2: let the kernel refuse flags it cannot honour.
//!
//! With MAP_SHARED, mmap drops every flag bit outside an old, frozen list
//! without a word: a program that asks for a newer guarantee (MAP_SYNC, say)
//! on a kernel or file that cannot give it gets a mapping without it, and
//! no way to tell. MAP_SHARED_VALIDATE (Linux 4.15) maps a file exactly as
//! MAP_SHARED does, but fails with EOPNOTSUPP when a bit is one the kernel
//! does not know or the file does not support (part 7 of the lesson).
//!
//! Your task: make `map_strictly` map the first `len` bytes of `fd` (open
//! for reading and writing), readable, writable and shared with the file,
//! with the flag bits in `extra` added to the call. Whether the flags can
//! be honoured is for the kernel to say, not for this function: it must
//! succeed with `extra` = 0 or a flag like MAP_POPULATE, and fail with
//! EOPNOTSUPP, mapping nothing, for a bit that cannot be honoured.
//!
//! Check your answer: `cargo xtask exercise 4.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 4.2 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps `len` bytes of `fd`, shared, with the flag bits `extra` as well;
/// EOPNOTSUPP if the kernel cannot honour them.
pub fn map_strictly(fd: &Fd, len: usize, extra: u32) -> Result<Mapping, Errno> {
    // MAP_SHARED, as the tutorial says, plus whatever the caller asked for.
    let flags = MapFlags::SHARED | MapFlags::from_bits_retain(extra);
    Mapping::new(len, Prot::READ | Prot::WRITE, flags, fd.raw(), 0)
}
