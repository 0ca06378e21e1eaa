//! Checks exercise 2.2 (`exercises/2-sum-an-empty-file.rs`): the answer
//! must sum an empty file to `Ok(0)` and a file of two pages and 7 bytes to
//! the sum of the bytes pread(2) reads, getting them through a mapping
//! (the system-call trace hook sees an mmap and no read), and must leave no
//! mapping of the file behind.
//!
//! The answer runs in a child: a wrong mapping can kill whoever touches it.
//! There, `syscall::trace`'s hook (the one behind `--trace`) counts the
//! calls the answer makes. Every system call of this project's crates
//! passes that hook, so an answer that reads the file with read(2) or
//! pread(2) is seen doing so.

use core::ffi::CStr;
use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering};
use linux_raw_sys::general as k;
use rt::{Claims, claim, println};
use syscall::{Errno, nr, trace::Event};
use unistd::{Ended, Fd};

use crate::child::{self, get_u64, put_u64};
use crate::answers::sum_an_empty_file::checksum;

/// The calls that copy a file's bytes into memory the caller names.
const READ_FAMILY: [usize; 5] = [
    nr::READ,
    nr::PREAD64,
    k::__NR_readv as usize,
    k::__NR_preadv as usize,
    k::__NR_preadv2 as usize,
];

/// mmap calls that succeeded, and read-family calls, while the hook was on.
static MAPS: AtomicU32 = AtomicU32::new(0);
static READS: AtomicU32 = AtomicU32::new(0);

/// The hook: runs after every system call made through the `syscall` crate.
fn count(event: &Event) {
    if event.nr == nr::MMAP && event.ret.is_ok() {
        MAPS.fetch_add(1, Ordering::Relaxed);
    }
    if READ_FAMILY.contains(&event.nr) {
        READS.fetch_add(1, Ordering::Relaxed);
    }
}

/// Where the child puts what it saw, in the report page.
const VALUE: usize = 0; // the sum, or the error number
const IS_OK: usize = 8; // 1: Ok(VALUE), 2: Err(VALUE)
const CALLS: usize = 16; // MAPS in the low half, READS in the high half
const LEFT: usize = 24; // 1 if a maps line still names the file

/// What one call of the answer, in a child, did.
struct Run {
    outcome: Ended,
    result: Option<Result<u64, Errno>>,
    maps: u32,
    reads: u32,
    left_mapped: bool,
}

/// `Ok(0)`, `Err(EINVAL)`, or how the child ended if it returned nothing.
impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.result {
            Some(result) => write!(f, "{result:?}"),
            None => write!(f, "no answer: {}", self.outcome),
        }
    }
}

/// Calls the answer on `fd` in a child, counting its calls; `suffix` is how
/// /proc/self/maps ends the file's line (`/data.bin`).
fn run(fd: &Fd, suffix: &[u8]) -> Run {
    let (outcome, report) = child::in_child(|report| {
        MAPS.store(0, Ordering::Relaxed);
        READS.store(0, Ordering::Relaxed);
        // This replaces the `--trace` printer, if one is on; it comes back
        // below.
        syscall::trace::set_hook(Some(count));
        let result = checksum(fd);
        syscall::trace::set_hook(None);
        restore_trace();
        let (value, is_ok) = match result {
            Ok(sum) => (sum, 1),
            Err(e) => (u64::from(e.raw()), 2),
        };
        put_u64(report, VALUE, value);
        put_u64(report, IS_OK, is_ok);
        let calls = u64::from(MAPS.load(Ordering::Relaxed))
            | u64::from(READS.load(Ordering::Relaxed)) << 32;
        put_u64(report, CALLS, calls);
        let mut left = false;
        rt::for_each_line(|line| {
            left |= line.path().ends_with(suffix);
            !left
        });
        put_u64(report, LEFT, u64::from(left));
        0
    });
    let value = get_u64(&report, VALUE);
    let result = match get_u64(&report, IS_OK) {
        1 => Some(Ok(value)),
        2 => Some(Err(Errno::from_raw(value as u16))),
        _ => None,
    };
    let calls = get_u64(&report, CALLS);
    Run {
        outcome,
        result,
        maps: calls as u32,
        reads: (calls >> 32) as u32,
        left_mapped: get_u64(&report, LEFT) == 1,
    }
}

/// Turns `--trace` back on if it was on (the setting is read once, at
/// start-up, from the environment).
fn restore_trace() {
    rt::trace::enable_from_env();
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let (path, fd) = child::random_file(dir, "empty.bin", 0);
    println!("{path}: 0 bytes; checksum(fd)");
    let empty = run(&fd, b"/empty.bin");
    let zero = claim!(
        claims,
        empty.result == Some(Ok(0)),
        "checksum of the empty file returns Ok(0): {empty}"
    );
    if !zero && empty.result == Some(Err(Errno::EINVAL)) {
        println!(
            "   (EINVAL is mmap's answer to a length of 0: a mapping cannot be empty. What is \
             there to map, or to add up, in an empty file?)"
        );
    }

    let page = rt::page_size();
    let size = 2 * page + 7;
    let (path, fd) = child::random_file(dir, "data.bin", size);
    let mut want = 0u64;
    child::each_byte_read(&fd, |b| want = want.wrapping_add(u64::from(b)));
    println!(
        "{path}: {size} bytes, pseudo-random; pread(2) reads them and sums {want}; checksum(fd)"
    );
    let data = run(&fd, b"/data.bin");
    claim!(
        claims,
        data.result == Some(Ok(want)),
        "checksum of the {size}-byte file returns Ok({want}), the sum of the bytes pread(2) \
         reads: {data}"
    );
    if !data.outcome.exited_ok() {
        claim!(
            claims,
            false,
            "it read them through a mapping and unmapped it before returning: no report, {}",
            data.outcome
        );
        return;
    }
    let mapped = claim!(
        claims,
        data.maps >= 1 && data.reads == 0,
        "it read them through a mapping: the trace hook saw {} successful mmap call(s) and {} \
         read(2)-family call(s), where at least one and none are wanted",
        data.maps,
        data.reads
    );
    if !mapped && data.reads > 0 {
        println!("   (read(2) and pread(2) copy the bytes into a buffer; map them instead)");
    }
    let unmapped = claim!(
        claims,
        !data.left_mapped,
        "once it has returned, no line of /proc/self/maps names data.bin: what it mapped, it \
         unmapped"
    );
    if !unmapped {
        println!(
            "   (a Mapping unmaps itself when it is dropped; one that is forgotten, or a raw \
             mmap, stays mapped until munmap or exit)"
        );
    }
}
