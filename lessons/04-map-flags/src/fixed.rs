//! Part 4: MAP_FIXED replaces whatever is mapped at the address, silently.
//!
//! Without MAP_FIXED, `addr` is a hint and the kernel never disturbs an
//! existing mapping. With it, the kernel first unmaps anything in
//! `addr..addr+length` (as munmap would), then maps the new thing there.
//! No error, no warning: the old contents are gone. That is what makes it
//! useful (placing a file inside a reserved region, as lesson 05 does) and
//! dangerous (mapping over the heap, a library, or another thread's memory).
//! Here it replaces the middle page of our own three-page mapping.
//!
//! The file is mapped MAP_PRIVATE, not MAP_SHARED. On CPUs whose data
//! cache is indexed by virtual address (MIPS here), every shared mapping of
//! a file page must sit at an address of the same cache "colour", and the
//! kernel refuses MAP_SHARED|MAP_FIXED at an address of another colour with
//! EINVAL; a private read-only mapping has no such rule. The middle page of
//! a region the kernel placed for anonymous memory has whatever colour it
//! has, so on a real MIPS kernel a shared mapping there failed in some runs
//! and not in others (lesson 05 shows the way round it).

use core::ffi::CStr;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, Escaped, claim, or_exit, println};

use crate::file::{Ch, one_page};

const OLD: u8 = 0xaa;
const FILE_BYTE: u8 = b'f';

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let region = or_exit(
        Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE),
        "mmap three pages",
    );
    region.fill(OLD);
    let base = region.addr();
    println!(
        "three anonymous pages at {base:#x}, every byte {OLD:#x}; page 1 starts at {:#x}",
        base + page
    );
    let before = crate::maps::show(base);
    claim!(
        claims,
        before
            .as_ref()
            .is_some_and(|l| l.range.0 <= base && l.range.1 >= base + 3 * page),
        "before: one maps line covers all three pages"
    );

    let (fd, path) = one_page(dir, "fixed.txt", page, FILE_BYTE);
    // SAFETY: MAP_FIXED replaces page 1 of `region`, which is ours, and no
    // Rust reference points into it (Mapping hands out none). `region` still
    // unmaps all three pages when dropped, the file's page included.
    let got = unsafe {
        mman::mmap(
            region.as_ptr().wrapping_add(page),
            page,
            Prot::READ,
            MapFlags::PRIVATE | MapFlags::FIXED,
            fd.raw(),
            0,
        )
    };
    println!(
        "mmap({:#x}, {page}, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd of {path}, 0) = {got:?}",
        base + page
    );
    claim!(
        claims,
        got == Ok(region.as_ptr().wrapping_add(page)),
        "MAP_FIXED returned exactly the address asked for, with no error although it was in use"
    );

    let (left, middle, right) = (
        region.read(page - 1),
        region.read(page),
        region.read(2 * page),
    );
    claim!(
        claims,
        middle == FILE_BYTE && left == OLD && right == OLD,
        "page 1's old contents are gone: it now reads {} (the file), while its neighbours still \
         read {left:#x} and {right:#x}",
        Ch(middle)
    );

    println!("the three pages in /proc/self/maps now:");
    let lines = [
        crate::maps::show(base),
        crate::maps::show(base + page),
        crate::maps::show(base + 2 * page),
    ];
    let middle_line = lines[1].as_ref();
    let split = lines[0].as_ref().is_some_and(|l| l.range.1 == base + page)
        && lines[2]
            .as_ref()
            .is_some_and(|l| l.range.0 == base + 2 * page)
        && middle_line.is_some_and(|l| {
            l.range == (base + page, base + 2 * page)
                && &l.perms == b"r--p"
                && l.path().ends_with(b"/fixed.txt")
        });
    claim!(
        claims,
        split,
        "the one line became three: page 1 is now its own line, {} and named \"{}\"",
        middle_line.map_or("?", |l| l.perms_text()),
        Escaped(middle_line.map_or(&b""[..], |l| l.path()))
    );
}
