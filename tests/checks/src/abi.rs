//! The page: AT_PAGESZ's size, and mmap's page-aligned answer.

use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::PROT_READ;

/// The page size is a power of two of at least 1 KiB, and mmap returns an
/// address aligned to it, even for a length of 40 bytes.
pub fn mmap_returns_a_page_aligned_address(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    claim!(
        cx,
        page.is_power_of_two() && page >= 1024,
        "AT_PAGESZ is a power of two, at least 1 KiB: {page}"
    );
    let map = cx.anonymous(40, PROT_READ)?;
    claim!(
        cx,
        mman::page::is_aligned(map.addr(), page),
        "mmap of 40 bytes returns a page-aligned address (through {}: {:#x})",
        cx.calls.name(),
        map.addr()
    );
    Ok(())
}
