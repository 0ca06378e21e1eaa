//! How much of one mapping the kernel counts as dirty, from
//! /proc/self/smaps: its `Shared_Dirty` plus `Private_Dirty` lines, in kB.
//!
//! smaps lists every mapping like /proc/self/maps does (a header line
//! `start-end perms ...`) followed by lines of counters. A page counts as
//! dirty if its page-table entry has the dirty bit or the page-cache page is
//! marked dirty: that is, it was changed and not yet written back.

/// The longest line looked at; longer ones are cut (only the start matters).
const LINE: usize = 128;

/// Dirty kB of the mapping starting at `addr`, or `None` if smaps could not
/// be read or has no such mapping.
pub fn dirty_kb(addr: usize) -> Option<u64> {
    let mut inside = false;
    let mut found = false;
    let mut dirty = 0;
    let read = rt::for_each_line_in::<LINE>(c"/proc/self/smaps", |text| {
        if let Some(start) = header_start(text) {
            if inside {
                return false; // the block after ours begins
            }
            inside = start == addr;
            found |= inside;
        } else if inside
            && (text.starts_with(b"Shared_Dirty:") || text.starts_with(b"Private_Dirty:"))
        {
            dirty += number(text);
        }
        true
    });
    (read && found).then_some(dirty)
}

/// A header line starts with `hex-hex `; counter lines start with a name
/// and a colon. Returns the start address of a header.
fn header_start(text: &[u8]) -> Option<usize> {
    let dash = text.iter().position(|&b| b == b'-')?;
    let mut addr = 0usize;
    for &d in &text[..dash] {
        let v = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            _ => return None,
        };
        addr = addr.checked_mul(16)?.checked_add(v as usize)?;
    }
    (dash > 0).then_some(addr)
}

/// The first decimal number in the line (`Shared_Dirty:     12 kB`).
fn number(text: &[u8]) -> u64 {
    text.iter()
        .skip_while(|b| !b.is_ascii_digit())
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |acc, &d| acc * 10 + u64::from(d - b'0'))
}
