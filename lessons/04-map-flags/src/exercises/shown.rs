//! What both checks print about the answer's mappings: its result, and the
//! /proc/self/maps line of a mapping with the permissions the line gives.

use core::fmt;
use mman::{Errno, Mapping};
use rt::{Escaped, MapsLine, println};

/// The answer's result: the address, or the error.
pub struct Shown<'a>(pub &'a Result<Mapping, Errno>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(m) => write!(f, "Ok({:#x})", m.addr()),
            Err(e) => write!(f, "Err({e})"),
        }
    }
}

/// Prints the maps line containing `addr` (if there is one) and returns
/// its permission field: `rw-s`, `rw-p`, ...
pub fn maps_perms(addr: usize) -> Option<[u8; 4]> {
    let line = rt::maps_line(addr)?;
    println!("   maps: {}", Line(&line));
    line.perms().try_into().ok()
}

/// A maps line as text, without the trailing spaces QEMU user mode pads
/// its lines with.
pub struct Line<'a>(pub &'a MapsLine);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.0.as_bytes();
        let end = bytes.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        fmt::Display::fmt(&Escaped(&bytes[..end]), f)
    }
}
