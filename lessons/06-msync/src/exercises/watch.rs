//! What both msync exercises watch: which msync calls the answer made (and
//! what the kernel answered to each), and whether the pages were written
//! back afterwards, told by the minor fault that the next store to a
//! written-back page takes (part 5 of the lesson).
//!
//! The answer runs in a forked child, so that nothing it does can stop the
//! check; the child reports through a page of `MAP_SHARED` anonymous
//! memory, which the parent still sees after the child has gone.

use core::ffi::CStr;
use core::fmt;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicUsize, Ordering};
use linux_raw_sys::general as k;
use mman::{MapFlags, Mapping, MsyncFlags, Prot, page};
use rt::{CPath, Claims, claim, or_exit};
use syscall::{Errno, nr};
use unistd::Ended;

/// A child that does not end in this long is stuck (30 s: MS_SYNC waits
/// for the disk, which a busy machine can make slow).
const LIMIT_NS: u64 = 30_000_000_000;

/// The file a check hands the answer, mapped.
pub struct Mapped {
    pub path: CPath,
    /// All of the file, `MAP_SHARED` and read-write: its stores are the
    /// file's, and msync writes them back to it.
    pub map: Mapping,
    /// The magic number of the filesystem the file is on (`sys`): whether
    /// writing back reaches a device at all.
    pub magic: u64,
}

/// Creates `dir/name` afresh, `len` bytes long (zeros), and maps it. The
/// descriptor is closed on return: the mapping holds its own reference to
/// the file, and msync needs no descriptor.
pub fn map_new_file(dir: &CStr, name: &str, len: usize) -> Mapped {
    let (path, fd) = rt::files::create(dir, name);
    or_exit(unistd::ftruncate(&fd, len as u64), "ftruncate the file");
    let magic = or_exit(unistd::filesystem_magic(&fd), "fstatfs");
    let map = or_exit(
        Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap the file",
    );
    Mapped { path, map, magic }
}

/// What the child reports: the warm-up's msync result, then what the
/// check's trial found (`T`, plain integers as [`Shared`] requires).
#[derive(Clone, Copy, Default)]
struct Report<T> {
    warm_up: u16,
    found: T,
}

/// Runs a check's child, with the deadline. The child first gives each of
/// the mapping's first `pages` pages its disk blocks and writes it back
/// once (msync(MS_SYNC)), so that from then on a page that is written back
/// again is write-protected again; then it runs `trial`, which calls the
/// answer and hands what it found to the function it is given, as often as
/// it likes: a child that dies half-way leaves what it handed over last.
///
/// Returns that, and how the child ended; or None, with the claim
/// refuted, if the checker's own msync failed (then nothing the answer did
/// could be judged).
///
/// `trial` must keep to fork's rules: raw system calls and volatile
/// accesses only (a check has one thread and holds no locks).
pub fn run<T: Copy + Default>(
    claims: &mut Claims,
    map: &Mapping,
    pages: usize,
    page_size: usize,
    trial: impl FnOnce(&dyn Fn(T)),
) -> Option<(T, Ended)> {
    let report = Shared::new(Report::<T>::default());
    let child = || {
        store_all(map, pages, page_size, 1);
        let warm_up = code(map.msync(MsyncFlags::SYNC));
        report.set(Report {
            warm_up,
            found: T::default(),
        });
        if warm_up == 0 {
            trial(&|found| report.set(Report { warm_up, found }));
        }
        0
    };
    // SAFETY: the child stores into the mapping, makes raw system calls
    // (msync, getrusage) and runs `trial`, which keeps to the same; a fault
    // ends the child, never the checker.
    let ended = or_exit(unsafe { unistd::run_in_child_for(child, LIMIT_NS) }, "fork");
    let seen = report.get();
    if seen.warm_up != 0 {
        claim!(
            claims,
            false,
            "the checker's own msync(MS_SYNC) of the whole mapping succeeds: {:?}",
            decode(seen.warm_up)
        );
        return None;
    }
    Some((seen.found, ended))
}

/// What the child saw of one call to the answer, on a mapping of `PAGES`
/// pages.
#[derive(Clone, Copy)]
pub struct Trial<const PAGES: usize> {
    /// 1 once the child has filled this in: the answer returned.
    pub done: u8,
    /// The answer's result (see [`code`]).
    pub result: u16,
    pub calls: Recorded,
    /// Faults taken by stores into the already dirty pages just before the
    /// call: about 0, or the counts after it would mean nothing.
    pub baseline: u64,
    /// Faults taken by one store into each page right after the call.
    pub faults: [u64; PAGES],
}

impl<const PAGES: usize> Default for Trial<PAGES> {
    fn default() -> Self {
        Trial {
            done: 0,
            result: 0,
            calls: Recorded::default(),
            baseline: 0,
            faults: [0; PAGES],
        }
    }
}

/// In the child: one call to the answer, watched. Stores `value` into each
/// of the mapping's first `PAGES` pages, which dirties them (a page written
/// back since its last store faults once), and again, which should cost
/// nothing; calls `answer`, recording its msync calls; then stores into
/// each page once more, counting the faults: a page the answer had written
/// back is clean and write-protected again, so its store faults.
pub fn trial<const PAGES: usize>(
    map: &Mapping,
    page_size: usize,
    value: u8,
    answer: impl FnOnce() -> Result<(), Errno>,
) -> Trial<PAGES> {
    store_all(map, PAGES, page_size, value);
    let baseline = store_all(map, PAGES, page_size, value);
    let (result, calls) = record(answer);
    let mut faults = [0; PAGES];
    for (i, count) in faults.iter_mut().enumerate() {
        *count = store_faults(map, i, page_size, value);
    }
    Trial {
        done: 1,
        result: code(result),
        calls,
        baseline,
        faults,
    }
}

/// The claim, refuted if the child that ran `what` did not exit normally
/// (nothing is claimed when it did).
pub fn claim_exited(claims: &mut Claims, ended: Ended, what: &str) {
    if !ended.exited_ok() {
        claim!(
            claims,
            false,
            "the child that ran {what} ended normally: {ended}"
        );
    }
}

/// One value shared between the checker and the child that runs the
/// answer: the child writes it, the parent reads it after wait4.
///
/// `T` must be plain integers (and arrays and structs of them): the
/// mapping starts zero-filled, and a child killed halfway through a write
/// leaves a mixture of old and new bytes, both of which must still be a
/// valid `T`.
struct Shared<T: Copy> {
    map: Mapping,
    kind: PhantomData<T>,
}

impl<T: Copy> Shared<T> {
    fn new(value: T) -> Shared<T> {
        // MAP_SHARED: a private mapping would be copied at fork, and the
        // child's writes would stay in its copy.
        let map = or_exit(
            Mapping::new(
                core::mem::size_of::<T>(),
                Prot::READ | Prot::WRITE,
                mman::MapFlags::SHARED | mman::MapFlags::ANONYMOUS,
                -1,
                0,
            ),
            "mmap a shared report page",
        );
        let shared = Shared {
            map,
            kind: PhantomData,
        };
        shared.set(value);
        shared
    }

    fn set(&self, value: T) {
        // SAFETY: the mapping is at least size_of::<T>() bytes, page-aligned
        // (so aligned for T), and no reference into it exists; a volatile
        // write is really made, so the other process sees it.
        unsafe { self.map.as_ptr().cast::<T>().write_volatile(value) }
    }

    fn get(&self) -> T {
        // SAFETY: as in `set`; any bytes there are a valid T (plain
        // integers, see the type's comment).
        unsafe { self.map.as_ptr().cast::<T>().read_volatile() }
    }
}

/// The most msync calls remembered per answer (more are counted).
pub const MAX_CALLS: usize = 8;

/// One msync call as the kernel received it, and its answer.
#[derive(Clone, Copy, Default)]
pub struct Call {
    pub addr: usize,
    pub len: usize,
    pub flags: usize,
    /// 0 for success, else the error number.
    pub errno: u16,
}

impl Call {
    pub fn ok(&self) -> bool {
        self.errno == 0
    }

    pub fn syncs(&self) -> bool {
        self.flags & k::MS_SYNC as usize != 0
    }
}

/// Every msync call made while [`record`] ran.
#[derive(Clone, Copy, Default)]
pub struct Recorded {
    /// How many there were (only the first [`MAX_CALLS`] are kept).
    pub seen: usize,
    pub calls: [Call; MAX_CALLS],
}

impl Recorded {
    pub fn kept(&self) -> &[Call] {
        &self.calls[..self.seen.min(MAX_CALLS)]
    }

    /// Did any call ask for MS_ASYNC?
    pub fn asked_async(&self) -> bool {
        self.kept()
            .iter()
            .any(|c| c.flags & k::MS_ASYNC as usize != 0)
    }

    /// Which of the mapping's first `pages` pages the successful MS_SYNC
    /// calls covered (bit i: page i), and whether any reached outside the
    /// mapping.
    pub fn synced_pages(&self, map: &Mapping, pages: usize, page_size: usize) -> (u64, bool) {
        let (lo, hi) = (map.addr(), map.addr() + pages * page_size);
        let mut covered = 0u64;
        let mut outside = false;
        for call in self.kept().iter().filter(|c| c.ok() && c.syncs()) {
            // The kernel rounds the length up to whole pages; the address
            // was aligned, or the call would have failed.
            let rounded = page::align_up(call.len, page_size).unwrap_or(usize::MAX);
            let end = call.addr.saturating_add(rounded);
            outside |= call.addr < lo || end > hi;
            for i in 0..pages {
                let (first, last) = (lo + i * page_size, lo + (i + 1) * page_size);
                if call.addr < last && end > first {
                    covered |= 1 << i;
                }
            }
        }
        (covered, outside)
    }
}

// The recorder's memory. A hook is a plain function, so what it sees goes
// into statics; only one process (the child) ever records, with one thread.
static SEEN: AtomicUsize = AtomicUsize::new(0);
static CALLS: [[AtomicUsize; 4]; MAX_CALLS] =
    [const { [const { AtomicUsize::new(0) }; 4] }; MAX_CALLS];

/// The syscall crate's trace hook: called after every system call made
/// through it, which is every call an answer can make.
fn note(event: &syscall::trace::Event) {
    if event.nr != nr::MSYNC {
        return;
    }
    let i = SEEN.fetch_add(1, Ordering::Relaxed);
    if let Some(slot) = CALLS.get(i) {
        let errno = match event.ret {
            Ok(_) => 0,
            Err(e) => usize::from(e.raw()),
        };
        let values = [event.args[0], event.args[1], event.args[2], errno];
        for (cell, value) in slot.iter().zip(values) {
            cell.store(value, Ordering::Relaxed);
        }
    }
}

/// Runs `body`, noting every msync call it makes.
///
/// The syscall crate has room for one hook, and `--trace` (`MMAP_TRACE`)
/// uses it to print every call: while `body` runs, ours takes its place,
/// and the checker prints the msync calls itself.
pub fn record<R>(body: impl FnOnce() -> R) -> (R, Recorded) {
    SEEN.store(0, Ordering::Relaxed);
    syscall::trace::set_hook(Some(note));
    let result = body();
    syscall::trace::set_hook(None);
    rt::trace::enable_from_env();
    let mut recorded = Recorded {
        seen: SEEN.load(Ordering::Relaxed),
        ..Recorded::default()
    };
    for (call, slot) in recorded.calls.iter_mut().zip(CALLS.iter()) {
        let [addr, len, flags, errno] = [0, 1, 2, 3].map(|j| slot[j].load(Ordering::Relaxed));
        *call = Call {
            addr,
            len,
            flags,
            errno: errno as u16,
        };
    }
    (result, recorded)
}

/// An answer's `Result<(), Errno>` as a number the child can report: 0
/// for Ok, else the error number.
pub fn code(result: Result<(), Errno>) -> u16 {
    result.err().map_or(0, Errno::raw)
}

/// The reported number back as the answer's result.
pub fn decode(code: u16) -> Result<(), Errno> {
    match code {
        0 => Ok(()),
        e => Err(Errno::from_raw(e)),
    }
}

/// Stores one byte into page `i` of `map` and returns the minor faults it
/// took. Not inlined, so the same code is measured every time (under
/// qemu-user, code is translated on first use, which can fault by itself).
#[inline(never)]
pub fn store_faults(map: &Mapping, i: usize, page_size: usize, value: u8) -> u64 {
    let before = unistd::minor_faults(unistd::Who::Process);
    map.write(i * page_size, value);
    unistd::minor_faults(unistd::Who::Process) - before
}

/// Stores into each of the first `pages` pages; returns the faults taken.
pub fn store_all(map: &Mapping, pages: usize, page_size: usize, value: u8) -> u64 {
    (0..pages)
        .map(|i| store_faults(map, i, page_size, value))
        .sum()
}

/// The recorded calls, for printing: `msync(map + 8192, 24, MS_SYNC) =
/// EINVAL; ...`, addresses shown relative to the mapping's start.
pub struct Calls<'a> {
    pub recorded: &'a Recorded,
    pub base: usize,
}

impl fmt::Display for Calls<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.recorded.seen == 0 {
            return f.write_str("no msync call");
        }
        for (n, call) in self.recorded.kept().iter().enumerate() {
            if n > 0 {
                f.write_str("; ")?;
            }
            if call.addr >= self.base {
                write!(f, "msync(map + {}, ", call.addr - self.base)?;
            } else {
                write!(f, "msync(map - {}, ", self.base - call.addr)?;
            }
            write!(f, "{}, {}) = ", call.len, Flags(call.flags))?;
            match decode(call.errno) {
                Ok(()) => f.write_str("0")?,
                Err(e) => write!(f, "{}", e.name())?,
            }
        }
        if self.recorded.seen > MAX_CALLS {
            write!(f, "; and {} more", self.recorded.seen - MAX_CALLS)?;
        }
        Ok(())
    }
}

/// msync flags by name: `MS_SYNC|MS_INVALIDATE`, `0`.
struct Flags(usize);

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (MsyncFlags::SYNC.bits(), "MS_SYNC"),
            (MsyncFlags::ASYNC.bits(), "MS_ASYNC"),
            (MsyncFlags::INVALIDATE.bits(), "MS_INVALIDATE"),
        ];
        let mut rest = self.0;
        let mut first = true;
        for (bit, name) in names {
            if rest & bit as usize != 0 {
                if !first {
                    f.write_str("|")?;
                }
                f.write_str(name)?;
                first = false;
                rest &= !(bit as usize);
            }
        }
        match (first, rest) {
            (true, 0) => f.write_str("0"),
            (true, _) => write!(f, "{rest:#x}"),
            (false, 0) => Ok(()),
            (false, _) => write!(f, "|{rest:#x}"),
        }
    }
}

/// A set of pages (bit i: page i) for printing: `2, 3`, `0-12`, or
/// `none`.
pub struct Pages(pub u64);

impl fmt::Display for Pages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("none");
        }
        let has = |i: u32| i < 64 && self.0 & (1 << i) != 0;
        let mut first = true;
        let mut i = 0;
        while i < 64 {
            if !has(i) {
                i += 1;
                continue;
            }
            let mut end = i;
            while has(end + 1) {
                end += 1;
            }
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            match end - i {
                0 => write!(f, "{i}")?,
                1 => write!(f, "{i}, {end}")?,
                _ => write!(f, "{i}-{end}")?,
            }
            i = end + 1;
        }
        Ok(())
    }
}

/// Fault counts for printing, one per page: `0 0 1 1 0`.
pub struct Counts<'a>(pub &'a [u64]);

impl fmt::Display for Counts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, count) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{count}")?;
        }
        Ok(())
    }
}
