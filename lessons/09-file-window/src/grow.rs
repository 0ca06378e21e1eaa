//! Part 4: the end of the file moves, the mapping stays. A mapping's size
//! is fixed when it is made; the file's size is not. Each access is judged
//! against the file's size at that moment:
//!
//! - a page of the mapping that lies wholly beyond the end of the file
//!   raises SIGBUS when touched;
//! - ftruncate up: the same page is now inside the file, and usable (its
//!   new bytes read as zero);
//! - ftruncate down: the kernel removes the cut pages from every mapping of
//!   the file (unmap_mapping_range, from truncate_pagecache), and the next
//!   touch raises SIGBUS again.

use core::ffi::CStr;
use linux_raw_sys::general::SIGBUS;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

use crate::lettered;

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let (fd, path) = lettered::create(dir, "growing.bin", 1, page);
    let map = or_exit(
        Mapping::new(
            2 * page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap two pages of a one-page file",
    );
    println!("{path} is one page ('A'); mapped two pages of it, shared");
    let touch_second_page = || {
        crate::child::run(|| {
            let byte = map.read(page);
            map.write(page, b'Z');
            i32::from(byte != 0)
        })
    };

    let outcome = touch_second_page();
    claim!(
        claims,
        outcome.killed_by(SIGBUS),
        "touching page 2, wholly beyond the end of the file: {outcome}"
    );

    or_exit(unistd::ftruncate(&fd, 2 * page as u64), "ftruncate up");
    println!("ftruncate(fd, {}): the file is two pages now", 2 * page);
    let outcome = touch_second_page();
    claim!(
        claims,
        outcome.exited_ok(),
        "the same page, now inside the file, reads as zero and takes a store: {outcome}"
    );
    let mut byte = [0u8; 1];
    let n = or_exit(unistd::pread(&fd, &mut byte, page as u64), "pread");
    claim!(
        claims,
        n == 1 && byte[0] == b'Z',
        "read(2) at offset {page} finds the child's store in the file: {:?}",
        (byte[0] as char)
    );

    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate down");
    println!("ftruncate(fd, {page}): one page again");
    let outcome = touch_second_page();
    claim!(
        claims,
        outcome.killed_by(SIGBUS),
        "after the file shrank, touching page 2 again: {outcome}"
    );
    claim!(
        claims,
        map.read(0) == lettered::letter(0),
        "page 1, still inside the file, is untouched: '{}'",
        map.read(0) as char
    );
}
