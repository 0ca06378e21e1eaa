//! Checks exercise 2.1 (`exercises/1-map-the-whole-file.rs`): for a file of
//! three pages and 100 bytes, the answer's mapping must be as long as the
//! file, must be the file (its maps line names it), and a child reading
//! every byte through it must get the bytes pread(2) returns.

use core::ffi::CStr;
use rt::{Claims, Escaped, claim, println};

use crate::child::{self, get_u64, put_u64};
use crate::answers::map_the_whole_file::map_file;

/// 64-bit FNV-1a, as lesson 02 sums its file: a byte missed, repeated or
/// moved changes the result.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fnv(u64);

impl Fnv {
    const fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let size = 3 * page + 100;
    let (path, fd) = child::random_file(dir, "whole.bin", size);
    let mut want = Fnv::new();
    let mut last = 0u8;
    child::each_byte_read(&fd, |b| {
        want.add(b);
        last = b;
    });
    let inode = rt::or_exit(unistd::fstat(&fd), "fstat whole.bin").st_ino as u64;
    println!(
        "{path}: {size} bytes (3 pages and 100), pseudo-random; pread(2) reads checksum \
         {:016x}, last byte {last:#04x}; map_file(fd)",
        want.0
    );
    let map = match map_file(&fd) {
        Ok(map) => map,
        Err(e) => {
            claim!(claims, false, "map_file(fd) returns a mapping: {e}");
            return;
        }
    };
    println!(
        "map_file = a mapping at {:#x} of {} bytes",
        map.addr(),
        map.len()
    );
    let sized = claim!(
        claims,
        map.len() == size,
        "the mapping's length is the file's size, {size} bytes as fstat(2) says: len() is {}",
        map.len()
    );
    if !sized && map.len() < size {
        println!(
            "   (mmap maps the length it is given, whatever the file holds: where does a \
             program learn a file's size?)"
        );
    }

    // Reading can kill the reader (PROT_NONE, or pages past the end of the
    // file), so a child reads, as far as the mapping and the file both go.
    let reach = map.len().min(size);
    let (outcome, report) = child::in_child(|report| {
        let mut sum = Fnv::new();
        for i in 0..reach {
            sum.add(map.read(i));
        }
        put_u64(report, 0, sum.0);
        put_u64(
            report,
            8,
            reach.checked_sub(1).map_or(0, |i| u64::from(map.read(i))),
        );
        0
    });
    let (got, got_last) = (get_u64(&report, 0), get_u64(&report, 8));
    if outcome.exited_ok() {
        claim!(
            claims,
            reach == size && got == want.0 && got_last == u64::from(last),
            "a child read bytes 0..{reach} through the mapping: checksum {got:016x}, last byte \
             {got_last:#04x}, where pread(2) of the whole file gives {:016x} and {last:#04x}",
            want.0
        );
    } else {
        claim!(
            claims,
            false,
            "a child read bytes 0..{reach} through the mapping: {outcome} before it could say \
             what it read"
        );
    }

    let line = rt::maps_line(map.addr());
    let text = line.as_ref().map_or(&b""[..], |l| l.as_bytes());
    println!("  maps: {}", Escaped(text));
    let (_, end) = line.as_ref().map_or((0, 0), |l| l.range());
    let pages = mman::page::align_up(size, page).unwrap_or(usize::MAX);
    let is_the_file = line.as_ref().is_some_and(|l| {
        l.path().ends_with(b"/whole.bin") && l.inode() == Some(inode) && l.offset() == Some(0)
    });
    claim!(
        claims,
        is_the_file && end >= map.addr().saturating_add(pages),
        "the file itself is mapped, all {} pages of it: the /proc/self/maps line at {:#x} names \
         whole.bin, inode {inode} (as fstat says), from offset 0, and reaches {:#x}",
        pages / page,
        map.addr(),
        map.addr().saturating_add(pages)
    );
}
