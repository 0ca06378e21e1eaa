//! The fields of a /proc/self/maps line that the checks compare:
//!
//! ```text
//! 7f3a2c1d5000-7f3a2c1d6000 rw-s 00000000 00:01 1234    /dev/zero (deleted)
//! range                     perms offset  dev   inode   path
//! ```
//!
//! The kernel puts one space between the first five fields and pads before
//! the path; QEMU user mode writes its own version of the file and pads
//! differently, so fields are split on runs of spaces.

/// Field `n` of the line: 0 range, 1 perms, 2 offset, 3 device, 4 inode.
#[cfg_attr(
    not(feature = "e1"),
    expect(dead_code, reason = "only exercise 2.1 reads single fields")
)]
pub fn field(line: &[u8], n: usize) -> &[u8] {
    line.split(|&b| b == b' ')
        .filter(|f| !f.is_empty())
        .nth(n)
        .unwrap_or(b"")
}

/// The path: what follows the inode, which may itself hold spaces
/// (`/dev/zero (deleted)`); empty for memory with no file.
pub fn path(line: &[u8]) -> &[u8] {
    let mut rest = line;
    for _ in 0..5 {
        rest = trim(rest);
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    trim(rest)
}

/// A decimal field (the inode) as a number, if it is one.
#[cfg_attr(
    not(feature = "e1"),
    expect(dead_code, reason = "only exercise 2.1 compares inodes")
)]
pub fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// The bytes without leading and trailing spaces.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i + 1);
    &bytes[start..end.max(start)]
}
