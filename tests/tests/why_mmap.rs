//! The claims of lesson 02 (what mmap is for: IPC through a file, and the
//! cost of reading through a mapping versus read(2)), one test each.

use linux_raw_sys::general::{O_RDONLY, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use rustix::mm as rx;
use std::ffi::CStr;
use tests::{Deadline, Scratch, WaitStatus, page_size, read_back};
use unistd::{Fd, ForkResult};

// ---- 1. Two processes exchange data through one file ----

const FROM_CHILD: &[u8] = b"hello parent, this is the child";
const FROM_PARENT: &[u8] = b"hello child, here is my reply";
const DONE: u8 = b'!';

/// What the exchange produced.
struct Exchange {
    /// The parent got "!" and then read the child's message in its mapping.
    parent_read: Vec<u8>,
    /// Every byte that passed through the pipes, both ways.
    pipe_bytes: Vec<u8>,
    child: WaitStatus,
    file: Vec<u8>,
}

/// Each side maps the file by path after the fork (nothing is inherited);
/// the child writes at 0, says "!", the parent reads it, replies at half a
/// page, says "!", the child checks the reply (exit 0) or not (exit 5).
fn exchange(test: &str) -> Exchange {
    let dir = Scratch::new(test);
    let page = page_size();
    let path = dir.file_with("mailbox", &vec![0u8; page]);
    let (done_r, done_w) = tests::pipe();
    let (go_r, go_w) = tests::pipe();

    fn map_by_path(path: &CStr, page: usize) -> Option<(Fd, Mapping)> {
        let fd = unistd::open(path, O_RDWR, 0).ok()?;
        let map = Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        )
        .ok()?;
        Some((fd, map))
    }

    // SAFETY: the child makes raw system calls and memory accesses only (no
    // allocation, no locks) and ends with exit.
    let pid = match unsafe { unistd::fork() }.unwrap() {
        ForkResult::Child => {
            let code = (|| {
                let Some((_fd, map)) = map_by_path(&path, page) else {
                    return 3;
                };
                map.write_from(0, FROM_CHILD);
                let mut token = [0u8; 1];
                if unistd::write(done_w.raw(), &[DONE]) != Ok(1)
                    || tests::read_by(&go_r, &mut token, Deadline::start()) != Ok(1)
                    || token[0] != DONE
                {
                    return 4;
                }
                let mut reply = [0u8; FROM_PARENT.len()];
                map.read_into(page / 2, &mut reply);
                if reply == *FROM_PARENT { 0 } else { 5 }
            })();
            unistd::exit(code)
        }
        ForkResult::Parent(pid) => pid,
    };
    drop((done_w, go_r));
    let (_fd, map) = map_by_path(&path, page).expect("parent maps the file");
    let mut pipe_bytes = Vec::new();
    let mut token = [0u8; 16];
    let n = tests::read_by(&done_r, &mut token, Deadline::start()).expect("the child's token");
    pipe_bytes.extend_from_slice(&token[..n]);
    let mut parent_read = vec![0u8; FROM_CHILD.len()];
    map.read_into(0, &mut parent_read);
    map.write_from(page / 2, FROM_PARENT);
    assert_eq!(unistd::write(go_w.raw(), &[DONE]), Ok(1));
    pipe_bytes.push(DONE);
    let child = tests::reap(pid);
    Exchange {
        parent_read,
        pipe_bytes,
        child,
        file: read_back(&path),
    }
}

#[test]
fn the_parent_reads_the_childs_message_through_its_own_mapping() {
    let ex = exchange("ipc-parent");
    assert_eq!(ex.parent_read, FROM_CHILD);
    assert_eq!(
        ex.pipe_bytes,
        [DONE, DONE],
        "only the tokens crossed the pipes"
    );
}

#[test]
fn the_child_reads_the_parents_reply_through_its_own_mapping() {
    let ex = exchange("ipc-child");
    assert_eq!(ex.child, WaitStatus::Exited(0));
}

#[test]
fn read_on_the_file_returns_both_messages() {
    let ex = exchange("ipc-file");
    let half = page_size() / 2;
    assert_eq!(&ex.file[..FROM_CHILD.len()], FROM_CHILD);
    assert_eq!(&ex.file[half..half + FROM_PARENT.len()], FROM_PARENT);
}

// ---- 2. read(2) or mmap: where the cost goes ----

const PAGES: usize = 512;

/// This thread's minor page faults so far (getrusage(RUSAGE_THREAD)).
fn minor_faults() -> u64 {
    unistd::getrusage(unistd::Who::Thread)
        .expect("getrusage")
        .ru_minflt as u64
}

fn fnv1a(sum: u64, byte: u8) -> u64 {
    (sum ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// A file of PAGES pages of pseudo-random bytes; its path and checksum.
fn data_file(dir: &Scratch) -> (std::ffi::CString, u64) {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let bytes: Vec<u8> = (0..PAGES * page_size())
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let sum = bytes.iter().fold(FNV_START, |s, &b| fnv1a(s, b));
    // Written 64 KiB per write(2), as the lesson does. (How the file is
    // written decides the size of its page-cache folios, and so how many
    // pages one fault maps: see `a_file_written_at_once_may_need_fewer_faults`.)
    let path = dir.path("data");
    let fd = unistd::open(
        &path,
        O_RDWR | linux_raw_sys::general::O_CREAT | linux_raw_sys::general::O_TRUNC,
        0o600,
    )
    .unwrap();
    for chunk in bytes.chunks(64 * 1024) {
        unistd::write_all(fd.raw(), chunk).unwrap();
    }
    (path, sum)
}

/// One pread(2) pass into a pre-touched 64 KiB buffer: (checksum, faults);
/// `None` if pread failed. Raw calls only: it runs in a forked child.
#[inline(never)]
fn read_pass(fd: &Fd, buf: &mut [u8]) -> Option<(u64, u64)> {
    let before = minor_faults();
    let mut sum = FNV_START;
    let mut offset = 0;
    // A pread that never reaches end of file is a failed pass.
    let deadline = Deadline::start();
    loop {
        if deadline.passed() {
            return None;
        }
        let n = unistd::pread(fd, buf, offset).ok()?;
        if n == 0 {
            break;
        }
        sum = buf[..n].iter().fold(sum, |s, &b| fnv1a(s, b));
        offset += n as u64;
    }
    Some((sum, minor_faults() - before))
}

/// One pass over a mapping with volatile loads: (checksum, faults).
#[inline(never)]
fn mapping_pass(map: &Mapping) -> (u64, u64) {
    let before = minor_faults();
    let sum = (0..map.len()).fold(FNV_START, |s, i| fnv1a(s, map.read(i)));
    (sum, minor_faults() - before)
}

/// The lesson's round: read pass, two passes over a fresh mapping, read
/// pass; after a warm-up round. Returns [read1, map1, map2, read2].
///
/// Measured in a forked child, which has one thread, as the lesson's
/// process has. In the test process, a fork by any other test's thread
/// write-protects every private page of the process for copy-on-write, the
/// read buffer's among them, so the next pread into it took one fault per
/// buffer page (17 of them, seen in `cargo test`, which runs tests as
/// threads), counted for this thread because this thread took them. The
/// child's warm-up round takes the faults of its own copy-on-write copy of
/// the buffer; after that nobody but the child can touch its page tables.
fn measured_round(dir: &Scratch) -> ([(u64, u64); 4], u64) {
    let (path, written) = data_file(dir);
    let fd = unistd::open(&path, O_RDONLY, 0).unwrap();
    let mut buf = vec![1u8; 64 * 1024];
    let len = PAGES * page_size();
    let passes = tests::in_child_value(|| {
        let mut round = || {
            let read1 = read_pass(&fd, &mut buf)?;
            let map = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0).ok()?;
            let map1 = mapping_pass(&map);
            let map2 = mapping_pass(&map);
            drop(map);
            let read2 = read_pass(&fd, &mut buf)?;
            Some([read1, map1, map2, read2])
        };
        round()?;
        round()
    });
    (passes.expect("pread or mmap failed in the child"), written)
}

#[test]
fn read_and_mmap_return_the_same_bytes() {
    let dir = Scratch::new("speed-sum");
    let (passes, written) = measured_round(&dir);
    for (sum, _) in passes {
        assert_eq!(sum, written);
    }
    // A third way, rustix's mmap, read with volatile loads.
    let (path, _) = data_file(&dir);
    let fd = unistd::open(&path, O_RDONLY, 0).unwrap();
    let len = PAGES * page_size();
    // SAFETY: no MAP_FIXED; the mapping is unmapped below and only read
    // inside its bounds.
    unsafe {
        let p = rx::mmap(
            std::ptr::null_mut(),
            len,
            rx::ProtFlags::READ,
            rx::MapFlags::SHARED,
            rustix::fd::BorrowedFd::borrow_raw(fd.raw()),
            0,
        )
        .unwrap()
        .cast::<u8>();
        let sum = (0..len).fold(FNV_START, |s, i| fnv1a(s, p.add(i).read_volatile()));
        rx::munmap(p.cast(), len).unwrap();
        assert_eq!(sum, written);
    }
}

#[test]
fn reading_with_read_takes_almost_no_faults() {
    let dir = Scratch::new("speed-read");
    let ([read1, _, _, read2], _) = measured_round(&dir);
    let quiet = (PAGES / 64) as u64;
    assert!(read1.1 <= quiet && read2.1 <= quiet, "{read1:?} {read2:?}");
}

#[test]
fn the_first_pass_over_a_mapping_takes_faults_read_does_not() {
    let dir = Scratch::new("speed-map1");
    let ([read1, map1, _, _], _) = measured_round(&dir);
    eprintln!(
        "{PAGES} pages: {} faults through the mapping, {} with read(2)",
        map1.1, read1.1
    );
    assert!(
        map1.1 >= 1 && map1.1 > read1.1,
        "map {map1:?} read {read1:?}"
    );
    assert!(
        map1.1 <= PAGES as u64 + 8,
        "at most about one fault per page"
    );
}

#[test]
fn a_file_written_at_once_may_need_fewer_faults() {
    // The same bytes written with one write(2) call: the page cache may
    // hold them in larger folios, and one fault can map a whole folio (up
    // to a 2 MiB PMD mapping). Only the bounds are certain.
    let dir = Scratch::new("speed-folio");
    let len = PAGES * page_size();
    let path = dir.file_with("whole", &vec![7u8; len]);
    let fd = unistd::open(&path, O_RDONLY, 0).unwrap();
    // In a child, as `measured_round` explains.
    let (faults, addr) = tests::in_child_value(|| {
        let warm = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0).ok()?;
        mapping_pass(&warm);
        drop(warm);
        let map = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0).ok()?;
        Some((mapping_pass(&map).1, map.addr()))
    })
    .expect("mmap failed in the child");
    eprintln!(
        "{PAGES} pages written by one write(2): {faults} faults through a mapping at {addr:#x}"
    );
    assert!((1..=PAGES as u64 + 8).contains(&faults), "{faults} faults");
}

#[test]
fn a_second_pass_over_the_same_mapping_takes_almost_no_faults() {
    let dir = Scratch::new("speed-map2");
    let ([_, _, map2, _], _) = measured_round(&dir);
    assert!(map2.1 <= (PAGES / 64) as u64, "{map2:?}");
}
