//! The bytes in the test files, and the checksum every method computes.
//!
//! Every 8-byte word of a test file is a pure function of its index
//! (`word(i)`), so the expected checksum of any range of the file can be
//! computed without reading it, and a method that skipped bytes, read the
//! wrong page or let the compiler optimise its loads away would produce a
//! different sum and be reported.

/// The value of word `i` of every test file: the splitmix64 mixer, so the
/// bytes look random (no run of zeros a clever layer could skip) yet cost
/// nothing to recompute.
pub fn word(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fills `buf` with the file's contents starting at byte `offset` (both
/// multiples of 8).
pub fn fill(buf: &mut [u8], offset: u64) {
    let first = offset / 8;
    for (k, chunk) in buf.chunks_exact_mut(8).enumerate() {
        chunk.copy_from_slice(&word(first + k as u64).to_le_bytes());
    }
}

/// What [`checksum`] gives for `len` bytes of a test file at `offset`.
pub fn expected(offset: u64, len: u64) -> u64 {
    let first = offset / 8;
    (first..first + len / 8).fold(0u64, |sum, i| sum.wrapping_add(word(i)))
}

/// The checksum: the wrapping sum of the little-endian 8-byte words.
///
/// A sum, not a hash, on purpose: it is as cheap as reading the bytes (the
/// compiler turns it into vector loads and adds), so it measures how fast
/// the bytes arrive, not how fast we can hash; and sums of pieces add up to
/// the sum of the whole, so a method may consume the file in any chunking.
/// Every length used here is a multiple of 8.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes
        .chunks_exact(8)
        .map(|w| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]))
        .fold(0u64, u64::wrapping_add)
}

/// A small deterministic generator (xorshift64*) for the random offsets:
/// the same sequence on every run and every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (not 0).
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_of_filled_bytes_is_the_expected_sum() {
        let mut buf = vec![0u8; 3 * 4096];
        fill(&mut buf, 8192);
        assert_eq!(checksum(&buf), expected(8192, buf.len() as u64));
        let halves = checksum(&buf[..4096]).wrapping_add(checksum(&buf[4096..]));
        assert_eq!(halves, checksum(&buf));
    }
}
