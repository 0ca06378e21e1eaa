//! Lesson 06: msync(MS_SYNC) returns once the stores are written to the
//! file.

use crate::cx::OrSetup;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{MAP_SHARED, MS_SYNC, O_RDWR, PROT_READ, PROT_WRITE};

/// A store, msync(MS_SYNC) and munmap, each returning 0; then read(2) finds
/// the store in the file.
pub fn a_store_synced_with_ms_sync_is_in_the_file(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.file_with("text", b"unsynced")?;
    let fd = unistd::open(path.as_cstr(), O_RDWR, 0).or_setup("open the file")?;
    let map = cx.map(8, PROT_READ | PROT_WRITE, MAP_SHARED, fd.raw(), 0)?;
    map.write(0, b'S');
    // SAFETY: msync changes no memory.
    let synced = unsafe { cx.calls.msync(map.addr(), map.len(), MS_SYNC) };
    claim!(
        cx,
        synced.is_ok(),
        "msync(MS_SYNC) of a shared file mapping returns 0 ({synced:?})"
    );
    let unmapped = map.unmap();
    claim!(
        cx,
        unmapped.is_ok(),
        "munmap of the whole mapping returns 0 ({unmapped:?})"
    );
    let mut back = [0u8; 16];
    let n = cx.read_back(&path, &mut back)?;
    claim!(
        cx,
        back[..n] == *b"Snsynced",
        "read(2) finds the synced store in the file: \"{}\"",
        unistd::Escaped(&back[..n])
    );
    Ok(())
}
