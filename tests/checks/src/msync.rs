//! Lesson 06: msync(MS_SYNC) and munmap of a shared file mapping return 0,
//! and the store is in the file.

use crate::cx::OrSetup;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{MAP_SHARED, MS_SYNC, O_RDWR, PROT_READ, PROT_WRITE};

/// A store, msync(MS_SYNC) and munmap, each returning 0; then read(2) finds
/// the store in the file. It would find it without the msync too: read(2)
/// reads the same page cache the mapping writes to (lesson 06 shows that
/// msync is about the disk, not about other readers). What this checks is
/// the two return values, and that the sequence loses nothing.
pub fn a_store_synced_with_ms_sync_is_in_the_file(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.file_with("text", b"unsynced")?;
    let fd = unistd::open(path.as_cstr(), O_RDWR, 0).or_setup("open the file")?;
    let map = cx.map(8, PROT_READ | PROT_WRITE, MAP_SHARED, fd.raw(), 0)?;
    map.write(0, b'S');
    // SAFETY: msync changes no memory.
    let synced = unsafe { cx.calls.msync(map.addr(), map.len(), MS_SYNC) };
    let calls = cx.calls.name();
    claim!(
        cx,
        synced.is_ok(),
        "msync(MS_SYNC) of a shared file mapping returns 0 (through {calls}: {synced:?})"
    );
    let unmapped = map.unmap();
    claim!(
        cx,
        unmapped.is_ok(),
        "munmap of the whole mapping returns 0 (through {calls}: {unmapped:?})"
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
