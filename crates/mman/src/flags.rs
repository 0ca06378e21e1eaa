//! The bit sets that mmap, mprotect and msync take.
//!
//! Every value comes from `linux-raw-sys` (generated from the kernel's
//! headers for the target architecture), because they are not the same
//! everywhere: `MAP_ANONYMOUS` is `0x20` on x86_64 and aarch64 but `0x800` on
//! MIPS. The assertions at the bottom are checked by the compiler and record
//! the facts the lessons lean on.

use bitflags::bitflags;
use linux_raw_sys::general as k;
use static_assertions::const_assert_eq;

bitflags! {
    /// mmap's `prot`: what the pages may be used for.
    ///
    /// The hardware enforces it: a forbidden access does not return an
    /// error, it raises SIGSEGV in the process that tried.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Prot: u32 {
        /// `PROT_READ`: the pages may be read.
        const READ = k::PROT_READ;
        /// `PROT_WRITE`: the pages may be written.
        const WRITE = k::PROT_WRITE;
        /// `PROT_EXEC`: the CPU may fetch instructions from the pages.
        const EXEC = k::PROT_EXEC;
    }
}

impl Prot {
    /// `PROT_NONE`: no access at all. It is the empty set (zero), not a bit,
    /// so it lives outside the `bitflags!` list. Useful to reserve address
    /// space, or as a guard page that faults on any touch.
    pub const NONE: Prot = Prot::empty();
}

bitflags! {
    /// mmap's `flags`: what kind of mapping, and how to place it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MapFlags: u32 {
        // SHARED_VALIDATE comes first so that flag-printing (the lessons'
        // trace) names it, rather than its two bits as SHARED|PRIVATE.
        /// `MAP_SHARED_VALIDATE`: like `SHARED`, but unknown flags are an
        /// error (`EOPNOTSUPP`) instead of being silently ignored.
        const SHARED_VALIDATE = k::MAP_SHARED_VALIDATE;
        /// `MAP_SHARED`: writes go to the file (through the page cache) and
        /// are seen by every process that maps the same pages.
        const SHARED = k::MAP_SHARED;
        /// `MAP_PRIVATE`: copy-on-write; writes stay in this process.
        const PRIVATE = k::MAP_PRIVATE;
        /// `MAP_FIXED`: place the mapping exactly at `addr`, silently
        /// replacing whatever was mapped there.
        const FIXED = k::MAP_FIXED;
        /// `MAP_FIXED_NOREPLACE`: exactly at `addr`, but fail with `EEXIST`
        /// rather than replace an existing mapping (Linux 4.17 and later).
        const FIXED_NOREPLACE = k::MAP_FIXED_NOREPLACE;
        /// `MAP_ANONYMOUS`: no file; zero-filled memory (`fd` must be -1).
        const ANONYMOUS = k::MAP_ANONYMOUS;
        /// `MAP_POPULATE`: fault every page in now, not on first touch.
        const POPULATE = k::MAP_POPULATE;
        /// `MAP_NORESERVE`: do not reserve swap space for the mapping.
        const NORESERVE = k::MAP_NORESERVE;
    }
}

bitflags! {
    /// msync's `flags`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MsyncFlags: u32 {
        /// `MS_ASYNC`: on Linux since 2.6.19, a no-op: dirty pages are
        /// already tracked by the page cache and written back in time.
        const ASYNC = k::MS_ASYNC;
        /// `MS_INVALIDATE`: ask that other mappings of the file see fresh
        /// contents; on Linux, with its unified page cache, they already do.
        const INVALIDATE = k::MS_INVALIDATE;
        /// `MS_SYNC`: write the dirty pages of the range to the file and
        /// wait until that is done.
        const SYNC = k::MS_SYNC;
    }
}

// PROT_NONE is "no bits", which is why `Prot::NONE` is `Prot::empty()`.
const_assert_eq!(k::PROT_NONE, 0);
// The mapping type is a two-bit field, not two independent flags: SHARED and
// PRIVATE together spell SHARED_VALIDATE. So "exactly one of SHARED or
// PRIVATE", as the tutorial says, really means "this field must not be 0".
const_assert_eq!(k::MAP_SHARED | k::MAP_PRIVATE, k::MAP_SHARED_VALIDATE);
// MS_SYNC and MS_ASYNC are separate bits, so a caller *can* pass both; the
// kernel rejects that combination with EINVAL (tested in tests/tests/errors.rs).
const_assert_eq!(k::MS_SYNC & k::MS_ASYNC, 0);

/// Every mmap flag bit the kernel headers define for this architecture.
/// The mapping-type field (`MAP_TYPE`) is a number, not bits, so all of it
/// counts as used, as does the huge-page size field above bit
/// `MAP_HUGE_SHIFT`. Lesson 04 uses it to pick a bit the kernel does not
/// know, to show MAP_SHARED ignoring it and MAP_SHARED_VALIDATE refusing it.
pub const KNOWN_MAP_BITS: u32 = union(&[
    k::MAP_TYPE,
    k::MAP_FIXED,
    k::MAP_ANONYMOUS,
    k::MAP_GROWSDOWN,
    k::MAP_DENYWRITE,
    k::MAP_EXECUTABLE,
    k::MAP_LOCKED,
    k::MAP_NORESERVE,
    k::MAP_POPULATE,
    k::MAP_NONBLOCK,
    k::MAP_STACK,
    k::MAP_HUGETLB,
    k::MAP_FIXED_NOREPLACE,
    k::MAP_HUGE_MASK << k::MAP_HUGE_SHIFT,
    ARCH_MAP_BITS,
]);

/// The OR of `fields`, a list that reads as the headers do. They are not
/// all separate bits: MAP_UNINITIALIZED (0x4000000) is bit 26, which is
/// also the lowest bit of the huge-page size field (MAP_HUGE_SHIFT is 26).
/// The two never mean something at once: the size field is read only
/// with MAP_HUGETLB, and MAP_UNINITIALIZED only by kernels built with
/// CONFIG_MMAP_ALLOW_UNINITIALIZED (mmap(2)).
const fn union(fields: &[u32]) -> u32 {
    let mut union = 0;
    let mut i = 0;
    while i < fields.len() {
        union |= fields[i];
        i += 1;
    }
    union
}

/// Flags only x86_64 has: MAP_32BIT (place below 2 GiB) and MAP_ABOVE4G;
/// plus MAP_SYNC and MAP_UNINITIALIZED, which most architectures share.
#[cfg(target_arch = "x86_64")]
const ARCH_MAP_BITS: u32 = union(&[
    k::MAP_32BIT,
    k::MAP_ABOVE4G,
    k::MAP_SYNC,
    k::MAP_UNINITIALIZED,
]);
/// MIPS keeps its own flag layout, inherited from IRIX: MAP_ANONYMOUS is
/// 0x800 there, and four bits (MAP_RENAME, MAP_AUTOGROW, MAP_LOCAL,
/// MAP_AUTORSRV) are defined although Linux does nothing with them. It has
/// no MAP_SYNC or MAP_UNINITIALIZED.
#[cfg(target_arch = "mips64")]
const ARCH_MAP_BITS: u32 = union(&[
    k::MAP_RENAME,
    k::MAP_AUTOGROW,
    k::MAP_LOCAL,
    k::MAP_AUTORSRV,
]);
/// 32-bit x86 programs usually run on an x86_64 kernel, which knows its
/// own MAP_32BIT and MAP_ABOVE4G for every caller (a MAP_SHARED_VALIDATE
/// with 0x40 maps a file there). The i686 headers do not define them, so
/// the values are [`X86_64_ONLY_MAP_BITS`], checked against the x86_64
/// headers whenever the x86_64 build compiles this file.
#[cfg(target_arch = "x86")]
const ARCH_MAP_BITS: u32 = union(&[k::MAP_SYNC, k::MAP_UNINITIALIZED, X86_64_ONLY_MAP_BITS]);
/// The other architectures share the generic layout, with MAP_SYNC and
/// MAP_UNINITIALIZED, and have no flags of their own.
#[cfg(not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "mips64")))]
const ARCH_MAP_BITS: u32 = union(&[k::MAP_SYNC, k::MAP_UNINITIALIZED]);

/// MAP_32BIT | MAP_ABOVE4G, the two flags only the x86_64 kernel has.
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
pub const X86_64_ONLY_MAP_BITS: u32 = union(&[0x40, 0x80]);
#[cfg(target_arch = "x86_64")]
const_assert_eq!(X86_64_ONLY_MAP_BITS, k::MAP_32BIT | k::MAP_ABOVE4G);

/// The lowest bit that no mmap flag of this architecture uses.
pub const UNKNOWN_MAP_BIT: u32 = {
    let mut bit = 1u32;
    while KNOWN_MAP_BITS & bit != 0 {
        bit <<= 1;
    }
    bit
};
// It exists, and lies below the huge-page size field, which holds a number.
static_assertions::const_assert!(UNKNOWN_MAP_BIT != 0 && UNKNOWN_MAP_BIT < 1 << k::MAP_HUGE_SHIFT);
