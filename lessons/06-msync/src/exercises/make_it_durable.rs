//! Checks exercise 6.2 (`exercises/2-make-it-durable.rs`): after stores
//! into every page of a shared file mapping (13 pages, the last one only
//! partly used), `save` must return Ok, its msync(MS_SYNC) calls must cover
//! every page, and (on a filesystem with a device) every page must have
//! been written back: the next store to each takes a minor fault.

use core::ffi::CStr;
use mman::Mapping;
use rt::{Claims, claim, println};

use crate::answers::make_it_durable::save;
use crate::watch::{self, Calls, Counts, Mapped, Pages};

/// The file and mapping are 12 whole pages and this many bytes more.
const TAIL: usize = 100;

/// Pages the mapping occupies: 12, and the partly used last one.
const PAGES: usize = 13;

/// What the child saw of the call to save.
type Trial = watch::Trial<PAGES>;

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let len = (PAGES - 1) * page + TAIL;
    let Mapped { path, map, magic } = watch::map_new_file(dir, "durable.bin", len);
    println!(
        "{path}: {len} bytes ({PAGES} pages, the last one partly used) on {}, mapped \
         MAP_SHARED; a child stores into every page, calls save, then stores into each page \
         again, counting minor faults",
        unistd::filesystem_name(magic)
    );

    // In the child, once the pages are warmed up, what the caller of save
    // did: store into every page (each store faults once: the pages were
    // clean), then call save.
    let Some((seen, ended)) = watch::run(claims, &map, PAGES, page, |report| {
        report(watch::trial(&map, page, 2, || save(&map)));
    }) else {
        return;
    };
    if seen.done == 0 {
        claim!(
            claims,
            false,
            "save(map) returns in the child: it never did ({ended})"
        );
        return;
    }
    judge(&seen, &map, page, magic, claims);
    watch::claim_exited(claims, ended, "save");
}

fn judge(seen: &Trial, map: &Mapping, page: usize, magic: u64, claims: &mut Claims) {
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
    if unistd::has_backing_store(magic) {
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
            unistd::filesystem_name(magic)
        ));
    }
}
