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
use mman::{Errno, MapFlags, Mapping, Prot};
use rt::{Claims, claim, println};

/// Every MAP_* bit the kernel headers define for this architecture, and the
/// lowest one left over (computed in `mman::flags` from linux-raw-sys).
const KNOWN: u32 = mman::flags::KNOWN_MAP_BITS;
const UNKNOWN: u32 = mman::flags::UNKNOWN_MAP_BIT;

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
