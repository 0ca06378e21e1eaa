//! Part 3: a file of 10 bytes, mapped for 40. The mapping covers the file's
//! one page, and that page is backed by the file past its end, up to the
//! page boundary: that part is zeroed when the page is read in, or, as
//! here, when write(2) creates it (ext4's `ext4_block_write_begin` zeroes
//! the new block outside the bytes written). So all 40 stores succeed with
//! no signal. But the file is 10 bytes long, and the other 30 bytes never
//! reach it (mmap(2): "modifications to that region are not written out to
//! the file"). They live in the page only until the kernel next writes it
//! back. ext2/3/4, xfs and btrfs zero the part of the page past the end of
//! the file each time they write such a page out (`ext4_bio_write_folio`,
//! `block_write_full_folio`, iomap's `iomap_writepage_handle_eof`, btrfs's
//! `extent_writepage`: the page may be mapped), so after msync(MS_SYNC)
//! the mapping itself reads zeros there, and the lesson claims it on those.
//! tmpfs and ramfs never write back, and the bytes stay. On any other file
//! system the lesson prints what it saw and claims neither (overlayfs hands
//! the page to its upper layer, which may be tmpfs). Lesson 05 part 2 met
//! this as the tutorial's example.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};

const FILE_LEN: usize = 10;
const LEN: usize = 40;
const STORED: &[u8; LEN] = b"forty bytes, thirty of them past the end";

pub fn show(dir: &CStr, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "ten.txt").ok_or("path too long"),
        "ten.txt",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "ten.txt",
    );
    or_exit(unistd::write_all(fd.raw(), b"ten bytes\n"), "write ten.txt");
    let map = or_exit(
        Mapping::new(LEN, Prot::READ | Prot::WRITE, MapFlags::SHARED, fd.raw(), 0),
        "mmap 40 bytes of a 10-byte file",
    );
    println!("{path} holds {FILE_LEN} bytes; mapped {LEN} bytes shared; a child stores {LEN}");
    let outcome = crate::child::run(|| {
        map.write_from(0, STORED);
        0
    });
    claim!(
        claims,
        outcome.exited_ok(),
        "the child's {LEN} stores raised no signal: {outcome}"
    );
    let mut seen = [0u8; LEN];
    map.read_into(0, &mut seen);
    claim!(
        claims,
        seen == *STORED,
        "this process's mapping of the same page shows all {LEN} bytes: \"{}\"",
        Escaped(&seen)
    );
    let mut back = [0u8; 64];
    let n = or_exit(unistd::pread(&fd, &mut back, 0), "read ten.txt");
    let size = or_exit(unistd::fstat(&fd), "fstat ten.txt").st_size;
    claim!(
        claims,
        n == FILE_LEN && back[..n] == STORED[..FILE_LEN] && size as usize == FILE_LEN,
        "but the file is still {size} bytes, and read(2) returns {n}: \"{}\"; the {} stores \
         past its end are in no file, and no error or signal said so",
        Escaped(&back[..n]),
        LEN - FILE_LEN
    );

    let synced = map.msync(MsyncFlags::SYNC);
    let magic = or_exit(unistd::filesystem_magic(&fd), "fstatfs");
    let mut tail = [0u8; LEN - FILE_LEN];
    map.read_into(FILE_LEN, &mut tail);
    let zeroed = tail.iter().all(|&b| b == 0);
    let seen = if zeroed { "as zeros" } else { "as before" };
    let name = unistd::filesystem_name(magic);
    if unistd::zeroes_past_eof_on_writeback(magic) {
        claim!(
            claims,
            synced.is_ok() && zeroed,
            "after msync(MS_SYNC) = {synced:?} wrote the page back, the mapping's {} bytes past \
             the end read {seen}: writeback zeroed them, on {name}",
            LEN - FILE_LEN,
        );
    } else if !unistd::has_backing_store(magic) {
        claim!(
            claims,
            synced.is_ok() && tail == STORED[FILE_LEN..],
            "after msync(MS_SYNC) = {synced:?}, the mapping's {} bytes past the end still read \
             \"{}\": {name} never writes the page back, so nothing zeroes them",
            LEN - FILE_LEN,
            Escaped(&tail),
        );
    } else {
        // A file system whose writeback path the course has not read: what
        // happened is a fact of this run, not a verdict on the kernel.
        claim!(
            claims,
            synced.is_ok(),
            "msync(MS_SYNC) on {name} = {synced:?}"
        );
        println!(
            "after it, the mapping's {} bytes past the end read {seen} (\"{}\"); the lesson \
             claims zeros only on ext2/3/4, xfs and btrfs, and the bytes kept only on tmpfs and \
             ramfs",
            LEN - FILE_LEN,
            Escaped(&tail)
        );
    }
}
