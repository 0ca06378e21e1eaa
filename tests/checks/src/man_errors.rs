//! The man pages' ERRORS beyond the first ones that need no resource limit
//! and no dropped capability: a pipe, ranges past the end of the address
//! space, and mprotect's own errors. The rest (limits, seals, the mapping
//! count) need std and rustix, and are only in `tests/tests/man_errors.rs`.

use crate::cx::OrSetup;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{
    MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, MS_SYNC, O_RDONLY, PROT_GROWSDOWN,
    PROT_GROWSUP, PROT_NONE, PROT_READ, PROT_WRITE,
};
use mman::Errno;
use unistd::WaitStatus;

/// EACCES "A file descriptor refers to a non-regular file": Linux has no
/// such check. A file whose driver cannot map (a pipe here, a directory in
/// `errors`) gives ENODEV.
pub fn mmap_of_a_pipe_is_enodev_not_eacces(cx: &mut Cx<'_>) -> Outcome {
    let (read_end, _write_end) = unistd::pipe(0).or_setup("pipe")?;
    // SAFETY: not fixed; expected to fail.
    let got = unsafe {
        cx.calls
            .mmap(0, 40, PROT_READ, MAP_PRIVATE, read_end.raw(), 0)
    };
    cx.fails_with(
        got,
        Errno::ENODEV,
        "mmap of a pipe, which has no mmap method",
    );
    Ok(())
}

/// ENOMEM "We don't like addr, because it exceeds the virtual address
/// space of the CPU": a fixed mapping at the top page.
///
/// Kernels for mips64 and loongarch64 answer EINVAL ("We don't like addr,
/// length, or offset (e.g., they are too large ...)") instead: their own
/// `arch_get_unmapped_area_common` (arch/mips/mm/mmap.c,
/// arch/loongarch/mm/mmap.c) checks a fixed range against TASK_SIZE first
/// ("Even MAP_FIXED mappings must reside within TASK_SIZE"), before the
/// generic check that answers ENOMEM (`__get_unmapped_area`, mm/mmap.c).
/// QEMU user mode answers ENOMEM for those guests too; a 32-bit guest under
/// QEMU gets the page mapped, since it is inside the 4 GiB QEMU reserved
/// for the guest (a 32-bit kernel keeps it for itself). In a child, so that
/// a mapping made there is no other thread's concern.
pub fn map_fixed_beyond_the_address_space_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let (top, page, calls) = (cx.env.last_page(), cx.env.page, cx.calls);
    let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    // SAFETY: in the child, which has one thread; nothing of its own can be
    // at the top page (outside the address space, or under QEMU the
    // guest's unused top page).
    let got = cx.value_in_child("mmap at the top page", || unsafe {
        calls.mmap(top, page, PROT_READ | PROT_WRITE, flags, -1, 0)
    })?;
    // MAP_FIXED maps exactly at `top` or fails: success needs no address.
    let got = got.map(drop);
    let kernel_checks_first = cfg!(any(target_arch = "mips64", target_arch = "loongarch64"));
    let (expected, what) = match (kernel_checks_first, cx.env.emulated) {
        (true, false) => (
            Errno::EINVAL,
            "MAP_FIXED at the top page, on a mips64 or loongarch64 kernel (others: ENOMEM)",
        ),
        (true, true) => (
            Errno::ENOMEM,
            "MAP_FIXED at the top page, under QEMU user mode (a mips64 or loongarch64 \
             kernel: EINVAL)",
        ),
        (false, _) => (
            Errno::ENOMEM,
            "MAP_FIXED at the top page (a mips64 or loongarch64 kernel: EINVAL)",
        ),
    };
    cx.fails_with_unless_qemu_32bit(got, expected, what);
    Ok(())
}

/// ENOMEM "No memory is available", as far as it can be provoked safely: a
/// length no address space has room for.
pub fn a_length_larger_than_the_address_space_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let len = cx.env.last_page();
    // SAFETY: not fixed; expected to fail.
    let got = unsafe {
        cx.calls
            .mmap(0, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    };
    cx.fails_with(
        got,
        Errno::ENOMEM,
        "mmap of a length no address space holds",
    );
    Ok(())
}

/// EINVAL "We don't like addr, length, or offset (e.g., they are too
/// large...)": munmap refuses a range above TASK_SIZE, where mprotect and
/// msync say ENOMEM. A 32-bit guest under QEMU: the top page is inside
/// QEMU's reservation, so QEMU finds it valid and unmaps it; in a child,
/// so that this is no other thread's concern.
pub fn munmap_beyond_the_address_space_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let (top, page, calls) = (cx.env.last_page(), cx.env.page, cx.calls);
    // SAFETY: in the child, which has nothing of its own at the top page.
    let got = cx.value_in_child("munmap at the top page", || unsafe {
        calls.munmap(top, page)
    })?;
    cx.fails_with_unless_qemu_32bit(got, Errno::EINVAL, "munmap above the address space");
    Ok(())
}

/// ENOMEM "The indicated memory (or part of it) was not mapped": a range
/// that wraps around the end of the address space. A 64-bit kernel's
/// compat layer does not wrap it, but msync, unlike mprotect, changes
/// nothing on its way and stops at the first hole above: ENOMEM there too.
pub fn msync_of_a_range_that_wraps_around_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: msync changes no memory.
    let got = unsafe { cx.calls.msync(map.addr(), cx.env.last_page(), MS_SYNC) };
    cx.fails_with(got, Errno::ENOMEM, "msync of a range that wraps around");
    Ok(())
}

/// EACCES "The memory cannot be given the specified access": PROT_WRITE on
/// a shared mapping of a file opened read-only. The same on a private
/// mapping is allowed: its stores never reach the file.
pub fn mprotect_write_on_a_shared_mapping_of_a_read_only_fd_is_eacces(cx: &mut Cx<'_>) -> Outcome {
    let page = cx.env.page;
    let fd = cx.one_page_file("f", O_RDONLY)?;
    let shared = cx.map(page, PROT_READ, MAP_SHARED, fd.raw(), 0)?;
    // SAFETY: expected to fail; nothing uses the page.
    let got = unsafe {
        cx.calls
            .mprotect(shared.addr(), page, PROT_READ | PROT_WRITE)
    };
    cx.fails_with(
        got,
        Errno::EACCES,
        "mprotect PROT_WRITE on a shared mapping of a read-only descriptor",
    );
    let private = cx.map(page, PROT_READ, MAP_PRIVATE, fd.raw(), 0)?;
    // SAFETY: adds a right; nothing uses the page.
    let got = unsafe {
        cx.calls
            .mprotect(private.addr(), page, PROT_READ | PROT_WRITE)
    };
    claim!(
        cx,
        got.is_ok(),
        "the same on a private mapping is allowed ({got:?})"
    );
    Ok(())
}

/// mprotect on our own page with `prot`, expected to fail with EINVAL.
fn mprotect_refuses(cx: &mut Cx<'_>, prot: u32, what: &str) -> Outcome {
    let map = cx.anonymous(cx.env.page, PROT_READ)?;
    // SAFETY: expected to fail; at most it would change our own unused page.
    let got = unsafe { cx.calls.mprotect(map.addr(), map.len(), prot) };
    cx.fails_with(got, Errno::EINVAL, what);
    Ok(())
}

/// EINVAL "Invalid flags specified in prot": a bit no architecture
/// defines.
pub fn mprotect_with_an_unknown_prot_bit_is_einval(cx: &mut Cx<'_>) -> Outcome {
    mprotect_refuses(cx, PROT_READ | 0x100, "mprotect with an unknown prot bit")
}

/// EINVAL "Both PROT_GROWSUP and PROT_GROWSDOWN were specified in prot".
pub fn mprotect_with_growsup_and_growsdown_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let both = PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN;
    mprotect_refuses(cx, both, "mprotect with GROWSUP and GROWSDOWN")
}

/// EINVAL "addr is not a valid pointer": PROT_GROWSDOWN asks to extend the
/// change down to the start of a grows-down (stack) mapping, and an
/// ordinary mapping is not one.
pub fn mprotect_growsdown_on_an_ordinary_mapping_is_einval(cx: &mut Cx<'_>) -> Outcome {
    let prot = PROT_READ | PROT_GROWSDOWN;
    mprotect_refuses(cx, prot, "mprotect GROWSDOWN on an ordinary mapping")
}

/// ENOMEM "Addresses in the range [addr, addr+len-1] are invalid for the
/// address space of the process": a range that wraps around.
///
/// A 32-bit program on a 64-bit kernel's compat layer (armv7 on arm64,
/// i686 on x86_64, as under `--vm`) gets another answer: the kernel adds
/// in 64 bits, so the range does not wrap. It starts write-protecting
/// every mapping above ours, the stack among them, and the program dies of
/// SIGSEGV; or it meets a hole first and says ENOMEM. Either way the call
/// was not refused as a wrapping range. Made in a child, since it can
/// wreck the process.
pub fn mprotect_of_a_range_that_wraps_around_is_enomem(cx: &mut Cx<'_>) -> Outcome {
    let (page, len, calls) = (cx.env.page, cx.env.last_page(), cx.calls);
    // In a child everywhere: a call that does not wrap would make every
    // mapping above ours read-only, the stack among them.
    let ended = cx.in_child(|| {
        // SAFETY: not fixed. The page stays mapped until the child exits.
        let map = unsafe { calls.mmap(0, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) };
        let Ok(map) = map else {
            return 100;
        };
        // SAFETY: the child may wreck its own address space.
        match unsafe { calls.mprotect(map, len, PROT_READ) } {
            Ok(()) => 0,
            Err(errno) => i32::from(errno.raw()),
        }
    })?;
    let enomem = unistd::Ended::By(WaitStatus::Exited(i32::from(Errno::ENOMEM.raw())));
    let who = calls.name();
    if cx.env.compat_32bit() {
        let sigsegv = linux_raw_sys::general::SIGSEGV;
        claim!(
            cx,
            ended == enomem || ended.killed_by(sigsegv),
            "mprotect of a range that wraps at 4 GiB, on a 64-bit kernel's compat \
             layer: no wrap there, so ENOMEM at the first hole or SIGSEGV once the \
             stack is read-only (through {who}: the child {ended})"
        );
    } else {
        claim!(
            cx,
            ended == enomem,
            "mprotect of a range that wraps around: ENOMEM (a 64-bit kernel's \
             compat layer does not wrap and answers otherwise) (through {who}; the \
             child, which exits with the errno it got: {ended})"
        );
    }
    Ok(())
}
