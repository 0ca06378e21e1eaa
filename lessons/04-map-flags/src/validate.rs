//! Part 7: MAP_SHARED ignores flags it does not know; MAP_SHARED_VALIDATE
//! refuses them (Linux 4.15).
//!
//! For decades mmap silently ignored unknown bits in `flags`. That made new
//! flags impossible to rely on: a program asking for MAP_SYNC on an old
//! kernel would get a mapping *without* the guarantee and no error. So the
//! kernel keeps a fixed list of old flags, LEGACY_MAP_MASK in
//! include/linux/mman.h. With MAP_SHARED, every bit outside it is dropped
//! without a word (old programs keep working). With MAP_SHARED_VALIDATE, a
//! bit outside it (that the file does not support either) makes mmap fail
//! with EOPNOTSUPP. The check is made for file mappings; so we map a file.
//!
//! Which bit is "unknown"? We ask linux-raw-sys, generated from this
//! architecture's kernel headers: OR together every MAP_* flag it defines,
//! and take the lowest bit above the type field that none of them uses.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use mman::{Errno, MapFlags, Mapping, Prot};
use rt::{Claims, claim, println};

/// Every MAP_* bit the kernel headers define for this architecture. (The
/// type field is a number, not bits, so all of MAP_TYPE is counted as used.)
const KNOWN: u32 = k::MAP_TYPE
    | k::MAP_FIXED
    | k::MAP_ANONYMOUS
    | k::MAP_GROWSDOWN
    | k::MAP_DENYWRITE
    | k::MAP_EXECUTABLE
    | k::MAP_LOCKED
    | k::MAP_NORESERVE
    | k::MAP_POPULATE
    | k::MAP_NONBLOCK
    | k::MAP_STACK
    | k::MAP_HUGETLB
    | k::MAP_FIXED_NOREPLACE
    | (k::MAP_HUGE_MASK << k::MAP_HUGE_SHIFT)
    | ARCH_ONLY;

/// Flags only x86_64 has: MAP_32BIT (place below 2 GiB) and MAP_ABOVE4G;
/// plus MAP_SYNC and MAP_UNINITIALIZED, which most architectures share.
#[cfg(target_arch = "x86_64")]
const ARCH_ONLY: u32 = k::MAP_32BIT | k::MAP_ABOVE4G | k::MAP_SYNC | k::MAP_UNINITIALIZED;
/// MIPS keeps its own flag layout, inherited from IRIX: MAP_ANONYMOUS is
/// 0x800 here, and four bits (MAP_RENAME, MAP_AUTOGROW, MAP_LOCAL,
/// MAP_AUTORSRV) are defined although Linux does nothing with them. It has
/// no MAP_SYNC or MAP_UNINITIALIZED.
#[cfg(target_arch = "mips64")]
const ARCH_ONLY: u32 = k::MAP_RENAME | k::MAP_AUTOGROW | k::MAP_LOCAL | k::MAP_AUTORSRV;
/// The other architectures share the generic layout with MAP_SYNC and
/// MAP_UNINITIALIZED, and have no flags of their own.
#[cfg(not(any(target_arch = "x86_64", target_arch = "mips64")))]
const ARCH_ONLY: u32 = k::MAP_SYNC | k::MAP_UNINITIALIZED;

/// The lowest bit no MAP_* flag uses.
const UNKNOWN: u32 = {
    let mut bit = 1u32;
    while KNOWN & bit != 0 {
        bit <<= 1;
    }
    bit
};
// It must exist, and lie below the huge-page size field (bits 26..31),
// which holds a number, not flags. Checked by the compiler.
const _: () = assert!(UNKNOWN != 0 && UNKNOWN < 1 << k::MAP_HUGE_SHIFT);

/// mmap one page of `fd`, shared, with `flags`.
fn map(fd: i32, page: usize, flags: MapFlags) -> Result<Mapping, Errno> {
    Mapping::new(page, Prot::READ, flags, fd, 0)
}

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    println!(
        "every MAP_* bit linux-raw-sys knows for {}: {KNOWN:#010x}; lowest unused bit: {UNKNOWN:#x}",
        syscall::ARCH
    );
    let (fd, path) = crate::file::one_page(dir, "validate.txt", page, b'v');
    let unknown = MapFlags::from_bits_retain(UNKNOWN);

    let plain = map(fd.raw(), page, MapFlags::SHARED | unknown);
    println!(
        "mmap(NULL, {page}, PROT_READ, MAP_SHARED|{UNKNOWN:#x}, fd of {path}, 0) = {}",
        Shown(&plain)
    );
    claim!(
        claims,
        plain.is_ok(),
        "MAP_SHARED ignores the unknown bit {UNKNOWN:#x}: the mapping is made"
    );
    drop(plain);

    let validated = map(fd.raw(), page, MapFlags::SHARED_VALIDATE | unknown);
    println!(
        "mmap(NULL, {page}, PROT_READ, MAP_SHARED_VALIDATE|{UNKNOWN:#x}, fd, 0) = {}",
        Shown(&validated)
    );
    claim!(
        claims,
        matches!(validated, Err(Errno::EOPNOTSUPP)),
        "MAP_SHARED_VALIDATE refuses the same bit with EOPNOTSUPP"
    );
    drop(validated);

    let alone = map(fd.raw(), page, MapFlags::SHARED_VALIDATE);
    println!(
        "mmap(NULL, {page}, PROT_READ, MAP_SHARED_VALIDATE, fd, 0) = {}",
        Shown(&alone)
    );
    if let Ok(m) = &alone {
        crate::maps::show(m.addr());
    }
    claim!(
        claims,
        alone.is_ok(),
        "without the unknown bit MAP_SHARED_VALIDATE maps the file, as MAP_SHARED would"
    );
}

/// A mmap result, shown as the address or the error.
struct Shown<'a>(&'a Result<Mapping, Errno>);

impl core::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Ok(m) => write!(f, "{:#x}", m.addr()),
            Err(e) => write!(f, "-1, {e}"),
        }
    }
}
