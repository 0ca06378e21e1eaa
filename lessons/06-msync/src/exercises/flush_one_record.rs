//! Checks exercise 6.1 (`exercises/1-flush-one-record.rs`): for three
//! records of an 8-page shared file mapping, `flush_record` must return
//! Ok, its msync(MS_SYNC) calls must cover exactly the record's pages, and
//! (on a filesystem with a device) each of those pages must have been
//! written back: the next store to it takes a minor fault.

use core::ffi::CStr;
use mman::Mapping;
use rt::{Claims, claim, println};

use crate::answers::flush_one_record::flush_record;
use crate::watch::{self, Calls, Counts, Mapped, Pages};

/// The mapping's length in pages.
const PAGES: usize = 8;

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
type Trial = watch::Trial<PAGES>;

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let Mapped { path, map, magic } = watch::map_new_file(dir, "records.bin", PAGES * page);
    println!(
        "{path}: {PAGES} pages of {page} bytes on {}, mapped MAP_SHARED; a child dirties every \
         page, calls flush_record, then stores into each page again, counting minor faults",
        unistd::filesystem_name(magic)
    );

    let Some((trials, ended)) = watch::run(claims, &map, PAGES, page, |report| {
        run_trials(&map, page, report);
    }) else {
        return;
    };
    for (record, trial) in RECORDS.iter().zip(trials.iter()) {
        judge(record, trial, &map, page, magic, claims);
    }
    watch::claim_exited(claims, ended, "flush_record");
}

/// In the child, once the pages are warmed up: one trial per record, each
/// reported as soon as it is done (a child that dies in a later one leaves
/// the earlier ones to judge).
fn run_trials(map: &Mapping, page: usize, report: &dyn Fn([Trial; 3])) {
    let mut trials = [Trial::default(); 3];
    for (n, record) in RECORDS.iter().enumerate() {
        trials[n] = watch::trial(map, page, 2 + n as u8, || {
            flush_record(map, record.offset(page), record.len(page))
        });
        report(trials);
    }
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
    if unistd::has_backing_store(magic) {
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
            unistd::filesystem_name(magic)
        ));
    }
}
