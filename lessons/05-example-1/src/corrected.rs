//! Part 5: the example written so that each step states what it relies on.
//!
//! - open with `O_CLOEXEC` and an explicit mode, 0600 (exact under any
//!   umask that leaves the owner's bits alone: under 0277 it is 0400);
//! - fstat, and make the file at least 40 bytes long (ftruncate), so that the
//!   mapped page is backed by the file: no SIGBUS;
//! - print exactly 40 bytes, escaped, instead of trusting a NUL;
//! - zero them, then msync(MS_SYNC) to have them written to the file now,
//!   and munmap, each with its result checked;
//! - read the file back with read(2).
//!
//! It runs twice: on a new file, where ftruncate matters, and on part 1's
//! text, where the zeros can be told apart from what was there (on the new
//! file, ftruncate's zeros and the example's look the same, so a MAP_PRIVATE
//! mapping, whose stores never reach the file, would pass unseen).

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};

const LEN: usize = 40;
const MODE: u32 = 0o600;
/// A umask that takes the owner's write bit as well: 0600 minus it is 0400.
const NARROW_UMASK: u32 = 0o277;

pub fn show(dir: &CStr, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "corrected.txt").ok_or("path too long"),
        "corrected.txt",
    );
    println!("-- on a new file --");
    corrected_example(&path, claims);
    let back = read_back(&path);
    claim!(
        claims,
        back.len == LEN && back.bytes().iter().all(|&b| b == 0),
        "read(2) returns {} bytes, all zero",
        back.len
    );
    let fd = or_exit(unistd::open(path.as_cstr(), O_RDONLY, 0), "corrected.txt");
    let st = or_exit(unistd::fstat(&fd), "fstat corrected.txt");
    let mask = unistd::umask(0);
    unistd::umask(mask);
    claim!(
        claims,
        st.st_mode & 0o7777 == MODE & !mask,
        "the file was created with the mode we asked for: {:03o}",
        st.st_mode & 0o7777
    );
    let narrowed = mode_under_umask(dir, NARROW_UMASK);
    claim!(
        claims,
        narrowed == MODE & !NARROW_UMASK,
        "the same open(..., {MODE:04o}) under umask {NARROW_UMASK:04o} creates mode {narrowed:03o}: \
         0600 is exact only under a umask that leaves the owner's bits alone"
    );

    println!("-- on a file that holds text (part 1's) --");
    let text = crate::no_msync::TEXT;
    let path = crate::text_file::create(dir, "corrected-text.txt", text);
    corrected_example(&path, claims);
    let back = read_back(&path);
    let bytes = back.bytes();
    claim!(
        claims,
        back.len == text.len()
            && bytes[..LEN].iter().all(|&b| b == 0)
            && bytes[LEN..] == text[LEN..],
        "read(2) returns {} bytes: the first 40 now zero, the rest the text's: \"{}\"",
        back.len,
        Escaped(bytes)
    );
}

// ANCHOR: corrected
/// The corrected example on `path`: open or create it, make it long
/// enough, map, print, zero, msync, munmap.
fn corrected_example(path: &CPath, claims: &mut Claims) {
    let fd = or_exit(
        unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_CLOEXEC, MODE),
        "open",
    );
    let st = or_exit(unistd::fstat(&fd), "fstat");
    if (st.st_size as u64) < LEN as u64 {
        println!(
            "{path} has {} bytes; ftruncate to {LEN} so the mapping is backed",
            st.st_size
        );
        or_exit(unistd::ftruncate(&fd, LEN as u64), "ftruncate");
    }

    let map = or_exit(
        Mapping::new(LEN, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap",
    );
    let mut before = [0u8; LEN];
    map.read_into(0, &mut before);
    if before.iter().all(|&b| b == 0) {
        println!("the 40 mapped bytes are all zero (ftruncate extends a file with zeros)");
    } else {
        println!("the 40 mapped bytes: \"{}\"", Escaped(&before));
    }
    map.fill(0);

    let synced = map.msync(MsyncFlags::SYNC);
    claim!(
        claims,
        synced.is_ok(),
        "msync(addr, 40, MS_SYNC) = {:?}: the zeros are written to the file",
        synced
    );
    let unmapped = map.unmap();
    claim!(
        claims,
        unmapped.is_ok(),
        "munmap(addr, 40) = {:?}",
        unmapped
    );
}
// ANCHOR_END: corrected

/// The permission bits of a file created afresh by the corrected example's
/// open, with the umask set to `mask` around the call (and restored).
fn mode_under_umask(dir: &CStr, mask: u32) -> u32 {
    let path = or_exit(
        CPath::join(dir, "corrected-umask.txt").ok_or("path too long"),
        "corrected-umask.txt",
    );
    // open applies the mode only when it creates the file: start from none.
    match unistd::unlink(path.as_cstr()) {
        Ok(()) | Err(mman::Errno::ENOENT) => {}
        Err(e) => or_exit(Err(e), "unlink corrected-umask.txt"),
    }
    let before = unistd::umask(mask);
    let opened = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_CLOEXEC, MODE);
    unistd::umask(before);
    let fd = or_exit(opened, "corrected-umask.txt");
    let st = or_exit(unistd::fstat(&fd), "fstat corrected-umask.txt");
    st.st_mode & 0o7777
}

/// Up to 80 bytes of the file at `path`, read with read(2) through a new
/// descriptor.
struct ReadBack {
    buf: [u8; 80],
    len: usize,
}

impl ReadBack {
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn read_back(path: &CPath) -> ReadBack {
    let fd = or_exit(unistd::open(path.as_cstr(), O_RDONLY, 0), "reopen");
    let mut buf = [0xffu8; 80];
    let len = or_exit(unistd::read(&fd, &mut buf), "read");
    ReadBack { buf, len }
}
