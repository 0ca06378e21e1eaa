//! Part 5: what MS_SYNC really does, seen from inside the process.
//!
//! msync's purpose is durability: after `msync(MS_SYNC)` returns 0, the
//! range's changes are on the storage device and survive a crash or a power
//! cut. That cannot be shown without pulling the power. What can be seen is
//! the mechanism the kernel uses to know which pages need writing:
//!
//! - writing back a page cleans it *and write-protects it* in every page
//!   table that maps it (`folio_mkclean`), so the next store to it faults;
//!   the fault marks the page dirty again and makes it writable;
//! - so a store to a page that is already dirty costs nothing, a store to a
//!   page that was just written back costs one minor fault.
//!
//! Counting minor faults (getrusage) around a loop that stores one byte in
//! each of N pages therefore tells whether the pages were written back in
//! between. MS_ASYNC leaves the count at ~0 (it wrote nothing); MS_SYNC
//! brings it back to N. /proc/self/smaps' dirty counters say the same
//! (natively; see the README for qemu-user), and the times are printed to
//! show the cost of waiting for the device. Times are never asserted.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

use crate::smaps;

/// How many pages are dirtied each round.
const PAGES: usize = 256;

/// Stores `value` into the first byte of pages `from..to` of `map` and
/// returns how many minor faults that took. Not inlined, so that the code
/// measured is the same every time (under qemu-user, code runs as
/// translated blocks, and translating new code can itself fault).
#[inline(never)]
fn dirty_pages(map: &Mapping, page: usize, from: usize, to: usize, value: u8) -> u64 {
    let before = unistd::minor_faults(unistd::Who::Process);
    for i in from..to {
        map.write(i * page, value);
    }
    unistd::minor_faults(unistd::Who::Process) - before
}

/// msync over `pages` pages of `map`, timed. Returns nanoseconds.
#[inline(never)]
fn timed_msync(map: &Mapping, page: usize, pages: usize, flags: MsyncFlags) -> u64 {
    let start = unistd::monotonic_ns();
    // SAFETY: the range lies inside `map`; msync changes no memory.
    let result = unsafe { mman::msync(map.as_ptr(), pages * page, flags) };
    let took = unistd::monotonic_ns() - start;
    or_exit(result, "msync");
    took
}

fn dirty(map: &Mapping) -> DirtyKb {
    DirtyKb(smaps::dirty_kb(map.addr()))
}

/// smaps' dirty counter for printing: `N kB` or `unknown`.
struct DirtyKb(Option<u64>);

impl core::fmt::Display for DirtyKb {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(kb) => write!(f, "{kb} kB dirty"),
            None => f.write_str("dirty: unknown (no smaps entry)"),
        }
    }
}

fn us(ns: u64) -> Micros {
    Micros(ns)
}

/// Nanoseconds printed as microseconds with one decimal.
struct Micros(u64);

impl core::fmt::Display for Micros {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{} µs", self.0 / 1000, self.0 % 1000 / 100)
    }
}

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "writeback.bin").ok_or("path too long"),
        "writeback.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create writeback.bin",
    );
    let len = PAGES * page;
    or_exit(
        unistd::ftruncate(&fd, len as u64),
        "ftruncate writeback.bin",
    );
    let magic = or_exit(unistd::filesystem_magic(&fd), "fstatfs");
    println!(
        "{path}: {PAGES} pages ({len} bytes) on {} (magic {magic:#x})",
        unistd::filesystem_name(magic)
    );
    let map = or_exit(
        Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap writeback.bin",
    );

    // Warm-up: fault every page in, give the file its blocks, write it all
    // back. Now every page is clean and write-protected.
    let first = dirty_pages(&map, page, 0, PAGES, 1);
    let first_sync = timed_msync(&map, page, PAGES, MsyncFlags::SYNC);
    println!(
        "first stores into the fresh mapping: {first} minor faults; the first msync(MS_SYNC) \
         took {}",
        us(first_sync)
    );

    let after_sync = dirty_pages(&map, page, 0, PAGES, 2);
    println!(
        "stores into the {PAGES} pages after that msync: {after_sync} minor faults; smaps now \
         says {}",
        dirty(&map)
    );
    let again = dirty_pages(&map, page, 0, PAGES, 3);
    claim!(
        claims,
        again < (PAGES / 8) as u64,
        "storing again into the {PAGES} pages, already dirty and writable, took {again} minor \
         faults (fewer than {}): dirty pages are not watched",
        PAGES / 8
    );

    let async_ns = timed_msync(&map, page, PAGES, MsyncFlags::ASYNC);
    let after_async_dirty = dirty(&map);
    let after_async = dirty_pages(&map, page, 0, PAGES, 4);
    println!(
        "msync(MS_ASYNC) took {}; smaps afterwards: {after_async_dirty}",
        us(async_ns)
    );
    claim!(
        claims,
        after_async < (PAGES / 8) as u64,
        "after msync(MS_ASYNC), storing into the {PAGES} pages took {after_async} minor faults: \
         MS_ASYNC wrote nothing back (no page was cleaned and write-protected)"
    );

    let sync_ns = timed_msync(&map, page, PAGES, MsyncFlags::SYNC);
    let after_sync_dirty = dirty(&map);
    let after_sync = dirty_pages(&map, page, 0, PAGES, 5);
    println!(
        "msync(MS_SYNC) took {}; smaps afterwards: {after_sync_dirty}",
        us(sync_ns)
    );
    // MS_SYNC writes back the range asked for, not the whole file.
    let half = PAGES / 2;
    let half_ns = timed_msync(&map, page, half, MsyncFlags::SYNC);
    let first_half = dirty_pages(&map, page, 0, half, 6);
    let second_half = dirty_pages(&map, page, half, PAGES, 6);
    println!(
        "msync(MS_SYNC) over the first {half} pages took {}; then stores: first half {first_half} \
         faults, second half {second_half}",
        us(half_ns)
    );
    if unistd::has_backing_store(magic) {
        claim!(
            claims,
            after_sync >= PAGES as u64,
            "after msync(MS_SYNC), storing into the {PAGES} pages took {after_sync} minor \
             faults, at least one per page: MS_SYNC wrote every page back, cleaning and \
             write-protecting it"
        );
        // The range is what the kernel hands the filesystem to write and
        // wait for (vfs_fsync_range); the filesystem may write more. The
        // other half's count is shown, not checked: see the README.
        claim!(
            claims,
            first_half >= half as u64,
            "msync(MS_SYNC) over the first half wrote back (at least) that half: {first_half} \
             faults there; {second_half} in the other half, which was not asked for"
        );
    } else {
        // tmpfs and ramfs keep files in memory only: their fsync does
        // nothing, so no page is ever cleaned.
        claim!(
            claims,
            after_sync < (PAGES / 8) as u64 && first_half < (PAGES / 8) as u64,
            "on {}, msync(MS_SYNC) has nothing to write to: the pages stay dirty and writable \
             ({after_sync} and {first_half} faults afterwards)",
            unistd::filesystem_name(magic)
        );
    }

    // Right after an MS_SYNC, nothing new is dirty: little to wait for.
    let _ = timed_msync(&map, page, PAGES, MsyncFlags::SYNC);
    let clean_ns = timed_msync(&map, page, PAGES, MsyncFlags::SYNC);
    println!(
        "msync(MS_SYNC) again right after one, nothing newly stored: {} (compare {} with \
         {PAGES} freshly stored pages, {} for MS_ASYNC)",
        us(clean_ns),
        us(sync_ns),
        us(async_ns)
    );
}
