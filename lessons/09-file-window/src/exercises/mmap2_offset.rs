//! Checks exercise 9.2 (`exercises/2-mmap2-offset.rs`): the answer's value
//! goes into mmap2's offset register (on 32-bit systems; on 64-bit ones,
//! back into bytes for mmap), and the kernel must map the page at the byte
//! offset asked for, including one 5 GiB into a file.

use core::ffi::CStr;
use linux_raw_sys::general::SIGBUS;
use mman::{Errno, MapFlags, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::Ended;

use crate::answers::mmap2_offset::mmap2_offset;

/// Where the far marker goes: 5 GiB, past what 32 bits of bytes reach.
const FAR: u64 = 5 << 30;

/// What the page at each tried offset starts with.
const MARK: &[u8; 8] = b"mmap2 ok";

/// Maps one page, read-only and shared, with `units` as mmap2's offset:
/// the real mmap2 call on 32-bit systems.
#[cfg(target_pointer_width = "32")]
fn map_with_units(fd: i32, page: usize, units: usize) -> Result<usize, Errno> {
    // SAFETY: no MAP_FIXED: the kernel picks free address space; the
    // returned page is unmapped by the caller.
    unsafe {
        syscall::syscall6(
            syscall::nr::MMAP,
            0,
            page,
            Prot::READ.bits() as usize,
            MapFlags::SHARED.bits() as usize,
            syscall::int_arg(fd),
            units,
        )
    }
}

/// 64-bit systems have no mmap2: the units become bytes again (the only
/// thing the 32-bit call would do with them) for mmap.
#[cfg(target_pointer_width = "64")]
fn map_with_units(fd: i32, page: usize, units: usize) -> Result<usize, Errno> {
    let bytes = (units as u64).checked_mul(4096).ok_or(Errno::EINVAL)?;
    let offset = i64::try_from(bytes).map_err(|_| Errno::EINVAL)?;
    // SAFETY: no MAP_FIXED: the kernel picks free address space.
    unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            page,
            Prot::READ,
            MapFlags::SHARED,
            fd,
            offset,
        )
    }
    .map(|p| p as usize)
}

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let fd = crate::patterned::create(dir, "sparse.bin", 0);
    // A sparse file: ftruncate makes it 5 GiB and a page long without
    // writing (or storing) the gap.
    or_exit(
        unistd::ftruncate(&fd, FAR + page as u64),
        "ftruncate to 5 GiB",
    );
    let near = 3 * page as u64;
    for offset in [near, FAR] {
        or_exit(unistd::pwrite(&fd, MARK, offset), "pwrite the marker");
    }
    println!(
        "sparse.bin: {} bytes, \"{}\" at {near} and at {FAR}",
        FAR + page as u64,
        "mmap2 ok"
    );

    for offset in [0, near, FAR] {
        let Some(units) = mmap2_offset(offset) else {
            claim!(
                claims,
                false,
                "mmap2_offset({offset}) gives a value: it gave None"
            );
            continue;
        };
        let result = map_with_units(fd.raw(), page, units);
        println!("offset {offset}: mmap2_offset = {units}; the call returned {result:x?}");
        let Ok(addr) = result else {
            claim!(
                claims,
                false,
                "with mmap2_offset({offset}) = {units}, the kernel maps the page at byte {offset}: \
                 it answered {:?}",
                result
            );
            continue;
        };
        // The page may lie past the end of the file (a value too large):
        // read it in a child, where SIGBUS cannot end the check.
        let expect: &[u8] = if offset == 0 { &[0; 8] } else { MARK };
        let read_first = || {
            let mut first = [0u8; 8];
            for (i, byte) in first.iter_mut().enumerate() {
                // SAFETY: inside the page mapped above; a page past the end
                // of the file raises SIGBUS, which ends this child only.
                *byte = unsafe { (addr as *const u8).add(i).read_volatile() };
            }
            i32::from(first != *expect)
        };
        // SAFETY: the child only reads the page just mapped, then exits.
        let ended = or_exit(
            unsafe { unistd::run_in_child_for(read_first, 10_000_000_000) },
            "fork",
        );
        // SAFETY: the page mapped above, which nothing else refers to.
        let _ = unsafe { mman::munmap(addr as *mut u8, page) };
        let shown = match ended {
            Ended::By(status) if status.signal() == Some(SIGBUS) => {
                "reading it raised SIGBUS: the page lies past the end of the file"
            }
            Ended::By(unistd::WaitStatus::Exited(0)) => "it holds the bytes written there",
            Ended::By(_) => "it holds other bytes: a different place in the file",
            Ended::Overdue => "reading it did not finish in 10 s",
        };
        claim!(
            claims,
            ended == Ended::By(unistd::WaitStatus::Exited(0)),
            "with mmap2_offset({offset}) = {units}, the kernel maps the page at byte {offset}: \
             {shown}"
        );
    }

    // 16 TiB: 2^32 units, one more than a 32-bit register holds.
    #[cfg(target_pointer_width = "32")]
    {
        let far = mmap2_offset(1 << 44);
        claim!(
            claims,
            far.is_none(),
            "mmap2_offset(16 TiB) is None: 2^32 units do not fit in a 32-bit register (it gave \
             {far:?})"
        );
    }

    let odd = mmap2_offset(100);
    claim!(
        claims,
        odd.is_none(),
        "mmap2_offset(100) is None: no whole number of 4096-byte units reaches byte 100 \
         (it gave {odd:?})"
    );
}
