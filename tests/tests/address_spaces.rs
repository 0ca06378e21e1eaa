//! The claims of lesson 01 (address spaces, section 2.1), one test each.
//!
//! Every test runs the lesson's experiment on one kind of memory: fork; the
//! parent writes "parent wrote" and says so through a pipe; the child reads
//! what is there, writes "child wrote", reads its own /proc/self/maps line
//! for the address, reports through a second pipe and exits; the parent
//! reaps it with wait4 and reads the address again. Pipes and wait4 are the
//! only coordination: no sleeps (each wait has a deadline, see
//! `tests::Deadline`).
//!
//! The child runs in a multi-threaded test process, so it uses raw system
//! calls and stack buffers only (no allocation, no std I/O).

use linux_raw_sys::general::{O_CLOEXEC, O_RDONLY, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use rustix::mm as rx;
use std::sync::{Mutex, PoisonError};
use tests::{Deadline, Scratch, WaitStatus, page_size};
use unistd::ForkResult;

const LEN: usize = 16;
type Value = [u8; LEN];

const fn label(text: &[u8]) -> Value {
    let mut value = [0; LEN];
    let mut i = 0;
    while i < text.len() {
        value[i] = text[i];
        i += 1;
    }
    value
}

const ORIGINAL: Value = label(b"original");
const BY_PARENT: Value = label(b"parent wrote");
const BY_CHILD: Value = label(b"child wrote");

/// A data-segment variable of this test binary (non-zero, so in `.data`).
static mut IN_DATA: Value = ORIGINAL;

/// Held for a round on `IN_DATA`. There is one `IN_DATA` per process, and
/// `cargo test` runs the three tests that use it as threads of one process:
/// one test's "parent wrote" or "original" would land in the middle of
/// another's round.
static IN_DATA_ROUND: Mutex<()> = Mutex::new(());

/// What one round observed.
struct Round {
    at: usize,
    status: WaitStatus,
    child_at: usize,
    child_before: Value,
    child_after: Value,
    child_line: String,
    parent_after: Value,
    parent_line: String,
}

impl Round {
    /// `start-end perms` of a maps line.
    fn range_and_perms(line: &str) -> String {
        line.split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The fourth permission letter of the parent's line: `p` or `s`.
    fn sharing(&self) -> char {
        Self::range_and_perms(&self.parent_line)
            .split(' ')
            .nth(1)
            .and_then(|perms| perms.chars().nth(3))
            .unwrap_or('?')
    }
}

/// The /proc/self/maps line whose range contains `addr` (std; parent only).
fn line_containing(addr: usize) -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    maps.lines()
        .find(|line| {
            let range = line.split_whitespace().next().unwrap_or("");
            let (start, end) = range.split_once('-').unwrap_or(("0", "0"));
            let start = usize::from_str_radix(start, 16).unwrap_or(0);
            let end = usize::from_str_radix(end, 16).unwrap_or(0);
            start <= addr && addr < end
        })
        .map(str::to_owned)
}

/// The same, for a child after fork: raw read(2) into stack buffers.
/// Returns the line's length in `out` (0 if none).
fn raw_line_containing(addr: usize, out: &mut [u8; 512]) -> usize {
    let Ok(fd) = unistd::open(c"/proc/self/maps", O_RDONLY | O_CLOEXEC, 0) else {
        return 0;
    };
    let mut chunk = [0u8; 1024];
    let mut len = 0;
    let contains = |line: &[u8]| {
        let hex = |digits: &[u8]| {
            digits.iter().fold(0usize, |acc, &d| {
                acc * 16 + (d as char).to_digit(16).unwrap_or(0) as usize
            })
        };
        let range = line.split(|&b| b == b' ').next().unwrap_or(b"");
        let mut parts = range.split(|&b| b == b'-');
        let start = hex(parts.next().unwrap_or(b""));
        let end = hex(parts.next().unwrap_or(b""));
        start <= addr && addr < end
    };
    // A read that never reaches end of file ends the search (0: not found).
    let deadline = Deadline::start();
    loop {
        if deadline.passed() {
            return 0;
        }
        let n = match unistd::read(&fd, &mut chunk) {
            Ok(0) | Err(_) => return 0,
            Ok(n) => n,
        };
        for &b in &chunk[..n] {
            if b == b'\n' {
                if contains(&out[..len]) {
                    return len;
                }
                len = 0;
            } else if len < out.len() {
                out[len] = b;
                len += 1;
            }
        }
    }
}

/// # Safety
/// `at..at + LEN` must be readable.
unsafe fn read_value(at: *const u8) -> Value {
    let mut value = [0; LEN];
    for (i, byte) in value.iter_mut().enumerate() {
        // SAFETY: the caller's promise; volatile, since another process may
        // have written these bytes.
        *byte = unsafe { at.add(i).read_volatile() };
    }
    value
}

/// # Safety
/// `at..at + LEN` must be writable with no Rust reference into it.
unsafe fn write_value(at: *mut u8, value: &Value) {
    for (i, &byte) in value.iter().enumerate() {
        // SAFETY: the caller's promise.
        unsafe { at.add(i).write_volatile(byte) };
    }
}

/// The experiment described at the top of this file.
///
/// # Safety
/// `at..at + LEN` must be mapped read-write, with no Rust reference into
/// it, until this returns.
unsafe fn round(at: *mut u8) -> Round {
    let (go_read, go_write) = tests::pipe();
    let (report_read, report_write) = tests::pipe();
    // SAFETY: the child makes raw system calls and plain memory accesses
    // only, then exits.
    match unsafe { unistd::fork() }.expect("fork") {
        ForkResult::Child => {
            drop(go_write);
            drop(report_read);
            let mut byte = [0u8; 1];
            let _ = tests::read_by(&go_read, &mut byte, Deadline::start());
            // SAFETY: the caller's promise; the child has its own copy of
            // the address space.
            let before = unsafe { read_value(at) };
            // SAFETY: as above.
            unsafe { write_value(at, &BY_CHILD) };
            // SAFETY: as above.
            let after = unsafe { read_value(at) };
            let mut line = [0u8; 512];
            let n = raw_line_containing(at as usize, &mut line);
            let mut msg = [0u8; 8 + 2 * LEN + 512];
            msg[..8].copy_from_slice(&(at as u64).to_ne_bytes());
            msg[8..8 + LEN].copy_from_slice(&before);
            msg[8 + LEN..8 + 2 * LEN].copy_from_slice(&after);
            msg[8 + 2 * LEN..8 + 2 * LEN + n].copy_from_slice(&line[..n]);
            let code =
                i32::from(unistd::write_all(report_write.raw(), &msg[..8 + 2 * LEN + n]).is_err());
            unistd::exit(code)
        }
        ForkResult::Parent(pid) => {
            drop(go_read);
            drop(report_write);
            // SAFETY: the caller's promise.
            unsafe { write_value(at, &BY_PARENT) };
            unistd::write_all(go_write.raw(), b"w").expect("write to the child");
            drop(go_write);
            let status = tests::reap(pid);
            let mut report = Vec::new();
            let mut buf = [0u8; 1024];
            let deadline = Deadline::start();
            loop {
                match tests::read_by(&report_read, &mut buf, deadline).expect("read the report") {
                    0 => break,
                    n => report.extend_from_slice(&buf[..n]),
                }
            }
            assert!(report.len() >= 8 + 2 * LEN, "short report: {report:?}");
            Round {
                at: at as usize,
                status,
                child_at: u64::from_ne_bytes(report[..8].try_into().unwrap()) as usize,
                child_before: report[8..8 + LEN].try_into().unwrap(),
                child_after: report[8 + LEN..8 + 2 * LEN].try_into().unwrap(),
                child_line: String::from_utf8_lossy(&report[8 + 2 * LEN..]).into_owned(),
                // SAFETY: the caller's promise.
                parent_after: unsafe { read_value(at) },
                parent_line: line_containing(at as usize).expect("the parent's maps line"),
            }
        }
    }
}

#[track_caller]
fn assert_same_address(r: &Round) {
    assert_eq!(r.status, WaitStatus::Exited(0));
    assert_eq!(r.child_at, r.at, "the child used the same number");
    assert!(!r.child_line.is_empty(), "the child found a maps line");
    assert_eq!(
        Round::range_and_perms(&r.child_line),
        Round::range_and_perms(&r.parent_line),
        "child: {}\nparent: {}",
        r.child_line,
        r.parent_line
    );
}

#[track_caller]
fn assert_private(r: &Round) {
    assert_eq!(
        r.child_before, ORIGINAL,
        "the child never saw the parent's write"
    );
    assert_eq!(r.child_after, BY_CHILD, "the child read back its own write");
    assert_eq!(
        r.parent_after, BY_PARENT,
        "the parent never saw the child's write"
    );
}

#[track_caller]
fn assert_shared(r: &Round) {
    assert_eq!(
        r.child_before, BY_PARENT,
        "the child saw the parent's write"
    );
    assert_eq!(
        r.parent_after, BY_CHILD,
        "the parent sees the child's write"
    );
}

// ---- part 1: a local variable on the stack ----

fn stack_round() -> Round {
    let mut on_stack: Value = [0; LEN];
    let at = (&raw mut on_stack).cast::<u8>();
    // SAFETY: `on_stack` outlives the round; only `at` reaches it.
    unsafe {
        write_value(at, &ORIGINAL);
        round(at)
    }
}

#[test]
fn a_stack_variable_has_the_same_address_and_maps_line_in_the_child() {
    // The lesson's main thread runs on the `[stack]` mapping. A test runs
    // on a thread the harness spawned, whose stack is an ordinary anonymous
    // mapping: private all the same.
    assert_same_address(&stack_round());
}

#[test]
fn a_stack_variable_holds_different_contents_in_parent_and_child() {
    assert_private(&stack_round());
}

#[test]
fn the_stack_is_a_private_mapping() {
    assert_eq!(stack_round().sharing(), 'p');
}

// ---- part 2: a static in the data segment ----

fn static_round() -> Round {
    let _alone = IN_DATA_ROUND.lock().unwrap_or_else(PoisonError::into_inner);
    let at = (&raw mut IN_DATA).cast::<u8>();
    // SAFETY: the static lives forever; only `at` reaches it, and only one
    // thread at a time (the lock above).
    unsafe {
        write_value(at, &ORIGINAL);
        round(at)
    }
}

#[test]
fn a_static_has_the_same_address_and_maps_line_in_the_child() {
    let r = static_round();
    assert_same_address(&r);
    let exe = std::env::current_exe().unwrap();
    assert!(
        r.parent_line.ends_with(exe.to_str().unwrap()),
        "the data segment maps the executable: {}",
        r.parent_line
    );
}

#[test]
fn a_static_holds_different_contents_in_parent_and_child() {
    assert_private(&static_round());
}

#[test]
fn the_data_segment_is_a_private_mapping() {
    assert_eq!(static_round().sharing(), 'p');
}

// ---- part 3: mmap(MAP_PRIVATE | MAP_ANONYMOUS) ----

fn private_anonymous_round() -> Round {
    let page = page_size();
    // The page goes between the two PROT_NONE pages of a reservation. A
    // fresh anonymous page is where the kernel puts the next one, and under
    // `cargo test` another test's thread may make that next one at any
    // moment: the two would be merged into one maps line, in the parent
    // only, after the child had read its own line. No neighbour can merge
    // with a guard page's rights.
    let reservation = Mapping::anonymous(3 * page, Prot::NONE).unwrap();
    // SAFETY: replaces the middle page of our own reservation only.
    let at = unsafe {
        mman::mmap(
            reservation.as_ptr().add(page),
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED,
            -1,
            0,
        )
    }
    .unwrap();
    // SAFETY: the page is ours until `reservation` drops, after the round.
    unsafe {
        write_value(at, &ORIGINAL);
        round(at)
    }
}

#[test]
fn a_private_anonymous_page_has_the_same_address_and_maps_line_in_the_child() {
    assert_same_address(&private_anonymous_round());
}

#[test]
fn a_private_anonymous_page_holds_different_contents_in_parent_and_child() {
    assert_private(&private_anonymous_round());
}

#[test]
fn a_private_anonymous_mapping_is_marked_p() {
    assert_eq!(private_anonymous_round().sharing(), 'p');
}

// ---- part 4: mmap(MAP_PRIVATE) of a file ----

/// A one-page file starting with "original", open read-write.
fn one_page_file(dir: &Scratch, name: &str) -> (std::ffi::CString, unistd::Fd) {
    let mut contents = vec![0u8; page_size()];
    contents[..LEN].copy_from_slice(&ORIGINAL);
    let path = dir.file_with(name, &contents);
    let fd = unistd::open(&path, O_RDWR | O_CLOEXEC, 0).unwrap();
    (path, fd)
}

fn private_file_round(dir: &Scratch) -> (std::ffi::CString, Round) {
    let (path, fd) = one_page_file(dir, "private.txt");
    let map = Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::PRIVATE,
        fd.raw(),
        0,
    )
    .unwrap();
    // SAFETY: `map` outlives the round.
    (path, unsafe { round(map.as_ptr()) })
}

#[test]
fn a_private_file_page_has_the_same_address_and_maps_line_in_the_child() {
    let dir = Scratch::new("as-private-file-addr");
    let (_, r) = private_file_round(&dir);
    assert_same_address(&r);
    assert!(r.parent_line.ends_with("/private.txt"), "{}", r.parent_line);
}

#[test]
fn a_private_file_page_holds_different_contents_in_parent_and_child() {
    let dir = Scratch::new("as-private-file-cow");
    assert_private(&private_file_round(&dir).1);
}

#[test]
fn a_private_file_mapping_is_marked_p() {
    let dir = Scratch::new("as-private-file-p");
    assert_eq!(private_file_round(&dir).1.sharing(), 'p');
}

#[test]
fn private_writes_never_reach_the_file() {
    let dir = Scratch::new("as-private-file-disk");
    let (path, _) = private_file_round(&dir);
    // std's read, an oracle independent of our wrappers.
    let back = std::fs::read(path.to_str().unwrap()).unwrap();
    assert_eq!(&back[..LEN], &ORIGINAL);
}

// ---- part 5: mmap(MAP_SHARED | MAP_ANONYMOUS), made through rustix ----

fn shared_anonymous_round() -> Round {
    let page = page_size();
    // SAFETY: no fixed address; the kernel picks unused space.
    let p = unsafe {
        rx::mmap_anonymous(
            std::ptr::null_mut(),
            page,
            rx::ProtFlags::READ | rx::ProtFlags::WRITE,
            rx::MapFlags::SHARED,
        )
    }
    .unwrap()
    .cast::<u8>();
    // SAFETY: the fresh page is ours until the munmap below.
    let r = unsafe {
        write_value(p, &ORIGINAL);
        round(p)
    };
    // SAFETY: nothing refers to the page any more.
    unsafe { rx::munmap(p.cast(), page) }.unwrap();
    r
}

#[test]
fn a_shared_anonymous_page_has_the_same_address_and_maps_line_in_the_child() {
    assert_same_address(&shared_anonymous_round());
}

#[test]
fn a_shared_anonymous_page_is_one_page_in_both_processes() {
    assert_shared(&shared_anonymous_round());
}

#[test]
fn a_shared_anonymous_mapping_is_marked_s() {
    assert_eq!(shared_anonymous_round().sharing(), 's');
}

// ---- part 6: mmap(MAP_SHARED) of a file ----

fn shared_file_round(dir: &Scratch) -> (std::ffi::CString, Round) {
    let (path, fd) = one_page_file(dir, "shared.txt");
    let map = Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )
    .unwrap();
    // SAFETY: `map` outlives the round.
    (path, unsafe { round(map.as_ptr()) })
}

#[test]
fn a_shared_file_page_has_the_same_address_and_maps_line_in_the_child() {
    let dir = Scratch::new("as-shared-file-addr");
    assert_same_address(&shared_file_round(&dir).1);
}

#[test]
fn a_shared_file_page_is_one_page_in_both_processes() {
    let dir = Scratch::new("as-shared-file-both");
    assert_shared(&shared_file_round(&dir).1);
}

#[test]
fn a_shared_file_mapping_is_marked_s() {
    let dir = Scratch::new("as-shared-file-s");
    assert_eq!(shared_file_round(&dir).1.sharing(), 's');
}

#[test]
fn a_shared_file_mapping_names_the_file_in_maps() {
    let dir = Scratch::new("as-shared-file-name");
    let (_, r) = shared_file_round(&dir);
    assert!(r.parent_line.ends_with("/shared.txt"), "{}", r.parent_line);
}

#[test]
fn the_childs_shared_store_is_in_the_file_for_read() {
    let dir = Scratch::new("as-shared-file-disk");
    let (path, _) = shared_file_round(&dir);
    let back = std::fs::read(path.to_str().unwrap()).unwrap();
    assert_eq!(&back[..LEN], &BY_CHILD);
    assert_eq!(
        &tests::read_back(&path)[..LEN],
        &BY_CHILD,
        "and through read(2)"
    );
}
