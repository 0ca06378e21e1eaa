//! Exercise 2.2: sum an empty file.
//!
//! mmap refuses a length of 0 with EINVAL (Linux since 2.6.12; before, it
//! returned success and mapped nothing): there is no empty mapping. A
//! program that maps "the whole file" with the size fstat(2) gives it
//! therefore fails on an empty file, which is a perfectly good file with a
//! perfectly good sum.
//!
//! Your task: make `checksum` return the sum of the bytes of `fd`'s file
//! (each byte a number from 0 to 255, added with wrapping `u64`
//! arithmetic), reading them through a mapping of the file, not with
//! read(2) or pread(2). It must return `Ok(0)` for an empty file, and leave
//! nothing mapped behind when it returns.
//!
//! Check your answer: `cargo xtask exercise 2.2` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 2.2 --hint`.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// The sum of every byte of `fd`'s file, read through a mapping.
pub fn checksum(fd: &Fd) -> Result<u64, Errno> {
    // Map the whole file, as exercise 2.1 does, and add up what is there.
    let size = unistd::fstat(fd)?.st_size as usize;
    let map = Mapping::new(size, Prot::READ, MapFlags::SHARED, fd.raw(), 0)?;
    let mut sum = 0u64;
    for i in 0..map.len() {
        sum = sum.wrapping_add(u64::from(map.read(i)));
    }
    Ok(sum)
}
