//! Checks exercise 6.2 (`exercises/2-make-it-durable.rs`): after stores
//! into every page of a shared file mapping (13 pages, the last one only
//! partly used), `save` must return Ok, its msync(MS_SYNC) calls must cover
//! every page, and (on a filesystem with a device) every page must have
//! been written back: the next store to each takes a minor fault.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

use crate::make_it_durable_answer::save;
use crate::sys;
use crate::watch::{self, Calls, Counts, Pages, Recorded, Shared};

/// The file and mapping are 12 whole pages and this many bytes more.
const TAIL: usize = 100;

/// Pages the mapping occupies: 12, and the partly used last one.
const PAGES: usize = 13;

/// A child that does not end in this long is stuck (30 s).
const LIMIT_NS: u64 = 30_000_000_000;

#[derive(Clone, Copy, Default)]
struct Report {
    /// The checker's own msync(MS_SYNC) before the trial (`watch::code`).
    warm_up: u16,
    /// 1 once save has returned.
    done: u8,
    result: u16,
    calls: Recorded,
    /// Faults taken by stores into the already dirty pages just before
    /// save: about 0.
    baseline: u64,
    /// Faults taken by one store into each page right after save.
    faults: [u64; PAGES],
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let len = (PAGES - 1) * page + TAIL;
    let path = or_exit(
        CPath::join(dir, "durable.bin").ok_or("path too long"),
        "durable.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create durable.bin",
    );
    or_exit(unistd::ftruncate(&fd, len as u64), "ftruncate durable.bin");
    let magic = or_exit(sys::filesystem_magic(&fd), "fstatfs");
    let map = or_exit(
        Mapping::new(len, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap durable.bin",
    );
    println!(
        "{path}: {len} bytes ({PAGES} pages, the last one partly used) on {}, mapped \
         MAP_SHARED; a child stores into every page, calls save, then stores into each page \
         again, counting minor faults",
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
    if seen.done == 0 {
        let how = match ended {
            Ended::By(status) => status,
            Ended::Overdue => {
                claim!(
                    claims,
                    false,
                    "the child that ran save ended within 30 s (it did not: killed)"
                );
                return;
            }
        };
        claim!(
            claims,
            false,
            "save(map) returns in the child: it {how} first"
        );
        return;
    }
    judge(&seen, &map, page, magic, claims);
    if let Ended::By(status) = ended
        && status != WaitStatus::Exited(0)
    {
        claim!(
            claims,
            false,
            "the child that ran save ended normally: {status}"
        );
    }
}

/// In the child: write everything back once, dirty it all, call save.
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
    // What the caller of save did: store into every page (each store
    // faults once: the pages were clean). Storing again costs nothing.
    watch::store_all(map, PAGES, page, 2);
    seen.baseline = watch::store_all(map, PAGES, page, 2);
    let (result, calls) = watch::record(|| save(map));
    for i in 0..PAGES {
        seen.faults[i] = watch::store_faults(map, i, page, 3);
    }
    seen.done = 1;
    seen.result = watch::code(result);
    seen.calls = calls;
    report.set(seen);
    0
}

fn judge(seen: &Report, map: &Mapping, page: usize, magic: u64, claims: &mut Claims) {
    println!(
        "save(map) made: {}",
        Calls {
            recorded: &seen.calls,
            base: map.addr()
        }
    );
    let result = watch::decode(seen.result);
    claim!(
        claims,
        result.is_ok(),
        "save(map) returns Ok(()): {result:?}"
    );

    let all = (1u64 << PAGES) - 1;
    let (covered, _) = seen.calls.synced_pages(map, PAGES, page);
    let every = claim!(
        claims,
        covered == all,
        "its successful msync(MS_SYNC) calls covered every page of the mapping, all {PAGES}: \
         they covered {}",
        Pages(covered)
    );
    if !every {
        if seen.calls.seen == 0 {
            println!(
                "   (no msync at all: the stores are in the page cache, where every reader sees \
                 them, but the pages are only marked dirty; nothing has gone to the disk yet)"
            );
        } else if seen.calls.asked_async() {
            println!(
                "   (MS_ASYNC returns at once and, on Linux since 2.6.19, writes nothing: part 5 \
                 of the lesson counts the faults that prove it)"
            );
        }
        if covered != 0 {
            println!(
                "   (not covered: page(s) {}; the mapping is {} bytes long, and msync rounds a \
                 length up to whole pages, never down)",
                Pages(all & !covered),
                map.len()
            );
        }
    }

    println!(
        "   faults on the next store into pages 0..{PAGES}: {} (before save, stores into the \
         dirty pages took {} in all)",
        Counts(&seen.faults),
        seen.baseline
    );
    let fewest = seen.faults.iter().copied().min().unwrap_or(0);
    if sys::has_backing_store(magic) {
        claim!(
            claims,
            fewest >= 1,
            "then a store into each of the {PAGES} pages took a minor fault (fewest: {fewest}): \
             the kernel wrote every page back, cleaning and write-protecting it"
        );
    } else {
        claims.not_tried(format_args!(
            "whether the pages were written back: the file is on {}, so after \
             msync(MS_SYNC) a store takes no fault ({fewest} here), just as with no msync at \
             all; on a filesystem with a device each written-back page takes one",
            sys::filesystem_name(magic)
        ));
    }
}
