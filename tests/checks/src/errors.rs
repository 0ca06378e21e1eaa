//! The man pages' first ERRORS, which need no privilege: each call must
//! fail with the errno mmap(2), msync(2), munmap(2) or mprotect(2) names,
//! beside two contrasts the pages state, where the call succeeds.
//! `tests/ERRORS.md` lists every entry and its check.

use crate::cx::OrSetup;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{
    MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_SHARED, MS_ASYNC, MS_SYNC,
    O_DIRECTORY, O_RDONLY, O_RDWR, O_WRONLY, PROT_NONE, PROT_READ, PROT_WRITE,
};
use mman::Errno;

const RW: u32 = PROT_READ | PROT_WRITE;
const PRIVATE_ANON: u32 = MAP_PRIVATE | MAP_ANONYMOUS;

/// EINVAL "length was 0".
pub fn mmap_length_zero_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDWR)?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 0, RW, MAP_SHARED, fd.raw(), 0) };
    cx.fails_with(got, Errno::EINVAL, "mmap of length 0");
    Ok(())
}

/// EINVAL "We don't like addr, length, or offset (e.g., they are too large,
/// or not aligned on a page boundary)": the offset. On the 32-bit targets
/// here our wrapper calls mmap2, whose offset counts 4096-byte units, so an
/// offset of one byte cannot be passed at all: the wrapper refuses it,
/// before any call, with the EINVAL a 64-bit kernel gives.
pub fn mmap_offset_not_a_multiple_of_the_page_size_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDWR)?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 40, RW, MAP_SHARED, fd.raw(), 1) };
    if cfg!(target_pointer_width = "64") {
        cx.fails_with(got, Errno::EINVAL, "mmap at an unaligned file offset");
    } else {
        let calls = cx.calls.name();
        claim!(
            cx,
            got == Err(Errno::EINVAL),
            "mmap at an unaligned file offset: a 64-bit kernel says EINVAL; mmap2 \
             cannot express the offset, so the wrapper refuses it before any call \
             (through {calls}: {got:?})"
        );
    }
    Ok(())
}

/// EINVAL "flags contained none of MAP_PRIVATE, MAP_SHARED, or
/// MAP_SHARED_VALIDATE".
pub fn mmap_with_neither_shared_nor_private_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDWR)?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 40, RW, 0, fd.raw(), 0) };
    cx.fails_with(got, Errno::EINVAL, "mmap neither SHARED nor PRIVATE");
    Ok(())
}

/// EINVAL "We don't like addr": an unaligned address with MAP_FIXED.
pub fn mmap_fixed_at_an_unaligned_address_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let region = cx.anonymous(2 * page, PROT_NONE)?;
    let flags = PRIVATE_ANON | MAP_FIXED;
    // SAFETY: inside our own reservation, and expected to fail.
    let got = unsafe { cx.calls.mmap(region.addr() + 1, page, RW, flags, -1, 0) };
    cx.fails_with(got, Errno::EINVAL, "mmap MAP_FIXED at an unaligned address");
    Ok(())
}

/// EEXIST "MAP_FIXED_NOREPLACE was specified in flags, and the range ...
/// clashes with an existing mapping".
pub fn mmap_fixed_noreplace_over_an_existing_mapping_is_eexist(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let region = cx.anonymous(page, PROT_READ)?;
    let flags = PRIVATE_ANON | MAP_FIXED_NOREPLACE;
    // SAFETY: NOREPLACE never replaces; expected to fail.
    let got = unsafe { cx.calls.mmap(region.addr(), page, RW, flags, -1, 0) };
    cx.fails_with(
        got,
        Errno::EEXIST,
        "mmap MAP_FIXED_NOREPLACE over a mapping",
    );
    Ok(())
}

/// EBADF "fd is not a valid file descriptor (and MAP_ANONYMOUS was not
/// set)". Closed and used in a child:
/// descriptor numbers belong to the whole process, and in a test process
/// another thread may be given this number again before mmap sees it.
pub fn mmap_of_a_closed_fd_is_ebadf(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDWR)?;
    let raw = fd.raw();
    let calls = cx.calls;
    let (closed, got) = cx.value_in_child("close, then mmap", || {
        let closed = unistd::close(raw);
        // SAFETY: not fixed; expected to fail.
        let got = unsafe { calls.mmap(0, 40, RW, MAP_SHARED, raw, 0) };
        (closed, got)
    })?;
    closed.or_setup("close the descriptor")?;
    cx.fails_with(got, Errno::EBADF, "mmap of a closed descriptor");
    Ok(())
}

/// EACCES "MAP_SHARED was requested and PROT_WRITE is set, but fd is not
/// open in read/write (O_RDWR) mode".
pub fn shared_writable_mapping_of_a_read_only_fd_is_eacces(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDONLY)?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 40, RW, MAP_SHARED, fd.raw(), 0) };
    cx.fails_with(
        got,
        Errno::EACCES,
        "MAP_SHARED with PROT_WRITE on a read-only descriptor",
    );
    Ok(())
}

/// The contrast to the check above: a private mapping never writes to the
/// file (copy-on-write), so write permission on the descriptor is not
/// needed, and the private copy takes stores.
pub fn private_writable_mapping_of_a_read_only_fd_is_allowed(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_RDONLY)?;
    let calls = cx.calls.name();
    let map = match cx.map(40, RW, MAP_PRIVATE, fd.raw(), 0) {
        Ok(map) => map,
        Err(setup) => {
            claim!(
                cx,
                false,
                "MAP_PRIVATE with PROT_WRITE on a read-only descriptor maps (through \
                 {calls}: {setup})"
            );
            return Ok(());
        }
    };
    map.write(0, 1);
    claim!(
        cx,
        map.read(0) == 1,
        "MAP_PRIVATE with PROT_WRITE on a read-only descriptor maps, and takes a store \
         (through {calls})"
    );
    Ok(())
}

/// EACCES "a file mapping was requested, but fd is not open for reading":
/// mmap always needs to read the file, even for PROT_WRITE alone.
pub fn any_mapping_of_a_write_only_fd_is_eacces(cx: &mut Cx<'_>) -> Outcome {
    let fd = cx.one_page_file("f", O_WRONLY)?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 40, PROT_WRITE, MAP_SHARED, fd.raw(), 0) };
    cx.fails_with(got, Errno::EACCES, "mmap of a write-only descriptor");
    Ok(())
}

/// ENODEV "The underlying filesystem of the specified file does not
/// support memory mapping": a directory has no mmap method.
pub fn mmap_of_a_directory_is_enodev(cx: &mut Cx<'_>) -> Outcome {
    let dir = unistd::open(cx.env.dir, O_RDONLY | O_DIRECTORY, 0).or_setup("open the directory")?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe { cx.calls.mmap(0, 40, PROT_READ, MAP_PRIVATE, dir.raw(), 0) };
    cx.fails_with(got, Errno::ENODEV, "mmap of a directory");
    Ok(())
}

/// EINVAL "both MS_SYNC and MS_ASYNC are set in flags".
pub fn msync_with_both_sync_and_async_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: msync changes no memory.
    let got = unsafe { cx.calls.msync(map.addr(), map.len(), MS_SYNC | MS_ASYNC) };
    cx.fails_with(got, Errno::EINVAL, "msync with MS_SYNC|MS_ASYNC");
    Ok(())
}

/// EINVAL "any bit other than MS_ASYNC | MS_INVALIDATE | MS_SYNC is set in
/// flags".
pub fn msync_with_an_unknown_flag_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: msync changes no memory.
    let got = unsafe { cx.calls.msync(map.addr(), map.len(), 1 << 8) };
    cx.fails_with(got, Errno::EINVAL, "msync with an unknown flag");
    Ok(())
}

/// EINVAL "addr is not a multiple of PAGESIZE".
pub fn msync_at_an_unaligned_address_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: msync changes no memory.
    let got = unsafe { cx.calls.msync(map.addr() + 1, 8, MS_SYNC) };
    cx.fails_with(got, Errno::EINVAL, "msync at an unaligned address");
    Ok(())
}

/// One call about a page that was just unmapped, made in a child: in a
/// test process another thread may map something there first, and the call
/// would then be about that thread's memory (munmap or mprotect would even
/// change it). `call`'s answer; the munmap before it must succeed.
fn after_unmapping(
    cx: &Cx<'_>,
    call: impl FnOnce(usize) -> Result<(), Errno>,
) -> Result<Result<(), Errno>, crate::Setup> {
    let page = cx.env.page;
    let map = cx.anonymous(page, PROT_READ)?;
    let addr = map.addr();
    let calls = cx.calls;
    let (unmapped, got) = cx.value_in_child("munmap, then the call", || {
        // SAFETY: the child's copy of the page is its own; nothing uses it.
        let unmapped = unsafe { calls.munmap(addr, page) };
        (unmapped, call(addr))
    })?;
    unmapped.or_setup("munmap the page")?;
    Ok(got)
}

/// ENOMEM "The indicated memory (or part of it) was not mapped", except
/// for a 32-bit guest under QEMU user mode, whose whole address space QEMU
/// reserved in the host (see [`crate::Env::qemu_32bit_guest`]): the host
/// kernel finds that reservation there, and the call succeeds.
pub fn msync_over_an_unmapped_range_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let calls = cx.calls;
    // SAFETY: msync changes no memory; nothing is mapped there.
    let got = after_unmapping(cx, |addr| unsafe { calls.msync(addr, page, MS_SYNC) })?;
    cx.fails_with_unless_qemu_32bit(got, Errno::ENOMEM, "msync over an unmapped range");
    Ok(())
}

/// ENOMEM "Addresses in the range [addr, addr+len-1] are invalid for the
/// address space of the process, or specify one or more pages that are not
/// mapped"; as for
/// msync, a 32-bit guest under QEMU succeeds.
pub fn mprotect_of_an_unmapped_range_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let calls = cx.calls;
    // SAFETY: nothing is mapped there, in the child, which has one thread.
    let got = after_unmapping(cx, |addr| unsafe { calls.mprotect(addr, page, PROT_READ) })?;
    cx.fails_with_unless_qemu_32bit(got, Errno::ENOMEM, "mprotect over an unmapped range");
    Ok(())
}

/// EINVAL "We don't like addr" (munmap shares mmap(2)'s page): an
/// unaligned address.
pub fn munmap_at_an_unaligned_address_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: expected to fail, so nothing is unmapped.
    let got = unsafe { cx.calls.munmap(map.addr() + 1, 8) };
    unmapped_by_mistake(map, &got);
    cx.fails_with(got, Errno::EINVAL, "munmap at an unaligned address");
    Ok(())
}

/// EINVAL "length was 0" (since Linux 2.6.12).
pub fn munmap_of_length_zero_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: expected to fail, so nothing is unmapped.
    let got = unsafe { cx.calls.munmap(map.addr(), 0) };
    unmapped_by_mistake(map, &got);
    cx.fails_with(got, Errno::EINVAL, "munmap of length 0");
    Ok(())
}

/// After a munmap that should have failed: if it succeeded, the region's
/// pages may be gone, and another thread of a test process may map there
/// before the region's drop would unmap the range again; so the region is
/// forgotten, not dropped.
fn unmapped_by_mistake(map: crate::Region<'_>, got: &Result<(), Errno>) {
    if got.is_ok() {
        core::mem::forget(map);
    }
}

/// munmap(2): "It is not an error if the indicated range does not contain
/// any mapped pages."
pub fn munmap_of_a_range_with_nothing_mapped_succeeds(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let calls = cx.calls;
    // SAFETY: nothing is mapped there any more, in the child, which has one
    // thread; unmapping it again changes nothing.
    let got = after_unmapping(cx, |addr| unsafe { calls.munmap(addr, page) })?;
    claim!(
        cx,
        got.is_ok(),
        "munmap of a range with nothing mapped succeeds (through {}: {got:?})",
        calls.name()
    );
    Ok(())
}
