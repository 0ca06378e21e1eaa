//! Exercise 9.2, a reference answer: whole 4096-byte units, or nothing.

/// The unit of mmap2's offset: 4096 bytes, whatever the page size.
const UNIT: u64 = 4096;

/// mmap2's offset argument for a mapping from byte `offset`.
pub fn mmap2_offset(offset: u64) -> Option<usize> {
    // A remainder cannot be expressed in whole units.
    if !offset.is_multiple_of(UNIT) {
        return None;
    }
    // On a 32-bit system the number of units must fit the register too
    // (up to 16 TiB of file).
    usize::try_from(offset / UNIT).ok()
}
