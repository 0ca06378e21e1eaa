//! The two ways to read a whole file, each measured the same way: the bytes'
//! checksum, the minor page faults taken, and the time spent.
//!
//! - [`read_pass`]: read(2) into a buffer, again and again. Every call
//!   copies bytes from the page cache into the buffer; the buffer is the
//!   same few pages each time, so once they are in memory the copies take no
//!   page faults at all.
//! - [`mapping_pass`]: loads straight from a `MAP_SHARED` mapping of the
//!   file. No copy: the mapped pages *are* the page cache's. Instead, the
//!   first load from each page finds no page-table entry and faults; the
//!   kernel fills one in (and, for a file mapping, "fault-around" fills in
//!   the neighbouring pages already in the page cache too, up to 64 KiB by
//!   default). A second pass over the same mapping faults no more.

use mman::Mapping;

/// 64-bit FNV-1a: order-sensitive, so a byte missed, repeated or moved
/// changes the result.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Checksum(pub u64);

impl Checksum {
    pub const fn new() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }

    #[inline(always)]
    pub fn add(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// What one pass cost.
pub struct Pass {
    pub sum: Checksum,
    pub bytes: usize,
    pub faults: u64,
    pub ns: u64,
}

/// Reads the file from offset 0 to its end with pread(2) into `buf`,
/// summing every byte. `buf` should have been written to beforehand, so
/// that its own first-touch faults are not counted as the file's.
#[inline(never)]
pub fn read_pass(fd: &unistd::Fd, buf: &mut [u8]) -> Result<Pass, mman::Errno> {
    let faults = unistd::minor_faults(unistd::Who::Process);
    let start = unistd::monotonic_ns();
    let mut sum = Checksum::new();
    let mut offset = 0u64;
    loop {
        let n = unistd::pread(fd, buf, offset)?;
        if n == 0 {
            break;
        }
        // Volatile loads, one byte at a time, exactly as `mapping_pass`
        // does: the two passes then differ only in how the bytes got
        // within reach (copied by read(2), or mapped), not in how the
        // compiler was allowed to optimise the loop.
        for byte in &buf[..n] {
            // SAFETY: `byte` is a reference to an initialised byte of the
            // buffer; reading it through a pointer is sound.
            sum.add(unsafe { (byte as *const u8).read_volatile() });
        }
        offset += n as u64;
    }
    Ok(Pass {
        sum,
        bytes: offset as usize,
        ns: unistd::monotonic_ns() - start,
        faults: unistd::minor_faults(unistd::Who::Process) - faults,
    })
}

/// Sums every byte of `map` with volatile loads (the file could be changed
/// by another process at any time; see `Mapping`).
#[inline(never)]
pub fn mapping_pass(map: &Mapping) -> Pass {
    let faults = unistd::minor_faults(unistd::Who::Process);
    let start = unistd::monotonic_ns();
    let mut sum = Checksum::new();
    for i in 0..map.len() {
        sum.add(map.read(i));
    }
    Pass {
        sum,
        bytes: map.len(),
        ns: unistd::monotonic_ns() - start,
        faults: unistd::minor_faults(unistd::Who::Process) - faults,
    }
}
