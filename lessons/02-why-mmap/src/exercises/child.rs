//! What both checks share: the answer runs in a child with a deadline (a
//! wrong mapping can kill whoever touches it), which reports what it found
//! in a shared page the checker made; plus the test file's bytes.

use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, or_exit};
use unistd::{Ended, Fd};

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

/// Runs `body` in a child with the deadline, handing it a zeroed page that
/// the parent sees too (MAP_SHARED | MAP_ANONYMOUS, made before the fork),
/// for the child's findings; returns how the child ended and the page.
pub fn in_child(body: impl FnOnce(&Mapping) -> i32) -> (Ended, Mapping) {
    let report = or_exit(
        Mapping::new(
            rt::page_size(),
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap the report page",
    );
    // SAFETY: the child makes raw system calls and volatile accesses only,
    // then exits.
    let ended = or_exit(
        unsafe { unistd::run_in_child_for(|| body(&report), LIMIT_NS) },
        "fork",
    );
    (ended, report)
}

/// A u64 stored in the report page at `offset`.
pub fn put_u64(report: &Mapping, offset: usize, value: u64) {
    report.write_from(offset, &value.to_ne_bytes());
}

/// The u64 at `offset` of the report page.
pub fn get_u64(report: &Mapping, offset: usize) -> u64 {
    let mut bytes = [0; 8];
    report.read_into(offset, &mut bytes);
    u64::from_ne_bytes(bytes)
}

/// Creates `dir/name` afresh, `len` bytes of pseudo-random data (xorshift),
/// so that a byte read from the wrong place changes any sum of them.
pub fn random_file(dir: &core::ffi::CStr, name: &str, len: usize) -> (CPath, Fd) {
    let mut state = 0x2545_f491_4f6c_dd1du64 ^ len as u64;
    rt::files::create_filled(dir, name, len as u64, |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    })
}

/// Calls `visit` with every byte of the file, read with pread(2): the
/// kernel's word on what the file holds.
pub fn each_byte_read(fd: &Fd, mut visit: impl FnMut(u8)) {
    let mut chunk = [0u8; 512];
    let mut offset = 0u64;
    loop {
        let n = or_exit(unistd::pread(fd, &mut chunk, offset), "pread");
        if n == 0 {
            break;
        }
        chunk[..n].iter().for_each(|&b| visit(b));
        offset += n as u64;
    }
}
