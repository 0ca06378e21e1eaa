//! Exercise 3.1: seal the pages read-only.
//!
//! A program that has filled a table and will only read it from now on can
//! ask the kernel to hold it to that: PROT_READ without PROT_WRITE in the
//! page-table entries. After that a stray store is not a silent corruption
//! but a fault, and the kernel sends SIGSEGV (part 1 of the lesson shows
//! it). The rights live in the page tables, one entry per page, so they
//! cover whole pages and every page of the mapping needs them.
//!
//! Your task: make `seal` change the rights of the whole of `map` (private
//! anonymous memory, mapped readable and writable, already filled with
//! data) so that from now on every page of it can be read but not written.
//! The data must stay where it is, at the same address: the caller still
//! reads it through `map`.
//!
//! Check your answer: `cargo xtask exercise 3.1` (add `--arch aarch64`, or
//! `--vm` for a real kernel). A hint: `cargo xtask exercise 3.1 --hint`.

use mman::Mapping;
use syscall::Errno;

/// Makes every page of `map` readable and no longer writable.
pub fn seal(map: &Mapping) -> Result<(), Errno> {
    // A promise instead of a protection: the program simply means not to
    // write here again, and nothing stops it if it does.
    let _ = map;
    Ok(())
}
