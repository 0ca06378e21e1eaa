//! Lesson 03: a page's protection is enforced by the CPU, and a forbidden
//! access ends the process with SIGSEGV.

use crate::signal::killed_by;
use crate::{Cx, Outcome};
use linux_raw_sys::general::{PROT_NONE, PROT_READ, PROT_WRITE, SIGSEGV};
use mman::Errno;

/// A store to a PROT_READ page.
pub fn a_write_to_a_prot_read_page_raises_sigsegv(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    let ended = cx.in_child(|| {
        map.write(0, 1);
        0
    })?;
    killed_by(cx, ended, SIGSEGV, "a write to a PROT_READ page");
    Ok(())
}

/// A load from a PROT_NONE page.
pub fn a_read_of_a_prot_none_page_raises_sigsegv(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_NONE)?;
    let ended = cx.in_child(|| i32::from(map.read(0)))?;
    killed_by(cx, ended, SIGSEGV, "a read of a PROT_NONE page");
    Ok(())
}

/// mprotect(2): EINVAL "addr is not a valid pointer, or not a multiple of
/// the system page size".
pub fn mprotect_at_an_unaligned_address_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: expected to fail; at most it would add a right to our own
    // unused page.
    let got = unsafe { cx.calls.mprotect(map.addr() + 1, 8, PROT_READ | PROT_WRITE) };
    cx.fails_with(got, Errno::EINVAL, "mprotect at an unaligned address");
    Ok(())
}
