//! Checks exercise 4.1 (`exercises/1-place-without-clobbering.rs`), in a
//! three-page region of our own whose middle page is unmapped:
//!
//! - into the hole, `place_at` succeeds exactly there, with a fresh page;
//! - over the first page (mapped), it fails with EEXIST and the page keeps
//!   its bytes;
//! - over the hole and the third page (half free, half mapped), it fails
//!   with EEXIST, the third page keeps its bytes and the hole stays empty.

use core::ffi::CStr;

use mman::{Errno, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

use crate::answers::place_without_clobbering::place_at;
use crate::shown::{Line, Shown, maps_perms};

/// What each page of the region holds before the answer is called.
const MARKS: [u8; 3] = [0xa0, 0xa1, 0xa2];

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let region = or_exit(
        Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE),
        "mmap three pages",
    );
    for (i, mark) in MARKS.iter().enumerate() {
        for j in 0..page {
            region.write(i * page + j, *mark);
        }
    }
    let base = region.addr();
    let hole = base + page;
    let third = base + 2 * page;
    // SAFETY: page 1 of our own region; nothing refers to it.
    or_exit(
        unsafe { mman::munmap(hole as *mut u8, page) },
        "munmap page 1",
    );
    println!(
        "three anonymous pages at {base:#x} (bytes {:#x}, {:#x}, {:#x}); munmap({hole:#x}, {page}) \
         leaves a hole in the middle",
        MARKS[0], MARKS[1], MARKS[2]
    );
    let inside = Inside {
        start: base,
        end: base + 3 * page,
    };

    // 1. Into the hole.
    let got = place_at(hole, page);
    println!("place_at({hole:#x}, {page}) = {}", Shown(&got));
    match got {
        Ok(m) => {
            let at = m.addr();
            claim!(
                claims,
                at == hole,
                "into the hole, place_at succeeds exactly at {hole:#x} (it returned {at:#x})"
            );
            if at == hole {
                let fresh =
                    maps_perms(hole) == Some(*b"rw-p") && first_other(hole, page, 0).is_none();
                claim!(
                    claims,
                    fresh,
                    "the page there is fresh anonymous memory: rw-p and zero-filled"
                );
            }
            inside.release(m);
        }
        Err(e) => {
            claim!(
                claims,
                false,
                "into the hole, place_at succeeds exactly at {hole:#x}: it failed with {e}"
            );
        }
    }
    // Whatever happened, make the hole a hole again for part 3.
    // SAFETY: page 1 of our own region; nothing refers to it.
    or_exit(
        unsafe { mman::munmap(hole as *mut u8, page) },
        "munmap page 1",
    );

    // 2. Over the first page, which is mapped.
    let got = place_at(base, page);
    println!("place_at({base:#x}, {page}) = {}", Shown(&got));
    claim_eexist(
        claims,
        &got,
        base,
        format_args!("over a mapped page, place_at fails with EEXIST"),
    );
    claim_untouched(claims, base, page, MARKS[0], "the first page");
    if let Ok(m) = got {
        inside.release(m);
    }

    // 3. Over the hole and the third page: half free, half mapped.
    let got = place_at(hole, 2 * page);
    println!("place_at({hole:#x}, {}) = {}", 2 * page, Shown(&got));
    claim_eexist(
        claims,
        &got,
        hole,
        format_args!(
            "over a range only partly mapped (the hole and the third page), place_at fails with \
             EEXIST"
        ),
    );
    claim_untouched(claims, third, page, MARKS[2], "the third page");
    match got {
        Ok(m) => inside.release(m),
        Err(_) => {
            let hole_line = rt::maps_line(hole);
            claim!(
                claims,
                hole_line.is_none(),
                "the failed call left nothing behind: no /proc/self/maps line contains the hole \
                 {hole:#x}{}",
                Listed(hole_line.as_ref())
            );
        }
    }
}

/// The claim that `got` is EEXIST, and what it was instead.
fn claim_eexist(
    claims: &mut Claims,
    got: &Result<Mapping, Errno>,
    want: usize,
    what: core::fmt::Arguments<'_>,
) {
    match got {
        Err(e) => {
            claim!(claims, *e == Errno::EEXIST, "{what}: {e}");
        }
        Ok(m) if m.addr() == want => {
            claim!(
                claims,
                false,
                "{what}: it returned Ok({want:#x}), after replacing what was mapped there"
            );
            println!("   (MAP_FIXED unmaps whatever lies in the range first, without a word)");
        }
        Ok(m) => {
            claim!(
                claims,
                false,
                "{what}: it returned a mapping at {:#x}, not at {want:#x}",
                m.addr()
            );
            println!(
                "   (the address was taken as a hint: a caller asking for {want:#x} must not get \
                 memory elsewhere)"
            );
        }
    }
}

/// The claim that the page at `addr` still holds `mark` in every byte.
fn claim_untouched(claims: &mut Claims, addr: usize, page: usize, mark: u8, name: &str) {
    let bad = first_other(addr, page, mark);
    claim!(
        claims,
        bad.is_none(),
        "{name} is untouched: every byte still reads {mark:#x}{}",
        match bad {
            None => Detail::None,
            Some((j, b)) => Detail::Byte(j, b),
        }
    );
}

/// The first byte of the page at `addr` that does not read `want`, with
/// what it reads (None: the page is not readable). The page is read only
/// if /proc/self/maps says it is readable: a wrong answer may have unmapped
/// or protected it, and the checker must not die of that.
fn first_other(addr: usize, page: usize, want: u8) -> Option<(usize, Option<u8>)> {
    let readable = rt::maps_line(addr).is_some_and(|l| l.perms().first() == Some(&b'r'));
    if !readable {
        return Some((0, None));
    }
    (0..page).find_map(|j| {
        // SAFETY: the kernel lists the page as mapped and readable, and
        // nothing in this single-threaded checker changes that while it
        // is read.
        let b = unsafe { ((addr + j) as *const u8).read_volatile() };
        (b != want).then_some((j, Some(b)))
    })
}

/// The region the check owns: a mapping the answer returned inside it is
/// unmapped with the region (at the end, or by the munmap of the hole), so
/// it is forgotten rather than dropped; one outside it is dropped at once.
struct Inside {
    start: usize,
    end: usize,
}

impl Inside {
    fn release(&self, m: Mapping) {
        if self.start <= m.addr() && m.addr() < self.end {
            core::mem::forget(m);
        } else {
            drop(m);
        }
    }
}

/// What a page held instead of its mark.
enum Detail {
    None,
    Byte(usize, Option<u8>),
}

impl core::fmt::Display for Detail {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Detail::None => Ok(()),
            Detail::Byte(j, Some(b)) => write!(f, " (byte {j} reads {b:#x})"),
            Detail::Byte(j, None) => write!(f, " (byte {j} is not readable any more)"),
        }
    }
}

/// The maps line that should not be there, if any.
struct Listed<'a>(Option<&'a rt::MapsLine>);

impl core::fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            None => Ok(()),
            Some(line) => write!(f, " (but this one does: {})", Line(line)),
        }
    }
}
