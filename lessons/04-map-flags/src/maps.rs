//! /proc/self/maps lines, taken apart: the kernel's record of each mapping.
//!
//! ```text
//! 7f3a2c1d5000-7f3a2c1d6000 rw-s 00000000 08:01 1234   /work/dir/file
//! range                     perms offset  dev   inode  path
//! ```
//!
//! A file mapping names its file and inode; a private anonymous mapping has
//! inode 0 and no path at all.

use rt::{Escaped, MapsLine, println};

/// The fields of one line that the lesson looks at.
pub struct Line {
    /// Start and end address.
    pub range: (usize, usize),
    /// `rw-s`, `r--p`, ...
    pub perms: [u8; 4],
    /// True when the inode field is 0 (no file).
    pub no_inode: bool,
    path: [u8; 128],
    path_len: usize,
}

impl Line {
    /// The path field (empty for private anonymous memory).
    pub fn path(&self) -> &[u8] {
        &self.path[..self.path_len]
    }

    /// The permission field as text.
    pub fn perms_text(&self) -> &str {
        core::str::from_utf8(&self.perms).unwrap_or("????")
    }
}

fn parse(line: &MapsLine) -> Line {
    let text = line.as_bytes();
    let mut out = Line {
        range: line.range(),
        perms: *b"????",
        no_inode: false,
        path: [0; 128],
        path_len: 0,
    };
    // Five space-separated fields, then the path (which may hold spaces,
    // such as "/dev/zero (deleted)"), then possibly padding.
    let mut field = 0;
    let mut i = 0;
    while field < 5 && i < text.len() {
        while i < text.len() && text[i] == b' ' {
            i += 1;
        }
        let start = i;
        while i < text.len() && text[i] != b' ' {
            i += 1;
        }
        match field {
            1 => {
                if let Ok(p) = text[start..i].try_into() {
                    out.perms = p;
                }
            }
            4 => out.no_inode = &text[start..i] == b"0",
            _ => {}
        }
        field += 1;
    }
    let rest = trim(&text[i.min(text.len())..]);
    let n = rest.len().min(out.path.len());
    out.path[..n].copy_from_slice(&rest[..n]);
    out.path_len = n;
    out
}

/// `bytes` without leading and trailing spaces.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Prints the line containing `addr` (qemu-user pads its emulated lines with
/// spaces; they are dropped) and returns it taken apart.
pub fn show(addr: usize) -> Option<Line> {
    let Some(line) = rt::maps_line(addr) else {
        println!("   maps: no line contains {addr:#x}");
        return None;
    };
    println!("   maps: {}", Escaped(trim(line.as_bytes())));
    Some(parse(&line))
}
