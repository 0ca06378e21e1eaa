//! Lesson 07: after munmap, the range is gone: touching it is SIGSEGV.

use crate::signal::killed_by;
use crate::{Cx, Outcome};
use linux_raw_sys::general::{PROT_READ, PROT_WRITE, SIGSEGV};

/// A read of a page just unmapped, in a child: the child unmaps its own
/// copy of the page (in a test process, another thread could map something
/// there if the parent unmapped it), and then reads it.
pub fn touching_unmapped_memory_raises_sigsegv(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let map = cx.anonymous(page, PROT_READ | PROT_WRITE)?;
    let (addr, calls) = (map.addr(), cx.calls);
    let ended = cx.in_child(|| {
        // SAFETY: the child's copy of the page; the read after it is the
        // point of the check, and its SIGSEGV ends only the child.
        unsafe {
            if calls.munmap(addr, page).is_err() {
                return 100;
            }
            i32::from((addr as *const u8).read_volatile())
        }
    })?;
    killed_by(cx, ended, SIGSEGV, "touching memory after munmap");
    Ok(())
}
