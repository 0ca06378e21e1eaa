//! Checks exercise 6.1 (`exercises/1-flush-one-record.rs`): for three
//! records of an 8-page shared file mapping, `flush_record` must return
//! Ok, its msync(MS_SYNC) calls must cover exactly the record's pages, and
//! (on a filesystem with a device) each of those pages must have been
//! written back: the next store to it takes a minor fault.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

use crate::flush_one_record_answer::flush_record;
use crate::sys;
use crate::watch::{self, Calls, Counts, Pages, Recorded, Shared};

/// The mapping's length in pages.
const PAGES: usize = 8;

/// A child that does not end in this long is stuck (30 s: MS_SYNC waits
/// for the disk, which a busy machine can make slow).
const LIMIT_NS: u64 = 30_000_000_000;

/// One record to flush, placed in pages so that it works for any page size.
struct Record {
    /// What it is, for the claims.
    what: &'static str,
    /// Its offset: `pages * page - back`.
    pages: usize,
    back: usize,
    len: usize,
    /// The pages it lies on (bit i: page i).
    on: u64,
}

impl Record {
    fn offset(&self, page: usize) -> usize {
        self.pages * page - self.back
    }

    /// The record's length; `0` stands for one whole page.
    fn len(&self, page: usize) -> usize {
        if self.len == 0 { page } else { self.len }
    }
}

const RECORDS: [Record; 3] = [
    Record {
        what: "a record straddling a page boundary (its bytes lie in pages 2 and 3)",
        pages: 3,
        back: 12,
        len: 24,
        on: 0b1100,
    },
    Record {
        what: "a record ending exactly where page 5 ends (page 6 holds none of it)",
        pages: 6,
        back: 30,
        len: 30,
        on: 0b10_0000,
    },
    Record {
        what: "a record filling page 1 exactly, from its first byte",
        pages: 1,
        back: 0,
        len: 0,
        on: 0b10,
    },
];

/// What the child saw of one call to the answer.
#[derive(Clone, Copy, Default)]
struct Trial {
    /// 1 once the child has filled this in.
    done: u8,
    /// The answer's result (see `watch::code`).
    result: u16,
    calls: Recorded,
    /// Faults taken by stores into the already dirty pages just before the
    /// call: about 0, or the counts after it would mean nothing.
    baseline: u64,
    /// Faults taken by one store into each page right after the call.
    faults: [u64; PAGES],
}

#[derive(Clone, Copy, Default)]
struct Report {
    /// The checker's own msync(MS_SYNC) of the whole mapping, before any
    /// trial (see `watch::code`).
    warm_up: u16,
    trials: [Trial; 3],
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let path = or_exit(
        CPath::join(dir, "records.bin").ok_or("path too long"),
        "records.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create records.bin",
    );
    or_exit(
        unistd::ftruncate(&fd, (PAGES * page) as u64),
        "ftruncate records.bin",
    );
    let magic = or_exit(sys::filesystem_magic(&fd), "fstatfs");
    let map = or_exit(
        Mapping::new(
            PAGES * page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap records.bin",
    );
    println!(
        "{path}: {PAGES} pages of {page} bytes on {}, mapped MAP_SHARED; a child dirties every \
         page, calls flush_record, then stores into each page again, counting minor faults",
        sys::filesystem_name(magic)
    );

    let report = Shared::new(Report::default());
    // SAFETY: the child makes raw system calls and volatile accesses only.
    let ended = or_exit(
        unsafe { unistd::run_in_child_for(|| child(&map, page, &report), LIMIT_NS) },
        "fork",
    );
    let seen = report.get();
    if seen.warm_up != 0 {
        claim!(
            claims,
            false,
            "the checker's own msync(MS_SYNC) of the whole mapping succeeds: {:?}",
            watch::decode(seen.warm_up)
        );
        return;
    }
    for (record, trial) in RECORDS.iter().zip(seen.trials.iter()) {
        judge(record, trial, &map, page, magic, claims);
    }
    match ended {
        Ended::By(WaitStatus::Exited(0)) => {}
        Ended::By(status) => {
            claim!(
                claims,
                false,
                "the child that ran flush_record ended normally: {status}"
            );
        }
        Ended::Overdue => {
            claim!(
                claims,
                false,
                "the child that ran flush_record ended within 30 s (it did not: killed)"
            );
        }
    }
}

/// In the child: warm up, then one trial per record.
fn child(map: &Mapping, page: usize, report: &Shared<Report>) -> i32 {
    // Give every page its disk blocks and write it back once: from here on,
    // a page that is written back again is write-protected again.
    watch::store_all(map, PAGES, page, 1);
    let warm_up = watch::code(map.msync(MsyncFlags::SYNC));
    let mut seen = Report {
        warm_up,
        ..Report::default()
    };
    report.set(seen);
    if warm_up != 0 {
        return 0;
    }
    for (n, record) in RECORDS.iter().enumerate() {
        let value = 2 + n as u8;
        // Dirty every page (a page written back since its last store faults
        // once), then store again, which should cost nothing.
        watch::store_all(map, PAGES, page, value);
        let baseline = watch::store_all(map, PAGES, page, value);
        let (result, calls) =
            watch::record(|| flush_record(map, record.offset(page), record.len(page)));
        let mut faults = [0; PAGES];
        for (i, count) in faults.iter_mut().enumerate() {
            *count = watch::store_faults(map, i, page, value);
        }
        seen.trials[n] = Trial {
            done: 1,
            result: watch::code(result),
            calls,
            baseline,
            faults,
        };
        report.set(seen);
    }
    0
}

/// The claims about one record.
fn judge(
    record: &Record,
    trial: &Trial,
    map: &Mapping,
    page: usize,
    magic: u64,
    claims: &mut Claims,
) {
    let (offset, len) = (record.offset(page), record.len(page));
    if trial.done == 0 {
        claim!(
            claims,
            false,
            "flush_record(map, {offset}, {len}) on {}: the child never got to it",
            record.what
        );
        return;
    }
    println!(
        "flush_record(map, {offset}, {len}) made: {}",
        Calls {
            recorded: &trial.calls,
            base: map.addr()
        }
    );
    let result = watch::decode(trial.result);
    let returned = claim!(
        claims,
        result.is_ok(),
        "flush_record(map, {offset}, {len}) returns Ok(()) for {}: {result:?}",
        record.what
    );
    if !returned
        && trial
            .calls
            .kept()
            .iter()
            .any(|c| c.errno == syscall::Errno::EINVAL.raw())
    {
        println!(
            "   (msync answered EINVAL: its address must be a multiple of the page size, {page}; \
             which page does the record's first byte lie in?)"
        );
    }

    let (covered, outside) = trial.calls.synced_pages(map, PAGES, page);
    let exact = claim!(
        claims,
        covered == record.on && !outside,
        "its successful msync(MS_SYNC) calls covered the record's pages ({}) and no other: they \
         covered {}{}",
        Pages(record.on),
        Pages(covered),
        if outside {
            ", and memory outside the mapping"
        } else {
            ""
        }
    );
    if !exact {
        let missing = record.on & !covered;
        let extra = covered & !record.on;
        let synced = trial.calls.kept().iter().any(|c| c.ok() && c.syncs());
        if missing != 0 && synced {
            println!(
                "   (not covered: page(s) {}. msync rounds the length up to whole pages, counted \
                 from the address you pass: did the length grow by what rounding the address down \
                 took off?)",
                Pages(missing)
            );
        }
        if extra != 0 || outside {
            println!(
                "   (covered without need: page(s) {}; every extra page is one more the caller \
                 waits for)",
                Pages(extra)
            );
        }
        if trial.calls.asked_async() {
            println!("   (MS_ASYNC writes nothing on Linux: part 5 of the lesson)");
        }
    }

    println!(
        "   faults on the next store into pages 0..{PAGES}: {} (before the call, stores into the \
         dirty pages took {} in all)",
        Counts(&trial.faults),
        trial.baseline
    );
    let fewest = (0..PAGES)
        .filter(|i| record.on & (1 << i) != 0)
        .map(|i| trial.faults[i])
        .min()
        .unwrap_or(0);
    if sys::has_backing_store(magic) {
        // Only the record's pages are asserted: a filesystem may write back
        // more than the range it is handed (see the lesson's README).
        claim!(
            claims,
            fewest >= 1,
            "then a store into each of the record's pages took a minor fault (fewest: {fewest}): \
             the kernel wrote them back, cleaning and write-protecting them"
        );
    } else {
        claims.not_tried(format_args!(
            "whether the record's pages were written back: the file is on {}, so after \
             msync(MS_SYNC) a store takes no fault ({fewest} here), just as with no msync at \
             all; on a filesystem with a device each written-back page takes one",
            sys::filesystem_name(magic)
        ));
    }
}
