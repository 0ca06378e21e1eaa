//! The nine ways of reading a file that lesson 02 compares. Each run opens
//! the file, delivers every byte (or, for the random ones, the chosen pages)
//! to the checksum, and closes it: the whole cost a program pays to read a
//! file, setup included, because for small files the setup is the cost.

use linux_raw_sys::general as k;
use mman::{MapFlags, Mapping, Prot};

use crate::data;
use crate::testfile::TestFile;

/// The unit of the random methods: 4 KiB, as the benchmark defines them
/// ("pread at random 4 KiB offsets", "random 4 KiB touches"). A block size,
/// not the page size: on a kernel with 16 KiB or 64 KiB pages each random
/// touch still reads 4 KiB, from a larger page.
pub const BLOCK: u64 = 4 * 1024;

/// How a run reads the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// read(2) from start to end into a buffer of this many bytes.
    Read(usize),
    /// pread(2) of 4 KiB at random page-aligned offsets.
    PreadRandom,
    /// mmap, then scan: each page is faulted in on first touch.
    MmapTouch,
    /// mmap with `MAP_POPULATE`: every page table entry filled in by mmap.
    MmapPopulate,
    /// mmap, `madvise(MADV_SEQUENTIAL)`, scan.
    MmapSequential,
    /// mmap, `madvise(MADV_HUGEPAGE)`, scan.
    MmapHugepage,
    /// mmap, then touch 4 KiB pages at random offsets.
    MmapRandom,
}

/// Every method, in the order of the table.
pub const ALL: [Method; 9] = [
    Method::Read(4 << 10),
    Method::Read(64 << 10),
    Method::Read(1 << 20),
    Method::PreadRandom,
    Method::MmapTouch,
    Method::MmapPopulate,
    Method::MmapSequential,
    Method::MmapHugepage,
    Method::MmapRandom,
];

/// Why a run produced no checksum.
#[derive(Debug)]
pub enum RunError {
    /// The kernel does not offer this (madvise said EINVAL): a fact about
    /// the machine, reported, not a failure.
    Unsupported(String),
    /// A call failed that should not have.
    Failed(String),
}

impl Method {
    /// The name in the table.
    pub fn name(self) -> String {
        match self {
            Method::Read(n) if n >= 1 << 20 => format!("read {} MiB buffer", n >> 20),
            Method::Read(n) => format!("read {} KiB buffer", n >> 10),
            Method::PreadRandom => "pread random 4 KiB".into(),
            Method::MmapTouch => "mmap first-touch".into(),
            Method::MmapPopulate => "mmap MAP_POPULATE".into(),
            Method::MmapSequential => "mmap MADV_SEQUENTIAL".into(),
            Method::MmapHugepage => "mmap MADV_HUGEPAGE".into(),
            Method::MmapRandom => "mmap random 4 KiB".into(),
        }
    }

    /// Does the run read chosen pages rather than the whole file?
    pub fn is_random(self) -> bool {
        matches!(self, Method::PreadRandom | Method::MmapRandom)
    }

    /// One run over `file`. `pages` are the page numbers the random methods
    /// read; `buf` is the read buffer, allocated once outside the timing.
    /// Returns the checksum of the bytes delivered.
    pub fn run(self, file: &TestFile, pages: &[u64], buf: &mut [u8]) -> Result<u64, RunError> {
        let failed = |what: &str, e: syscall::Errno| RunError::Failed(format!("{what}: {e:?}"));
        let fd = file.open().map_err(RunError::Failed)?;
        let len = file.size.bytes() as usize;
        match self {
            Method::Read(chunk) => {
                let buf = &mut buf[..chunk];
                let mut sum = 0u64;
                loop {
                    match unistd::read(&fd, buf) {
                        Ok(0) => return Ok(sum),
                        Ok(n) => sum = sum.wrapping_add(data::checksum(&buf[..n])),
                        Err(e) => return Err(failed("read", e)),
                    }
                }
            }
            Method::PreadRandom => {
                let buf = &mut buf[..BLOCK as usize];
                let mut sum = 0u64;
                for &page in pages {
                    match unistd::pread(&fd, buf, page * BLOCK) {
                        Ok(n) => sum = sum.wrapping_add(data::checksum(&buf[..n])),
                        Err(e) => return Err(failed("pread", e)),
                    }
                }
                Ok(sum)
            }
            _ => {
                let mut flags = MapFlags::SHARED;
                if self == Method::MmapPopulate {
                    flags |= MapFlags::POPULATE;
                }
                let mapping = Mapping::new(len, Prot::READ, flags, fd.raw(), 0)
                    .map_err(|e| failed("mmap", e))?;
                // The mapping keeps the file open inside the kernel; the
                // descriptor is not needed any more.
                drop(fd);
                let advice = match self {
                    Method::MmapSequential => Some(k::MADV_SEQUENTIAL),
                    Method::MmapHugepage => Some(k::MADV_HUGEPAGE),
                    _ => None,
                };
                if let Some(advice) = advice {
                    // SAFETY: the range is the mapping we own; this advice
                    // changes how pages are brought in, never their contents.
                    match unsafe { mman::madvise(mapping.as_ptr(), len, advice) } {
                        Ok(()) => {}
                        Err(e) if e == syscall::Errno::EINVAL => {
                            return Err(RunError::Unsupported(format!("madvise: {e:?}")));
                        }
                        Err(e) => return Err(failed("madvise", e)),
                    }
                }
                let bytes = as_bytes(&mapping);
                if self == Method::MmapRandom {
                    let page = BLOCK as usize;
                    Ok(pages.iter().fold(0u64, |sum, &p| {
                        let start = p as usize * page;
                        sum.wrapping_add(data::checksum(&bytes[start..start + page]))
                    }))
                } else {
                    Ok(data::checksum(bytes))
                }
            }
        }
    }
}

/// The mapping's bytes as a slice, so the checksum runs at full speed.
///
/// The project otherwise never makes a slice of mapped memory (see
/// `mman::Mapping`): a shared page can change under the program, and a
/// `&[u8]` promises the compiler it will not. Here it cannot: the mapping is
/// read-only, and the file is the bench's own, written once when it was
/// created and never written or truncated while a run maps it. Reading it
/// byte by byte through volatile loads instead would measure the loads, not
/// how fast the kernel delivers the bytes.
fn as_bytes(mapping: &Mapping) -> &[u8] {
    // SAFETY: `mapping` covers `len()` readable bytes and outlives the
    // slice (the borrow ties them); nothing writes the file meanwhile (see
    // above), so the bytes do not change while the slice exists.
    unsafe { std::slice::from_raw_parts(mapping.as_ptr(), mapping.len()) }
}

/// For the `MADV_HUGEPAGE` row's note: map with the advice, touch every
/// page, and read how much of the mapping the kernel put in 2 MiB page
/// table entries (`FilePmdMapped` in /proc/self/smaps_rollup). The advice
/// can succeed and still change nothing: a filesystem must support large
/// page-cache folios, and the mapping must be 2 MiB aligned.
pub fn hugepage_probe(file: &TestFile) -> String {
    let probe = || -> Result<String, String> {
        let fd = file.open()?;
        let len = file.size.bytes() as usize;
        let mapping = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0)
            .map_err(|e| format!("mmap: {e:?}"))?;
        // SAFETY: as in `Method::run`: advice about our own mapping.
        unsafe { mman::madvise(mapping.as_ptr(), len, k::MADV_HUGEPAGE) }
            .map_err(|e| format!("madvise(MADV_HUGEPAGE): {e:?}"))?;
        std::hint::black_box(data::checksum(as_bytes(&mapping)));
        let rollup = std::fs::read_to_string("/proc/self/smaps_rollup")
            .map_err(|e| format!("/proc/self/smaps_rollup: {e}"))?;
        let kib = rollup
            .lines()
            .find_map(|line| line.strip_prefix("FilePmdMapped:"))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(0);
        Ok(format!("{} MiB of it in 2 MiB pages", kib >> 10))
    };
    probe().unwrap_or_else(|e| e)
}
