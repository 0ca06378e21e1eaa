//! Exercise 9.2: the offset register of mmap2.
//!
//! On 32-bit systems (i686, armv7) a register holds 32 bits, and a byte
//! offset in one register could not reach past 4 GiB into a file. Their
//! mmap system call is mmap2, whose last argument counts 4096-byte units
//! instead of bytes. The unit is fixed by the system-call ABI: it is 4096
//! even on a kernel with larger pages (the arm64 kernel's compat layer
//! shifts it to its own page size, and refuses a value that is not a whole
//! number of its pages).
//!
//! Your task: make `mmap2_offset` return the value mmap2's last argument
//! must hold to map from byte `offset` of a file, or `None` when mmap2
//! cannot express that offset at all (no whole number of units reaches it,
//! or more units than the register holds). The check makes the real call with
//! your value on 32-bit systems. On 64-bit ones, which have no mmap2, it
//! turns your value back into bytes (times 4096) for mmap, so the answer is
//! judged by a kernel everywhere. It maps from byte 5 GiB of a sparse file,
//! where a 32-bit register holding bytes would have wrapped around.
//!
//! Check your answer: `cargo xtask exercise 9.2`, best with `--arch i686` or
//! `--arch armv7` as well. A hint: `cargo xtask exercise 9.2 --hint`.

/// mmap2's offset argument for a mapping from byte `offset`.
pub fn mmap2_offset(offset: u64) -> Option<usize> {
    // As mmap takes it: in bytes.
    Some(offset as usize)
}
