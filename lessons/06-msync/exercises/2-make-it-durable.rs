//! Exercise 6.2: make the stores durable before you report success.
//!
//! A store through a `MAP_SHARED` mapping is in the page cache at once, and
//! every reader of the file sees it (part 1 of the lesson). It is not on
//! the disk: the page is only marked dirty, and the kernel's flusher
//! threads write it back at the latest about 30 seconds later
//! (`vm.dirty_expire_centisecs`, plus up to one 5-second look,
//! `vm.dirty_writeback_centisecs`), sooner when dirty memory passes
//! `vm.dirty_background_ratio` or `_bytes`, on sync(2), or under memory
//! pressure. A power cut before then loses it. The tutorial's `msync(file, 40, MS_SYNC)` is commented
//! out, and MS_ASYNC, which sounds like "the same, without waiting", starts
//! no writeback at all on Linux: it only checks its arguments (part 5 shows
//! it with page faults).
//!
//! Your task: make `save` write every page of `map` (a `MAP_SHARED`
//! mapping of a file, into which the caller has just stored) to the file
//! with msync, and return only once that is done; return the error if the
//! kernel reports one. `map.len()` need not be a multiple of the page size.
//!
//! Check your answer: `cargo xtask exercise 6.2` (add `--arch aarch64`; not
//! `--vm`, whose machine keeps files in memory, where nothing is written
//! back). A hint: `cargo xtask exercise 6.2 --hint`.

use mman::Mapping;
use syscall::Errno;

/// Writes every page of `map` to its file and waits until that is done.
pub fn save(map: &Mapping) -> Result<(), Errno> {
    // As the tutorial leaves it: the stores are already visible to every
    // reader of the file, so the data is "there".
    // msync(file, 40, MS_SYNC);
    let _ = map;
    Ok(())
}
