//! Checks exercise 9.1 (`exercises/1-map-a-window.rs`): windows at an
//! unaligned offset, across a page boundary and at an aligned offset must
//! each show exactly the file's bytes there, from a read-only shared
//! mapping (`r--s`) no more than a page longer than asked.

use core::ffi::CStr;
use rt::{Claims, claim, println};

use crate::answers::map_a_window::window;
use crate::patterned;

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size() as u64;
    let fd = patterned::create(dir, "patterned.bin", 4 * page);
    println!("patterned.bin: {} bytes, byte i = i mod 251", 4 * page);
    let cases = [
        (page + 100, 50, "an unaligned offset inside page 1"),
        (
            2 * page - 10,
            20,
            "20 bytes across the boundary of pages 1 and 2",
        ),
        (3 * page, 10, "a page-aligned offset"),
    ];
    for (offset, len, what) in cases {
        match window(&fd, offset, len) {
            Err(e) => {
                claim!(
                    claims,
                    false,
                    "window(fd, {offset}, {len}), {what}: mmap answered {e}"
                );
            }
            Ok((map, start)) => {
                let fits = start.checked_add(len).is_some_and(|end| end <= map.len());
                if !claim!(
                    claims,
                    fits && map.len() <= len + page as usize,
                    "window(fd, {offset}, {len}), {what}: a mapping of {} bytes with the bytes at \
                     index {start}, which holds them and is at most a page longer",
                    map.len()
                ) {
                    continue;
                }
                let line = rt::maps_line(map.addr());
                let perms = line.as_ref().map_or(&b"?"[..], |line| line.field(1));
                claim!(
                    claims,
                    perms == b"r--s",
                    "  read-only and shared: its /proc/self/maps line says {}",
                    rt::Escaped(perms)
                );
                let mismatch = (0..len)
                    .find(|&i| map.read(start + i) != patterned::byte_at(offset + i as u64));
                claim!(
                    claims,
                    mismatch.is_none(),
                    "  and index {start} on shows the file's bytes from {offset}{}",
                    match mismatch {
                        None => "",
                        Some(_) => " (it does not: a byte differs)",
                    }
                );
            }
        }
    }
}
