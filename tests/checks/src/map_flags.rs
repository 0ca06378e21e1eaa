//! Lesson 04: what MAP_ANONYMOUS and MAP_PRIVATE promise.

use crate::cx::OrSetup;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{MAP_PRIVATE, O_RDWR, PROT_READ, PROT_WRITE};

/// mmap(2): MAP_ANONYMOUS "contents are initialized to zero". Two pages,
/// every byte of both.
pub fn anonymous_memory_starts_zero_filled(cx: &mut Cx<'_>) -> Outcome {
    let len = 2 * cx.env.page;
    let map = cx.anonymous(len, PROT_READ | PROT_WRITE)?;
    let first = (0..len).find(|&i| map.read(i) != 0);
    claim!(
        cx,
        first.is_none(),
        "two new anonymous pages read as zeros (through {}; first non-zero byte: {first:?})",
        cx.calls.name()
    );
    Ok(())
}

/// mmap(2): MAP_PRIVATE "Updates to the mapping ... are not carried
/// through to the underlying file." Read back with read(2).
pub fn private_stores_never_reach_the_file(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.file_with("f", b"private")?;
    let fd = unistd::open(path.as_cstr(), O_RDWR, 0).or_setup("open the file")?;
    let map = cx.map(7, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.raw(), 0)?;
    map.write(0, b'P');
    let mut back = [0u8; 16];
    let n = cx.read_back(&path, &mut back)?;
    claim!(
        cx,
        map.read(0) == b'P' && back[..n] == *b"private",
        "a store to a MAP_PRIVATE mapping stays in it (through {}); the file still \
         reads \"{}\"",
        cx.calls.name(),
        unistd::Escaped(&back[..n])
    );
    Ok(())
}
