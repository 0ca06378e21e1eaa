//! Checks exercise 3.1 (`exercises/1-seal-read-only.rs`): after `seal`, both
//! pages of a two-page mapping are `r--p` in /proc/self/maps, every byte of
//! the data reads back unchanged at the same address, and a store into
//! either page, made in a child, is killed by SIGSEGV.

use core::ffi::CStr;

use linux_raw_sys::general::SIGSEGV;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

use crate::child::{in_child, store_in_child};
use crate::answers::seal_read_only::seal;

/// Byte `i` of the data: never all zero, so a fresh page cannot pass for it.
fn pattern(i: usize) -> u8 {
    (i % 251) as u8 ^ 0x5a
}

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    // Two pages: the rights are per page, and an answer that seals only the
    // first one must not pass.
    let len = 2 * page;
    let map = or_exit(
        Mapping::anonymous(len, Prot::READ | Prot::WRITE),
        "mmap two pages",
    );
    for i in 0..len {
        map.write(i, pattern(i));
    }
    let addr = map.addr();
    println!(
        "mmap(NULL, {len}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {addr:#x}, \
         filled with a pattern; calling seal(&map)"
    );
    let result = seal(&map);
    claim!(claims, result.is_ok(), "seal returned {result:?}");

    let first = crate::maps::show(addr);
    // The kernel lists neighbouring pages with the same rights as one line:
    // print the second page's line only when it is another one.
    let one_line = rt::maps_line(addr).is_some_and(|l| l.range().1 > addr + page);
    let second = if one_line {
        first
    } else {
        crate::maps::show(addr + page)
    };
    let sealed = claim!(
        claims,
        first == Some(*b"r--p") && second == Some(*b"r--p"),
        "/proc/self/maps lists the sealed pages as {} and {} (wanted r--p for both: readable, \
         not writable, not executable, private)",
        crate::maps::text(&first),
        crate::maps::text(&second)
    );
    if !sealed {
        println!(
            "   (the kernel's record of the rights did not change as wanted: which call \
             rewrites the rights of pages that are already mapped, and over which range?)"
        );
    }

    // Read in a child: if the answer took the read right away (PROT_NONE) or
    // unmapped the pages, the child dies, not the checker.
    let read = in_child(|| match (0..len).find(|&i| map.read(i) != pattern(i)) {
        None => 0,
        Some(i) => {
            println!(
                "   (child) byte {i} reads {:#04x}, not {:#04x}",
                map.read(i),
                pattern(i)
            );
            1
        }
    });
    claim!(
        claims,
        read.exited_ok(),
        "all {len} bytes still read back as written, at the same address {addr:#x} (in a \
         child: {read})"
    );

    for (what, i) in [
        ("byte 0 (first page)", 0),
        ("the last byte (second page)", len - 1),
    ] {
        let store = store_in_child(&map, i, 0);
        claim!(
            claims,
            store.killed_by(SIGSEGV),
            "a store to {what}, in a child, is killed by SIGSEGV: {store}"
        );
    }
}
