//! Reading /proc/self/maps without an allocator: the kernel's own list of
//! this process's mappings, one line each:
//!
//! ```text
//! 7f3a2c1d5000-7f3a2c1d6000 rw-s 00000000 08:01 1234  /tmp/work/existing.txt
//! start        end          perms offset  dev   inode path
//! ```
//!
//! `perms` is `r`/`w`/`x` or `-`, then `s` (shared) or `p` (private,
//! copy-on-write). The lessons print the lines of the mappings they create.

use core::fmt;

/// The longest line kept; longer ones (very long paths) are cut.
const LINE: usize = 256;

/// One line of /proc/self/maps.
pub struct MapsLine {
    buf: [u8; LINE],
    len: usize,
}

impl MapsLine {
    /// The line's text, without the newline.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The permission field (`rw-s`, `r--p`, ...).
    pub fn perms(&self) -> &[u8] {
        self.as_bytes().split(|&b| b == b' ').nth(1).unwrap_or(b"")
    }

    /// Field `n`: 0 the range, 1 the permissions, 2 the offset, 3 the
    /// device, 4 the inode. Split on runs of spaces: the kernel puts one
    /// space between these fields, QEMU user mode (which writes its own
    /// version of the file) may pad them.
    pub fn field(&self, n: usize) -> &[u8] {
        self.as_bytes()
            .split(|&b| b == b' ')
            .filter(|field| !field.is_empty())
            .nth(n)
            .unwrap_or(b"")
    }

    /// The offset into the file the mapping starts at (hexadecimal in the
    /// line); 0 for memory with no file.
    pub fn offset(&self) -> Option<u64> {
        let digits = self.field(2);
        if digits.is_empty() {
            return None;
        }
        digits.iter().try_fold(0u64, |acc, &d| {
            let v = (d as char).to_digit(16)?;
            acc.checked_mul(16)?.checked_add(u64::from(v))
        })
    }

    /// The file's inode number (decimal in the line); 0 for memory with no
    /// file.
    pub fn inode(&self) -> Option<u64> {
        let digits = self.field(4);
        if digits.is_empty() {
            return None;
        }
        digits.iter().try_fold(0u64, |acc, &d| {
            let v = (d as char).to_digit(10)?;
            acc.checked_mul(10)?.checked_add(u64::from(v))
        })
    }

    /// What follows the inode: the file's path (which may hold spaces, as
    /// in `/dev/zero (deleted)`), a name such as `[stack]`, or nothing.
    pub fn path(&self) -> &[u8] {
        let mut rest = self.as_bytes();
        for _ in 0..5 {
            rest = trim_start(rest);
            let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
            rest = &rest[end..];
        }
        let rest = trim_start(rest);
        let end = rest.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        &rest[..end]
    }

    /// Start and end address.
    pub fn range(&self) -> (usize, usize) {
        let field = self.as_bytes().split(|&b| b == b' ').next().unwrap_or(b"");
        let mut parts = field.split(|&b| b == b'-').map(parse_hex);
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    }
}

impl fmt::Display for MapsLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&crate::Escaped(self.as_bytes()), f)
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    &bytes[start..]
}

fn parse_hex(digits: &[u8]) -> usize {
    digits.iter().fold(0, |acc, &d| {
        let v = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            _ => 0,
        };
        acc * 16 + v as usize
    })
}

/// The line of the mapping that contains `addr`, if any.
pub fn maps_line(addr: usize) -> Option<MapsLine> {
    let mut found = None;
    for_each_line(|line| {
        let (start, end) = line.range();
        if start <= addr && addr < end {
            found = Some(MapsLine {
                buf: line.buf,
                len: line.len,
            });
            false
        } else {
            true
        }
    });
    found
}

/// Calls `visit` with each line in order until it returns false. Returns
/// false if /proc/self/maps could not be read (no /proc mounted).
pub fn for_each_line(mut visit: impl FnMut(&MapsLine) -> bool) -> bool {
    crate::for_each_line_in::<LINE>(c"/proc/self/maps", |text| {
        let mut line = MapsLine {
            buf: [0; LINE],
            len: text.len(),
        };
        line.buf[..text.len()].copy_from_slice(text);
        visit(&line)
    })
}
