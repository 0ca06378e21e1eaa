//! Reading the real state of the window: /proc/self/maps into a buffer
//! allocated before the fork, parsed in place. Nothing here allocates: an
//! allocation could mmap memory of its own into a hole of the window and
//! make the kernel look wrong.

use crate::ops::WINDOW;

/// What /proc/self/maps says about each page of the window: its permission
/// field, or `None` for a hole.
pub type Seen = [Option<[u8; 4]>; WINDOW];

/// Reads /proc/self/maps into `buf` and returns each window page's
/// permissions; `None` if the file did not fit or could not be read.
pub fn window_perms(buf: &mut [u8], base: usize, page: usize) -> Option<Seen> {
    let fd = unistd::open(c"/proc/self/maps", linux_raw_sys::general::O_RDONLY, 0).ok()?;
    let mut len = 0;
    loop {
        let n = unistd::read(&fd, buf.get_mut(len..)?).ok()?;
        if n == 0 {
            break;
        }
        len += n;
        if len == buf.len() {
            return None; // might be cut short
        }
    }
    let mut seen: Seen = [None; WINDOW];
    for line in buf[..len].split(|&b| b == b'\n') {
        let Some((start, end, perms)) = parse_line(line) else {
            continue;
        };
        for (i, slot) in seen.iter_mut().enumerate() {
            let addr = base + i * page;
            if start <= addr && addr < end {
                *slot = Some(perms);
            }
        }
    }
    Some(seen)
}

/// `start-end perms ...` → (start, end, perms).
fn parse_line(line: &[u8]) -> Option<(usize, usize, [u8; 4])> {
    let dash = line.iter().position(|&b| b == b'-')?;
    let space = line.iter().position(|&b| b == b' ')?;
    let start = hex(&line[..dash])?;
    let end = hex(line.get(dash + 1..space)?)?;
    let perms = line.get(space + 1..space + 5)?;
    Some((start, end, [perms[0], perms[1], perms[2], perms[3]]))
}

fn hex(digits: &[u8]) -> Option<usize> {
    let mut value = 0usize;
    for &d in digits {
        let digit = (d as char).to_digit(16)?;
        value = value.checked_mul(16)?.checked_add(digit as usize)?;
    }
    Some(value)
}
