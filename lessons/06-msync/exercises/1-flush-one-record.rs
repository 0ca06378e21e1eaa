//! Exercise 6.1: flush one record, not the whole file.
//!
//! A program that keeps fixed-size records in a shared file mapping wants
//! each record on the disk as soon as it is written, and nothing more: an
//! msync(MS_SYNC) over the whole mapping would make every call wait for
//! every dirty page. But msync works on pages, not bytes. Its address must
//! be page-aligned (EINVAL otherwise: part 4 of the lesson), while a record
//! sits anywhere, and may straddle the boundary between two pages. The
//! length, on the other hand, is rounded up to whole pages by the kernel.
//!
//! Your task: make `flush_record` write the bytes `offset..offset + len` of
//! `map` (a `MAP_SHARED` mapping of a file) to the file and wait for it,
//! with msync(MS_SYNC) over exactly the pages those bytes lie on: every
//! one of them, and no other page of the mapping. Return msync's error if
//! it fails. The page size is `rt::page_size()`.
//!
//! Check your answer: `cargo xtask exercise 6.1` (add `--arch aarch64`; not
//! `--vm`, whose machine keeps files in memory, where nothing is written
//! back). A hint: `cargo xtask exercise 6.1 --hint`.

use mman::{Mapping, MsyncFlags};
use syscall::Errno;

/// msync(MS_SYNC) over the pages of `map` that hold bytes
/// `offset..offset + len` (`len` is at least 1; the bytes lie inside `map`).
pub fn flush_record(map: &Mapping, offset: usize, len: usize) -> Result<(), Errno> {
    // The record starts at `map + offset` and is `len` bytes long: say so.
    // SAFETY: the range lies inside `map`; msync changes no memory.
    unsafe { mman::msync(map.as_ptr().add(offset), len, MsyncFlags::SYNC) }
}
