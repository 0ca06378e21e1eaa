//! Part 2: use (2), "better performance than open/read/write/seek (details
//! later)". The tutorial never gives the details. Here they are, measured
//! rather than promised.
//!
//! What really differs is where the cost goes:
//!
//! - read(2) copies: each call copies bytes from the page cache into the
//!   caller's buffer, every time, however often the same bytes are read.
//!   The buffer stays the same few pages, so it takes no page faults.
//! - mmap does not copy: the mapping shows the page cache's own pages. The
//!   price is paid per page instead of per byte: the first access to a page
//!   faults, and the kernel fills in a page-table entry (for a file, it
//!   "faults around", filling in up to 16 neighbouring cached pages at once).
//!   Plus the mmap and munmap calls, and TLB misses.
//!
//! Which is faster depends on the access pattern, the sizes and the machine:
//! for one sequential pass over a small cached file, read(2) with a good
//! buffer is often as fast or faster; mmap wins when the same data is
//! visited repeatedly or at random, or is shared by many processes. The
//! lesson prints times but asserts only the mechanism: fault counts and
//! identical bytes. The real measurement belongs to the project's benchmark
//! (`cargo xtask bench`, whose results lesson 02's README shows).

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

use crate::scan::{self, Checksum, Pass};

/// The file's size in pages.
const PAGES: usize = 512;
/// The read(2) buffer.
const BUF: usize = 64 * 1024;

/// Fills the file with `len` pseudo-random bytes (xorshift64), so that a
/// checksum catches any byte read from the wrong place; returns their sum.
fn fill_file(fd: &unistd::Fd, len: usize, buf: &mut [u8]) -> Checksum {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut sum = Checksum::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(buf.len());
        for byte in &mut buf[..n] {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state as u8;
            sum.add(*byte);
        }
        or_exit(unistd::write_all(fd.raw(), &buf[..n]), "write data.bin");
        left -= n;
    }
    sum
}

/// The four passes of one round.
struct Round {
    read1: Pass,
    map1: Pass,
    map2: Pass,
    read2: Pass,
    mmap_ns: u64,
    munmap_ns: u64,
}

fn round(fd: &unistd::Fd, len: usize, buf: &mut [u8]) -> Round {
    let read1 = or_exit(scan::read_pass(fd, buf), "read pass");
    let start = unistd::monotonic_ns();
    let map = or_exit(
        Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0),
        "mmap data.bin",
    );
    let mmap_ns = unistd::monotonic_ns() - start;
    let map1 = scan::mapping_pass(&map);
    let map2 = scan::mapping_pass(&map);
    let start = unistd::monotonic_ns();
    or_exit(map.unmap(), "munmap data.bin");
    let munmap_ns = unistd::monotonic_ns() - start;
    let read2 = or_exit(scan::read_pass(fd, buf), "read pass");
    Round {
        read1,
        map1,
        map2,
        read2,
        mmap_ns,
        munmap_ns,
    }
}

/// Nanoseconds as microseconds with one decimal.
struct Micros(u64);

impl core::fmt::Display for Micros {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:>8}.{} µs", self.0 / 1000, self.0 % 1000 / 100)
    }
}

fn print_pass(what: &str, pass: &Pass) {
    println!(
        "  {what:<30} {:>5} minor faults  {}  checksum {:016x}",
        pass.faults,
        Micros(pass.ns),
        pass.sum.0
    );
}

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "data.bin").ok_or("path too long"),
        "data.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "create data.bin",
    );
    let len = PAGES * page;
    // The buffer is written while filling the file: its pages are in memory
    // before any pass is measured.
    let mut buf = [0u8; BUF];
    let written = fill_file(&fd, len, &mut buf);
    println!(
        "{path}: {PAGES} pages, {len} bytes of pseudo-random data, checksum {:016x}; it was \
         just written, so every page is in the page cache",
        written.0
    );

    // A first round warms up everything that is not the file: the code
    // (under qemu-user, translating it), the stack. Its numbers are shown
    // but not checked.
    let warm = round(&fd, len, &mut buf);
    let run = round(&fd, len, &mut buf);
    for (title, r) in [("warm-up round", &warm), ("measured round", &run)] {
        println!(
            "{title}: (mmap call {}, munmap call {})",
            Micros(r.mmap_ns),
            Micros(r.munmap_ns)
        );
        print_pass("read(2), 64 KiB buffer, 1st", &r.read1);
        print_pass("mapping, 1st pass", &r.map1);
        print_pass("mapping, 2nd pass", &r.map2);
        print_pass("read(2), 64 KiB buffer, 2nd", &r.read2);
    }
    println!(
        "(times are for information only: one run, one machine, per-byte volatile loads; \
         the benchmark is `cargo xtask bench`)"
    );

    let Round {
        read1,
        map1,
        map2,
        read2,
        ..
    } = run;
    claim!(
        claims,
        [&read1, &map1, &map2, &read2]
            .iter()
            .all(|p| p.bytes == len && p.sum == written),
        "both ways read the same {len} bytes: every pass's checksum is {:016x}, the checksum \
         of what was written",
        written.0
    );
    let quiet = (PAGES / 64) as u64;
    claim!(
        claims,
        read1.faults <= quiet && read2.faults <= quiet,
        "reading {PAGES} pages with read(2) took {} and {} minor faults (at most {quiet}): \
         read copies into a buffer that is already in memory",
        read1.faults,
        read2.faults
    );
    claim!(
        claims,
        map1.faults >= 1 && map1.faults > read1.faults,
        "the first pass over the mapping took {} minor faults, read(2) {}: mmap itself maps \
         nothing in, each page enters the page table when first touched ({} pages per fault \
         here{})",
        map1.faults,
        read1.faults,
        Ratio(PAGES as u64, map1.faults),
        if map1.faults < PAGES as u64 {
            ": the kernel maps neighbouring cached pages at the same fault"
        } else {
            ""
        }
    );
    claim!(
        claims,
        map2.faults < map1.faults && map2.faults <= quiet,
        "the second pass over the same mapping took {} minor faults: the pages stay mapped, \
         and no byte is copied",
        map2.faults
    );
}

/// `a / b` with one decimal, for printing.
struct Ratio(u64, u64);

impl core::fmt::Display for Ratio {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.1 {
            0 => f.write_str("∞"),
            b => write!(f, "{}.{}", self.0 / b, self.0 * 10 / b % 10),
        }
    }
}
